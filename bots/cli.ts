/**
 * The `talkwatch` command line. Commands that need the database run through the service when it holds the
 * embedded database (PGlite admits one process), and open the database themselves otherwise.
 *
 * Every command costs a Node start, so this file and the command groups load only what registering the commands
 * needs; a command loads the rest when it runs. `talkwatch --help` and a command handed to the running service
 * load no database driver, schema library or rule tables.
 */
import { request } from 'node:http';
import { Command, CommanderError } from 'commander';
import { DatabaseError } from '../db/errors.ts';
import { chatCommands } from './commands/chat.ts';
import { classifierCommands } from './commands/classify.ts';
import { dbCommands } from './commands/db.ts';
import { demoCommand } from './commands/demo.ts';
import { dashboardCommand } from './commands/dashboard.ts';
import { feedsCommands, pollCommand } from './commands/feeds.ts';
import { startCommand } from './commands/start.ts';
import type { CommandGroup, Io, Runtime } from './commands/types.ts';
import type { Config } from './config.ts';
import { ConfigError, StartupError } from './errors.ts';
import { embeddedDataDir } from './locate.ts';
import { DataDirLock, LockedError, readLock, type LockInfo } from './lock.ts';
import { blankValues, secretValues } from './redact.ts';
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

const groups: CommandGroup[] = [startCommand(runInService), dbCommands, feedsCommands, pollCommand, classifierCommands, ...chatCommands, dashboardCommand, demoCommand];

export async function main(argv: string[], given: Io = stdio): Promise<number> {
  // Whatever a command prints, a secret of the environment is never part of it.
  const secrets = secretValues(process.env);
  const io: Io = { out: (t) => given.out(blankValues(t, secrets)), err: (t) => given.err(blankValues(t, secrets)) };
  try {
    if (groups.some((g) => g.needsDatabase && g.name === argv[0])) {
      const dataDir = embeddedDataDir(process.env, process.cwd());
      const holder = dataDir ? readLock(dataDir) : null;
      if (holder?.role === 'service' && holder.port) return await forward(holder, argv, io);
    }
    // Help reads no configuration, so it loads none: that would be the slowest part of `talkwatch --help`.
    const loadConfig = wantsHelp(argv) ? noConfig : (await import('./config.ts')).loadConfig;
    return await run(argv, io, localRuntime(loadConfig));
  } catch (error) {
    return report(error, io);
  }
}

const HELP = new Set(['--help', '-h', '--version', '-V']);

function wantsHelp(argv: string[]): boolean {
  const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return own.length === 0 || own[0] === 'help' || own.some((a) => HELP.has(a));
}

const noConfig = (): Config => {
  throw new Error('help was asked for, so no configuration was loaded');
};

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

function localRuntime(loadConfig: () => Config): Runtime {
  let config: Config | null = null;
  const getConfig = () => (config ??= loadConfig());
  return {
    config: getConfig,
    async withApp(fn) {
      const cfg = getConfig();
      const [{ createApp, openDatabase, prepareDataDir }, { createLogger }] = await Promise.all([import('./app.ts'), import('./logger.ts')]);
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
  let response: { status: number; body: string };
  try {
    response = await post(holder.port!, holder.token, JSON.stringify({ argv }));
  } catch (error) {
    throw new StartupError(
      `the running service (pid ${holder.pid}) holds the database but does not answer on port ${holder.port} (${(error as Error).message}): check that it is healthy, or stop it and retry.`,
    );
  }
  if (response.status !== 200) throw new StartupError(`the running service refused the command (HTTP ${response.status}); retry in a moment.`);
  const result = JSON.parse(response.body) as { code: number; stdout: string; stderr: string };
  if (result.stdout) io.out(result.stdout);
  if (result.stderr) io.err(result.stderr);
  return result.code;
}

/** node:http rather than fetch: fetch's first use costs a forwarded command a noticeable share of its time. */
function post(port: number, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/internal/cli', method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
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
