import { describe, expect, it } from 'vitest';
import { isSecretField, redactText, secretValues } from '../../bots/redact.ts';
import { loadConfig } from '../../bots/config.ts';

describe('redacting text', () => {
  it.each([
    ['postgres://tw:pw@db/tw', 'postgres://tw:[redacted]@db/tw'],
    ['at postgres://tw:p@ss@db:5432/tw, then', 'at postgres://tw:[redacted]@db:5432/tw, then'],
    ['postgres://db/tw?sslmode=require&password=pw&sslpassword=x', 'postgres://db/tw?sslmode=require&password=[redacted]&sslpassword=[redacted]'],
    ['https://example.org/rss?api_key=abc&page=2', 'https://example.org/rss?api_key=[redacted]&page=2'],
    ['postgres://tw@db/tw and https://example.org/feed', 'postgres://tw@db/tw and https://example.org/feed'],
  ])('%s', (text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  it('blanks a known value as typed, URL-encoded or JSON-escaped, once it has 8 characters', () => {
    const secrets = ['s3cr3t/with"quote', 'short'];
    expect(redactText('a s3cr3t/with"quote b', secrets)).toBe('a [redacted] b');
    expect(redactText(`a ${encodeURIComponent('s3cr3t/with"quote')} b`, secrets)).toBe('a [redacted] b');
    expect(redactText(JSON.stringify({ v: 's3cr3t/with"quote' }), secrets)).toBe('{"v":"[redacted]"}');
    expect(redactText('a short word', secrets)).toBe('a short word');
  });

  it('knows secret fields by name, in any case', () => {
    for (const name of ['token', 'botToken', 'SLACK_APP_TOKEN', 'Authorization', 'client_secret', 'password', 'Cookie', 'x-api-key', 'databaseUrl']) {
      expect(isSecretField(name), name).toBe(true);
    }
    for (const name of ['key', 'feedId', 'url', 'title', 'msg']) expect(isSecretField(name), name).toBe(false);
  });

  it('takes the secret values of an environment by the variable\'s name, and from URLs', () => {
    const values = secretValues({
      TALKWATCH_SECRET_KEY: 'k1', SLACK_CLIENT_SECRET: 'c1', DB_PASSWORD: 'p1', SOME_TOKEN: 't1',
      DATABASE_URL: 'postgres://tw:url%40pw@db/tw?password=param-pw', PATH: '/usr/bin', PORT: '3000',
    });
    expect(values.sort()).toEqual(['c1', 'k1', 'p1', 'param-pw', 't1', 'url@pw']);
  });

  it('names a bad secret variable without its value, and a bad URL without its password', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-abcdefgh', SLACK_SIGNING_SECRET: 's' })).toThrow(/^SLACK_BOT_TOKEN=xoxp-…\(hidden\) is not valid/);
    expect(() => loadConfig({ DISCORD_APPLICATION_ID: 'abc', DISCORD_TOKEN: 'x' })).toThrow(/^DISCORD_APPLICATION_ID="abc" is not valid/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://tw:hunter22@db/tw?password=hunter33 x' })).toThrow(
      'DATABASE_URL="postgres://tw:[redacted]@db/tw?password=[redacted] x" is not valid',
    );
  });
});
