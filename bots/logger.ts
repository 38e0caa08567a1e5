import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { PrettyOptions } from 'pino-pretty';

export type { Logger };

// Paths pino blanks out wherever they appear in a log object, so a token never reaches a log line.
const REDACT = [
  'token', 'botToken', 'appToken', 'signingSecret', 'password', 'authorization',
  '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.password', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'config.slack', 'config.discord', 'databaseUrl', '*.databaseUrl',
];

export interface LogOptions {
  /** readable lines instead of JSON; by default when standard error is a terminal (a person is reading) */
  pretty?: boolean;
}

/**
 * The service's log on standard error (or `destination`): JSON lines for files and log collectors, readable lines
 * (pino's own pretty printer) when a person reads a terminal. Secrets are redacted either way.
 */
export function createLogger(level: string, destination?: DestinationStream, options: LogOptions = {}): Logger {
  const pretty = options.pretty ?? (destination === undefined && process.stderr.isTTY === true);
  const stream = pretty ? prettyStream(destination) : (destination ?? pino.destination({ dest: 2, sync: true }));
  return pino({ name: 'talkwatch', level, redact: { paths: REDACT, censor: '[redacted]' }, base: { pid: process.pid } }, stream);
}

function prettyStream(destination?: DestinationStream): DestinationStream {
  // loaded only for a terminal: a service writing JSON never pays for it
  const pretty = createRequire(import.meta.url)('pino-pretty') as (options: PrettyOptions) => DestinationStream;
  return pretty({
    destination: destination ?? 2,
    sync: true,
    colorize: destination === undefined,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
  });
}
