import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bots/config.ts';
import { FastClock } from '../../core/clock.ts';
import { scratchDir } from '../support/cli.ts';

const cwd = scratchDir('talkwatch-config-');
const file = (name: string, text: string) => {
  writeFileSync(path.join(cwd, name), text);
  return name;
};

describe('configuration', () => {
  it('defaults to the embedded database in ./data on port 3000 with the console', () => {
    const config = loadConfig({}, cwd);
    expect(config).toMatchObject({ databaseUrl: null, dataDir: path.join(cwd, 'data'), port: 3000, slack: null, discord: null, allowPrivateFeeds: false });
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://u:p@db:5432/tw',
        TALKWATCH_DATA_DIR: '/var/lib/tw',
        TALKWATCH_ALLOW_PRIVATE_FEEDS: 'true',
        PORT: '8080',
        SLACK_BOT_TOKEN: 'xoxb-1',
        SLACK_SIGNING_SECRET: 's',
        DISCORD_TOKEN: 'd',
        DISCORD_APPLICATION_ID: '123456789012345678',
      },
      cwd,
    );
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/tw');
    expect(config.dataDir).toBe('/var/lib/tw');
    expect(config.allowPrivateFeeds).toBe(true);
    expect(config.port).toBe(8080);
    expect(config.slack?.signingSecret).toBe('s');
    expect(config.discord?.applicationId).toBe('123456789012345678');
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT="abc" is not valid: use a whole number from 0 to 65535/],
    [{ PORT: '70000' }, /^PORT="70000" is not valid/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL="mysql:\/\/x" is not valid: use a URL like postgres:/],
    [{ TALKWATCH_ALLOW_PRIVATE_FEEDS: 'maybe' }, /^TALKWATCH_ALLOW_PRIVATE_FEEDS="maybe" is not valid: use 1 or true/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud" is not valid: use one of/],
    [{ SLACK_BOT_TOKEN: 'xoxp-secretsecret', SLACK_SIGNING_SECRET: 's' }, /^SLACK_BOT_TOKEN=xoxp-…\(hidden\) is not valid: a Slack bot token starts with xoxb-/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is not/],
    [{ SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN is not set/],
    [{ DISCORD_TOKEN: 'd' }, /DISCORD_APPLICATION_ID is not/],
    [{ DISCORD_TOKEN: 'd', DISCORD_APPLICATION_ID: 'abc' }, /^DISCORD_APPLICATION_ID="abc" is not valid/],
    [{ TALKWATCH_CONFIG: 'missing.yaml' }, /^TALKWATCH_CONFIG="missing.yaml" cannot be read \(ENOENT\)/],
    [{ TALKWATCH_CONFIG: file('broken.yaml', 'slack: [unclosed\n') }, /^config file broken.yaml is not valid YAML/],
    [{ TALKWATCH_CONFIG: file('typo.yaml', 'slak:\n  admins: [U1]\n') }, /^config file typo.yaml: top level: .*\(slak\)/],
    [{ TALKWATCH_CONFIG: file('time.yaml', 'digest:\n  time: "9am"\n') }, /^config file time.yaml: digest.time: use HH:MM/],
    [{ TALKWATCH_CONFIG: file('zone.yaml', 'digest:\n  timezone: Mars/Olympus\n') }, /^config file zone.yaml: digest.timezone: use an IANA timezone name/],
    [{ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c' }, /Slack OAuth needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together/],
    [{ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', SLACK_SIGNING_SECRET: 's' }, /sealed with TALKWATCH_SECRET_KEY: set it/],
    [{ SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', TALKWATCH_SECRET_KEY: 'k'.repeat(32) }, /Slack OAuth needs SLACK_SIGNING_SECRET too/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', SLACK_SIGNING_SECRET: 's', TALKWATCH_SECRET_KEY: 'k'.repeat(32) }, /SLACK_BOT_TOKEN serves one workspace; with the OAuth variables/],
    [{ TALKWATCH_SECRET_KEY: 'short' }, /^TALKWATCH_SECRET_KEY=\(hidden\) is not valid: use at least 32 characters/],
    [{ TALKWATCH_CONFIG: file('ops.yaml', 'operators:\n  slack: [alice]\n') }, /^config file ops.yaml: operators.slack.0: a Slack user id/],
    [{ TALKWATCH_CONFIG: file('limits.yaml', 'limits:\n  feeds: -1\n') }, /^config file limits.yaml: limits.feeds:/],
  ])('refuses %o with one line naming it and the fix', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv, cwd);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });

  it('never prints a secret in full', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxp-very-secret-value', SLACK_SIGNING_SECRET: 's' }, cwd)).toThrow(ConfigError);
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxp-very-secret-value', SLACK_SIGNING_SECRET: 's' }, cwd);
    } catch (e) {
      expect((e as Error).message).not.toContain('very-secret');
    }
  });

  it('reads Slack OAuth, operators and limits', () => {
    const name = file('tenants.yaml', 'operators:\n  slack: [U0OPS]\n  discord: ["234567890123456789"]\nlimits:\n  feeds: 5\n');
    const config = loadConfig(
      { TALKWATCH_CONFIG: name, SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'c', SLACK_STATE_SECRET: 's', SLACK_SIGNING_SECRET: 's', TALKWATCH_SECRET_KEY: 'k'.repeat(32) },
      cwd,
    );
    expect(config.slack).toMatchObject({ botToken: null, operators: ['U0OPS'], oauth: { clientId: '1.2', stateSecret: 's' } });
    expect(config.operators).toEqual({ slack: ['U0OPS'], discord: ['234567890123456789'] });
    expect(config.limits).toEqual({ feeds: 5, subscriptions: 100, digestNowMinutes: 10 });
  });

  it('reads a valid YAML file', () => {
    const name = file('ok.yaml', 'topic: iran-us\nslack:\n  admins: [U1, U2]\ndigest:\n  time: "07:30"\n  timezone: Asia/Karachi\n');
    const config = loadConfig({ TALKWATCH_CONFIG: name, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, cwd);
    expect(config.slack?.admins).toEqual(['U1', 'U2']);
    expect(config.file.digest).toEqual({ time: '07:30', timezone: 'Asia/Karachi' });
  });
});

describe('TALKWATCH_FAST_CLOCK (tests only)', () => {
  it('is off by default: the calendar is real time', () => {
    expect(loadConfig({}, cwd).fastClock).toBeNull();
  });

  it('reads the simulated start, the real instant it maps to, and the speed; every process agrees on the time', () => {
    const config = loadConfig({ TALKWATCH_FAST_CLOCK: '2026-04-06T00:00:00Z, 2026-11-30T12:00:00Z, 1440' }, cwd);
    expect(config.fastClock).toEqual({ simulated: new Date('2026-04-06T00:00:00Z'), realAt: new Date('2026-11-30T12:00:00Z'), speed: 1440 });
    const clock = new FastClock(config.fastClock!.simulated, config.fastClock!.realAt, 1440, () => Date.parse('2026-11-30T12:01:00Z'));
    // one real minute is one simulated day
    expect(clock.now().toISOString()).toBe('2026-04-07T00:00:00.000Z');
  });

  it.each(['soon', '2026-04-06T00:00:00Z,2026-11-30T12:00:00Z', '2026-04-06T00:00:00Z,2026-11-30T12:00:00Z,0', 'x,2026-11-30T12:00:00Z,60'])('refuses %j with the form to use', (value) => {
    expect(() => loadConfig({ TALKWATCH_FAST_CLOCK: value }, cwd)).toThrow(/^TALKWATCH_FAST_CLOCK=.* is not valid: use SIMULATED,REAL,SPEED, e\.g\. /);
  });
});
