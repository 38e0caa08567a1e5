/**
 * The `talkwatch` command line. Commands that need the database run through the service when it holds the
 * embedded database (PGlite admits one process), and open the database themselves otherwise.
 */
import { Command, CommanderError } from 'commander';
import { DatabaseError } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { openDatabase, prepareDataDir, StartupError, systemClock, type App } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { DataDirLock, LockedError, readLock, type LockInfo } from './lock.ts';
import { createLogger } from './logger.ts';
import { startService } from './service.ts';
import { VERSION } from './version.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const stdio: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Commands that open the database; these are forwarded to a running service on the embedded database. */
const DATABASE_COMMANDS = new Set(['db']);

interface Runtime {
  config(): Config;
  withApp<T>(fn: (app: App) => Promise<T>): Promise<T>;
}

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  try {
    const runtime = localRuntime();
    if (DATABASE_COMMANDS.has(argv[0] ?? '')) {
      const config = runtime.config();
      const holder = config.databaseUrl ? null : readLock(config.dataDir);
      if (holder?.role === 'service' && holder.port) return await forward(holder, argv, io);
    }
    return await run(argv, io, runtime);
  } catch (error) {
    return report(error, io);
  }
}

/** What the service runs for a forwarded command line: the same program, on the service's own database. */
export async function runInService(argv: string[], app: App): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { out: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`), err: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`) };
  const runtime: Runtime = { config: () => app.config, withApp: (fn) => fn(app) };
  let code: number;
  try {
    code = await run(argv, io, runtime);
  } catch (error) {
    code = report(error, io);
  }
  return { code, stdout, stderr };
}

async function run(argv: string[], io: Io, runtime: Runtime): Promise<number> {
  let code = 0;
  const program = buildProgram(io, runtime, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return code;
}

function buildProgram(io: Io, runtime: Runtime, setCode: (code: number) => void): Command {
  const program = new Command('talkwatch')
    .description('Watch news of a negotiation, label it progress, stall or neutral, and tell chat channels.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run talkwatch --help for the commands)');

  program
    .command('start')
    .description('run the service: polling, digests, alerts and the chat front ends')
    .action(async () => setCode(await runStart(runtime.config())));

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending database migrations')
    .action(() =>
      runtime.withApp(async (app) => {
        const { applied, total } = await migrate(app.database);
        io.out(applied === 0 ? `database is up to date (${total} migrations)` : `applied ${applied} of ${total} migrations`);
      }),
    );

  return program;
}

function localRuntime(): Runtime {
  let config: Config | null = null;
  const getConfig = () => (config ??= loadConfig());
  return {
    config: getConfig,
    async withApp(fn) {
      const cfg = getConfig();
      const log = createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel);
      let release = () => {};
      if (!cfg.databaseUrl) {
        const undo = prepareDataDir(cfg.dataDir);
        try {
          const lock = DataDirLock.acquire(cfg.dataDir, 'cli');
          release = () => {
            lock.release();
            undo();
          };
        } catch (error) {
          undo();
          throw error;
        }
      }
      try {
        const database = await openDatabase(cfg, log);
        try {
          return await fn({ config: cfg, log, clock: systemClock, database });
        } finally {
          await database.close();
        }
      } finally {
        release();
      }
    },
  };
}

async function runStart(config: Config): Promise<number> {
  const log = createLogger(config.logLevel);
  const service = await startService(config, log, runInService);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'signal received');
      // The service promises to be gone within 10 s; if in-flight work hangs, leave without it.
      const guard = setTimeout(() => {
        log.error('shutdown took longer than 9 s; exiting without waiting further');
        process.exit(1);
      }, 9_000);
      guard.unref();
      service.stop().then(
        () => resolve(0),
        (error: unknown) => {
          log.error({ err: error }, 'error while stopping');
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}

async function forward(holder: LockInfo, argv: string[], io: Io): Promise<number> {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${holder.port}/internal/cli`, {
      method: 'POST',
      headers: { authorization: `Bearer ${holder.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv }),
    });
  } catch (error) {
    throw new StartupError(
      `the running service (pid ${holder.pid}) holds the database but does not answer on port ${holder.port} (${(error as Error).message}): check that it is healthy, or stop it and retry.`,
    );
  }
  if (!response.ok) throw new StartupError(`the running service refused the command (HTTP ${response.status}); retry in a moment.`);
  const result = (await response.json()) as { code: number; stdout: string; stderr: string };
  if (result.stdout) io.out(result.stdout);
  if (result.stderr) io.err(result.stderr);
  return result.code;
}

/** Known failures are one line with the fix; anything else is a bug and says so. */
function report(error: unknown, io: Io): number {
  if (error instanceof ConfigError || error instanceof StartupError || error instanceof DatabaseError) {
    io.err(`talkwatch: ${error.message}`);
  } else if (error instanceof LockedError) {
    io.err(`talkwatch: ${error.message}; wait for it to finish and retry.`);
  } else {
    io.err(`talkwatch: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
  }
  return 1;
}
