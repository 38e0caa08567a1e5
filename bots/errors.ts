/**
 * The failures the CLI prints as one line with the fix. They live apart from the code that raises them, so the CLI
 * recognises them without loading that code: `talkwatch --help` loads no database driver or schema library.
 */

/** A bad environment variable or config file. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

// A start-up failure that the CLI prints as one line, with the fix, and exits 1: core's, which front ends throw too.
export { StartupError } from '../core/ports.ts';
