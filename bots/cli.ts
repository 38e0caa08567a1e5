/**
 * The `talkwatch` command line. Commands that need the database run through the service when it holds the
 * embedded database (PGlite admits one process), and open the database themselves otherwise.
 */
import { Command, CommanderError } from 'commander';
import { DatabaseError } from '../db/connect.ts';
import { createApp, openDatabase, prepareDataDir, StartupError } from './app.ts';
import { chatCommands } from './commands/chat.ts';
import { classifierCommands } from './commands/classify.ts';
import { dbCommands } from './commands/db.ts';
import { demoCommand } from './commands/demo.ts';
import { feedsCommands, pollCommand } from './commands/feeds.ts';
import { startCommand } from './commands/start.ts';
import type { CommandGroup, Io, Runtime } from './commands/types.ts';
import { ConfigError, environmentSecrets, loadConfig, type Config } from './config.ts';
import { DataDirLock, LockedError, readLock, type LockInfo } from './lock.ts';
import { createLogger } from './logger.ts';
import { blankValues } from './redact.ts';
import type { CliBridge } from './service.ts';
import { VERSION } from './version.ts';

export type { Io };

const stdio: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** What the service runs for a forwarded command line: the same program, on the service's own database. */
export const runInService: CliBridge = async (argv, app) => {
  let stdout = '';
  let stderr = '';
  const line = (t: string) => blankValues(t.endsWith('\n') ? t : `${t}\n`, app.config.secrets);
  const io: Io = { out: (t) => (stdout += line(t)), err: (t) => (stderr += line(t)) };
  const runtime: Runtime = { config: () => app.config, withApp: (fn) => fn(app) };
  let code: number;
  try {
    code = await run(argv, io, runtime);
  } catch (error) {
    code = report(error, io);
  }
  return { code, stdout, stderr };
};

const groups: CommandGroup[] = [startCommand(runInService), dbCommands, feedsCommands, pollCommand, classifierCommands, ...chatCommands, demoCommand];

export async function main(argv: string[], given: Io = stdio): Promise<number> {
  // Whatever a command prints, a secret of the environment is never part of it.
  const secrets = environmentSecrets();
  const io: Io = { out: (t) => given.out(blankValues(t, secrets)), err: (t) => given.err(blankValues(t, secrets)) };
  try {
    const runtime = localRuntime();
    if (groups.some((g) => g.needsDatabase && g.name === argv[0])) {
      const config = runtime.config();
      const holder = config.databaseUrl ? null : readLock(config.dataDir);
      if (holder?.role === 'service' && holder.port) return await forward(holder, argv, io);
    }
    return await run(argv, io, runtime);
  } catch (error) {
    return report(error, io);
  }
}

async function run(argv: string[], io: Io, runtime: Runtime): Promise<number> {
  let code = 0;
  const program = new Command('talkwatch')
    .description('Watch news of a negotiation, label it progress, stall or neutral, and tell chat channels.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run talkwatch --help for the commands)');
  for (const group of groups) group.register(program, { io, runtime, setExitCode: (c) => (code = c) });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return code;
}

function localRuntime(): Runtime {
  let config: Config | null = null;
  const getConfig = () => (config ??= loadConfig());
  return {
    config: getConfig,
    async withApp(fn) {
      const cfg = getConfig();
      // A one-off command prints its own results; routine database logs would only be noise.
      const log = createLogger(cfg.logLevel === 'info' ? 'warn' : cfg.logLevel, undefined, cfg.secrets);
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
          return await fn(createApp(cfg, log, database));
        } finally {
          await database.close();
        }
      } finally {
        release();
      }
    },
  };
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
    // A bug's report, bounded: a database error can carry a whole statement with its parameters.
    const text = (error as Error)?.stack ?? String(error);
    io.err(`talkwatch: unexpected error: ${text.length > 4_000 ? `${text.slice(0, 4_000)}…(cut)` : text}`);
  }
  return 1;
}
