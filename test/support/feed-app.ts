/** An App on a test database, as the service would wire it, with its log lines kept and a clock the test moves by hand. */
import { Writable } from 'node:stream';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { createLogger } from '../../bots/logger.ts';
import { ManualClock } from '../../core/clock.ts';
import type { Database } from '../../db/connect.ts';

export function feedTestApp(database: Database, env: Record<string, string> = {}, clock = new ManualClock('2026-11-21T12:00:00Z')): App & { clock: ManualClock; logs: string[] } {
  const config = loadConfig({ TALKWATCH_DEFAULT_FEEDS: '0', ...env }, process.cwd());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const app = createApp(config, createLogger('debug', sink), database, clock);
  return { ...app, clock, logs };
}
