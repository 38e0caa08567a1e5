/**
 * The composition root's wiring: what a command or the service needs, built once from the config. Later parts
 * (stores, classifier, deliverer) hang off this.
 */
import { accessSync, constants, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import type { Clock } from '../core/clock.ts';
import { openEmbedded, openServer, type Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import type { RuleClassifier } from '../core/rules/index.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { loadClassifier } from './rules.ts';

export interface App {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  /** the rule tables, compiled once: the defaults, or merged with the config's rules file */
  classifier: RuleClassifier;
}

export const systemClock: Clock = { now: () => new Date() };

/** One place that wires an App, for the service and for one-off CLI commands alike. */
export function createApp(config: Config, log: Logger, database: Database, clock: Clock = systemClock): App {
  return { config, log, clock, database, classifier: loadClassifier(config) };
}

/** A start-up failure that the CLI prints as one line, with the fix, and exits 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * Make sure the data directory exists and is writable. Returns an undo that removes it again if this call
 * created it and it is still empty, so a failed first start leaves nothing behind.
 */
export function prepareDataDir(dataDir: string): () => void {
  let created = false;
  try {
    created = mkdirSync(dataDir, { recursive: true }) !== undefined;
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new StartupError(
      `cannot write to the data directory ${dataDir} (${code}): set TALKWATCH_DATA_DIR to a directory you can write, or fix its permissions.`,
    );
  }
  return () => {
    if (!created) return;
    try {
      if (readdirSync(dataDir).length === 0) rmdirSync(dataDir);
    } catch {
      // left in place: harmless
    }
  };
}

/** Open the configured database and apply pending migrations. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const database = config.databaseUrl ? await openServer(config.databaseUrl) : await openEmbedded(config.dataDir);
  try {
    const { applied, total } = await migrate(database);
    log.info({ database: database.where, applied, total }, 'database ready');
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
  return database;
}
