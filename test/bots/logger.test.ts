import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bots/logger.ts';
import { loadConfig } from '../../bots/config.ts';

describe('logs', () => {
  it('are JSON lines with tokens and secrets redacted', () => {
    let text = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        text += chunk.toString();
        done();
      },
    });
    const log = createLogger('info', sink);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-SECRET1', SLACK_SIGNING_SECRET: 'SECRET2', DATABASE_URL: 'postgres://u:SECRET3@h/db' });
    log.info({ config, token: 'SECRET4', req: { headers: { authorization: 'Bearer SECRET5' } } }, 'hello');
    const line = JSON.parse(text.trim()) as Record<string, unknown>;
    expect(line.msg).toBe('hello');
    expect(text).not.toMatch(/SECRET\d/);
    expect(text).toContain('[redacted]');
  });
});
