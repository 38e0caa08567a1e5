import { pino, type Logger } from 'pino';

export type { Logger };

// Paths pino blanks out wherever they appear in a log object, so a token never reaches a log line.
const REDACT = [
  'token', 'botToken', 'appToken', 'signingSecret', 'password', 'authorization',
  '*.token', '*.botToken', '*.appToken', '*.signingSecret', '*.password', '*.authorization',
  'headers.authorization', 'req.headers.authorization', 'config.slack', 'config.discord', 'databaseUrl', '*.databaseUrl',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: 'talkwatch',
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { pid: process.pid },
    },
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
}
