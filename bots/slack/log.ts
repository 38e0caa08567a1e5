/** Bolt's and the Web API client's log lines, into the service's pino logger (JSON, secrets redacted). */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Log } from '../../core/ports.ts';

const text = (parts: unknown[]) =>
  parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : JSON.stringify(p))).join(' ');

export function boltLogger(log: Log): BoltLogger {
  const errorOf = (parts: unknown[]) => parts.find((p): p is Error => p instanceof Error);
  return {
    debug: (...parts) => log.debug(text(parts)),
    info: (...parts) => log.info(text(parts)),
    warn: (...parts) => log.warn(text(parts)),
    error: (...parts) => {
      const err = errorOf(parts);
      if (err) log.error({ err }, text(parts));
      else log.error(text(parts));
    },
    // the service's LOG_LEVEL decides; Bolt's own setting is ignored
    setLevel: () => {},
    getLevel: () => (log.isLevelEnabled('debug') ? LogLevel.DEBUG : log.isLevelEnabled('info') ? LogLevel.INFO : LogLevel.WARN),
    setName: () => {},
  };
}
