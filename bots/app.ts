/**
 * The composition root's wiring: what a command or the service needs, built once from the config.
 */
import { accessSync, constants, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { FastClock, type Clock } from '../core/clock.ts';
import { createCommandRunner } from '../core/commands/handler.ts';
import { RoleCheckError } from '../core/commands/errors.ts';
import { StartupError, type CommandRunner } from '../core/ports.ts';
import { DEFAULT_DIGEST_TIME, DEFAULT_TIMEZONE } from '../core/schedule.ts';
import type { Store } from '../core/store.ts';
import { DatabaseError, openEmbedded, openServer, type Database } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { outbox, type Outbox } from '../db/outbox.ts';
import { createStore } from '../db/store.ts';
import { DEFAULT_TOPIC, type RuleClassifier } from '../core/rules/index.ts';
import type { Config } from './config.ts';
import { ConfigError } from './errors.ts';
import { vetFeedUrl } from './feed-url.ts';
import { DashboardLinks, keyFromSecret } from './dashboard/links.ts';
import { storedSigningKey } from '../db/dashboard-reads.ts';
import type { Logger } from './logger.ts';
import { loadClassifier } from './rules.ts';

export interface App {
  config: Config;
  log: Logger;
  clock: Clock;
  database: Database;
  store: Store;
  outbox: Outbox;
  /** the rule tables, compiled once: the defaults, or merged with the config's rules file */
  classifier: RuleClassifier;
  topics: string[];
  defaultTopic: string;
  run: CommandRunner;
  /** signs and checks status page links */
  dashboard: DashboardLinks;
  /** Ask the deliverer to send what is due now; a no-op where no deliverer runs (one-off CLI commands). */
  readonly wake: () => void;
}

export const systemClock: Clock = { now: () => new Date() };

/** The service's calendar: real time, or the fast one TALKWATCH_FAST_CLOCK asks for (tests). */
export function clockFor(config: Config): Clock {
  const fast = config.fastClock;
  return fast ? new FastClock(fast.simulated, fast.realAt, fast.speed, () => Date.now()) : systemClock;
}

/**
 * One place that wires an App, for the service and for one-off CLI commands alike. `wake` asks the service's
 * deliverer to send now (the service builds its deliverer first); elsewhere the next run sends.
 */
export function createApp(
  config: Config,
  log: Logger,
  database: Database,
  clock: Clock = systemClock,
  classifier = loadClassifier(config),
  wake: () => void = () => {},
): App {
  const topics = classifier.topics();
  const store = createStore(database.db);
  const defaultTopic = config.file.topic ?? DEFAULT_TOPIC;
  if (!topics.includes(defaultTopic)) {
    throw new ConfigError(`config file: topic "${defaultTopic}" has no topic table (known: ${topics.join(', ')}): add one in the rules file, or change topic.`);
  }
  const dashboard = new DashboardLinks(
    config.dashboard.baseUrl,
    async () => (config.dashboard.key ? keyFromSecret(config.dashboard.key) : storedSigningKey(database.db)),
    clock,
  );
  return {
    config,
    log,
    clock,
    database,
    dashboard,
    store,
    outbox: outbox(database.db),
    classifier,
    topics,
    defaultTopic,
    wake,
    run: createCommandRunner(
      {
        store,
        classifier,
        clock,
        topics,
        defaultTopic,
        digestDefaults: { time: config.file.digest?.time ?? DEFAULT_DIGEST_TIME, timezone: config.file.digest?.timezone ?? DEFAULT_TIMEZONE },
        limits: config.limits,
        checkFeedUrl: (url) => vetFeedUrl(url, config),
        wake,
        dashboardLink: (tenant) => dashboard.link(tenant),
      },
      (error) =>
        error instanceof RoleCheckError ? log.warn({ err: error }, 'could not check a role; the person was told') : log.error({ err: error }, 'command failed'),
    ),
  };
}

export { StartupError };

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
export async function openDatabase(config: Config, log: Logger, onConnectionLost?: (error: Error) => void): Promise<Database> {
  const database = config.databaseUrl ? await openServer(config.databaseUrl, { onConnectionLost }) : await openEmbedded(config.dataDir);
  try {
    const { applied, total } = await migrate(database);
    log.info({ database: database.where, applied, total }, 'database ready');
  } catch (error) {
    await database.close().catch(() => {});
    const cause = ((error as { cause?: Error }).cause?.message ?? (error as Error).message).split('\n')[0];
    throw new DatabaseError(
      `could not bring the ${database.where} up to date (${cause}): it may have been made by another version of talkwatch; back it up, then point talkwatch at an empty database.`,
      { cause: error },
    );
  }
  return database;
}
