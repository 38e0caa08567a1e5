import type { Command } from 'commander';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** How a command reaches configuration and the database: locally, or inside the running service. */
export interface Runtime {
  config(): Config;
  withApp<T>(fn: (app: App) => Promise<T>): Promise<T>;
}

export interface CommandContext {
  io: Io;
  runtime: Runtime;
  /** The process exit code once the command finishes (0 unless set). */
  setExitCode(code: number): void;
}

/**
 * A group of CLI commands. `needsDatabase` groups are forwarded to a running service that holds the embedded
 * database, so a user never has to stop the service to run them.
 */
export interface CommandGroup {
  name: string;
  needsDatabase: boolean;
  register(program: Command, ctx: CommandContext): void;
}
