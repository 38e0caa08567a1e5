import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bots/logger.ts';
import { loadConfig } from '../../bots/config.ts';

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

const secrets = () => ({
  config: loadConfig({ SLACK_BOT_TOKEN: 'xoxb-SECRET1', SLACK_SIGNING_SECRET: 'SECRET2', DATABASE_URL: 'postgres://u:SECRET3@h/db' }),
  token: 'SECRET4',
  req: { headers: { authorization: 'Bearer SECRET5' } },
});

describe('logs', () => {
  it('are JSON lines with tokens and secrets redacted', () => {
    const out = sink();
    createLogger('info', out.stream).info(secrets(), 'hello');
    const line = JSON.parse(out.text().trim()) as Record<string, unknown>;
    expect(line.msg).toBe('hello');
    expect(out.text()).not.toMatch(/SECRET\d/);
    expect(out.text()).toContain('[redacted]');
  });

  it('are readable lines for a person at a terminal, still redacted', () => {
    const out = sink();
    createLogger('info', out.stream, { pretty: true }).info({ ...secrets(), port: 3000 }, 'talkwatch is running');
    const text = out.text();
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: talkwatch is running\n/);
    expect(text).toContain('port: 3000');
    expect(() => JSON.parse(text)).toThrow();
    expect(text).not.toMatch(/SECRET\d/);
  });
});
