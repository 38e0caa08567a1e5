import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, LOG_LIMITS } from '../../bots/logger.ts';
import { loadConfig } from '../../bots/config.ts';

function sink(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, lines: () => text.trim().split('\n') };
}

describe('logs', () => {
  it('are JSON lines with tokens and secrets redacted', () => {
    const out = sink();
    const log = createLogger('info', out.stream);
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-SECRET1', SLACK_SIGNING_SECRET: 'SECRET2', DATABASE_URL: 'postgres://u:SECRET3@h/db' });
    log.info({ config, token: 'SECRET4', req: { headers: { authorization: 'Bearer SECRET5' } } }, 'hello');
    const line = JSON.parse(out.lines()[0]!) as Record<string, unknown>;
    expect(line.msg).toBe('hello');
    expect(out.lines().join('')).not.toMatch(/SECRET\d/);
    expect(out.lines().join('')).toContain('[redacted]');
  });

  it('blank secrets at any depth and in any case, inside URLs, and wherever a known secret value appears', () => {
    const out = sink();
    const log = createLogger('info', out.stream, ['discord-token-value-0123456789', 'signing-secret-value-abcdef']);
    const clientError = Object.assign(new Error('request failed with discord-token-value-0123456789 in it'), {
      config: { headers: { Authorization: 'Bot SECRET6', 'X-Api-Key': 'SECRET7' } },
    });
    log.error(
      {
        err: clientError,
        deep: { a: { b: { c: { SLACK_BOT_TOKEN: 'xoxb-SECRET8', clientSecret: 'SECRET9', Password: 'SECRETa', stateSecret: 'SECRETb' } } } },
        where: 'postgres://user:SECRETc@db.internal:5432/tw?sslmode=require&password=SECRETd',
      },
      'could not post; signing-secret-value-abcdef was set',
    );
    const text = out.lines().join('\n');
    expect(text).not.toMatch(/SECRET[0-9a-d]/);
    expect(text).not.toContain('discord-token-value-0123456789');
    expect(text).not.toContain('signing-secret-value-abcdef');
    const line = JSON.parse(text) as { where: string; err: { message: string } };
    expect(line.where).toBe('postgres://user:[redacted]@db.internal:5432/tw?sslmode=require&password=[redacted]');
    expect(line.err.message).toBe('request failed with [redacted] in it');
  });

  it('keep every line bounded, however large or deep what is logged', () => {
    const out = sink();
    const log = createLogger('info', out.stream);
    const statement = `Failed query: insert into "items" values ${'($1, $2, $3), '.repeat(5_000)} params: ${'x,'.repeat(20_000)}`;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 30; i++) deep = { next: deep };
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`field${i}`, 'v'.repeat(900)]));
    log.error({ err: Object.assign(new Error(statement), { cause: new Error(statement) }), deep, list: Array.from({ length: 10_000 }, (_, i) => i) });
    log.warn(wide, statement);
    log.info({ a: wide, b: wide, c: wide }, 'wide');
    const lines = out.lines();
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l.length).toBeLessThanOrEqual(LOG_LIMITS.line);
      expect(() => JSON.parse(l)).not.toThrow();
    }
    const first = JSON.parse(lines[0]!) as { msg: string; err: { message: string; cause: { message: string } }; list: unknown[] };
    expect(first.err.message.startsWith('Failed query: insert into "items"')).toBe(true);
    expect(first.err.message).toMatch(/…\(\d+ more characters\)$/);
    expect(first.msg.length).toBeLessThan(LOG_LIMITS.string + 40);
    expect(first.list).toHaveLength(LOG_LIMITS.items + 1);
    expect(JSON.parse(lines[2]!)).toMatchObject({ level: 30, msg: expect.stringMatching(/^a log line of \d+ characters was cut$/) });
  });

  it('are readable lines for a person at a terminal, still redacted', () => {
    const out = sink();
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-SECRET1', SLACK_SIGNING_SECRET: 'SECRET2', DATABASE_URL: 'postgres://u:SECRET3@h/db' });
    createLogger('info', out.stream, [], { pretty: true }).info({ config, token: 'SECRET4', req: { headers: { authorization: 'Bearer SECRET5' } }, port: 3000 }, 'talkwatch is running');
    const text = out.lines().join('\n');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: talkwatch is running\n/);
    expect(text).toContain('port: 3000');
    expect(() => JSON.parse(text)).toThrow();
    expect(text).not.toMatch(/SECRET\d/);
  });
});
