/**
 * Where the embedded database is, from the environment alone: enough for the CLI to see whether a running service
 * holds it and hand it the command line, without loading and checking the whole configuration (the service has
 * checked its own). For a valid environment, config.ts gives the same directory.
 */
import path from 'node:path';

export const DEFAULT_DATA_DIR = './data';

/** The embedded data directory, or null when DATABASE_URL names a server. */
export function embeddedDataDir(env: NodeJS.ProcessEnv, cwd: string): string | null {
  if (env.DATABASE_URL) return null;
  return path.resolve(cwd, env.TALKWATCH_DATA_DIR || DEFAULT_DATA_DIR);
}
