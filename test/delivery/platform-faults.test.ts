/**
 * Platforms misbehaving, through the real front ends and the deliverer: a storm of 429s, a run of 5xx, timeouts, a
 * revoked token. Nothing crashes, nothing is asked again before its time, nothing is lost or sent twice, and the
 * channel's `status` says what is going on.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { AUTH_RETRY_MS, Deliverer } from '../../bots/deliverer.ts';
import type { FrontEnd } from '../../core/ports.ts';
import { HttpServer } from '../../bots/http.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { ManualClock } from '../../core/clock.ts';
import type { ChatSender } from '../../core/ports.ts';
import type { Platform } from '../../core/types.ts';
import { startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { stubRunner } from '../slack/support.ts';
import { clearTables, outboxRows, silentLog } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { startDiscord, type Started } from '../support/discord-harness.ts';
import { sampleDigest } from '../support/digest-fixture.ts';

const SLACK_TENANT = 'slack:T0FAKE';
const DISCORD_TENANT = 'discord:800000000000000001';
let database: TestDatabase;
let slack: FakeSlack;
let slackFront: FrontEnd;
let discord: Started;
let app: App;
let clock: ManualClock;
let deliverer: Deliverer;
let n = 0;

beforeAll(async () => {
  database = await openPglite();
  slack = await startFakeSlack();
  slackFront = createSlackFrontEnd(
    { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: slack.apiUrl, admins: [], operators: [], oauth: null },
    { paceMs: 0, timeoutMs: 500 },
  );
  await slackFront.start({ run: stubRunner().run, http: new HttpServer(() => {}), log: silentLog });
  discord = await startDiscord({ options: { rest: { retries: 0, timeout: 2_000 } } });
});

afterAll(async () => {
  await slackFront?.stop();
  await slack?.close();
  await discord?.stop();
  await database?.dispose();
});

beforeEach(async () => {
  await clearTables(database);
  clock = new ManualClock('2026-11-21T09:00:00Z');
  app = createApp(loadConfig({}), silentLog, database, clock);
  deliverer = new Deliverer(app.outbox, new Map<Platform, ChatSender>([['slack', slackFront], ['discord', discord.frontEnd]]), clock, silentLog);
});

async function enqueue(platform: Platform, channelId: string): Promise<void> {
  const tenant = platform === 'slack' ? SLACK_TENANT : DISCORD_TENANT;
  await app.store.enqueue({ key: `alert:${++n}`, subscriptionId: null, platform, channelId, tenant, kind: 'alert', payload: sampleDigest(), at: clock.now() });
}

async function statusOf(platform: Platform, channelId: string): Promise<string> {
  const tenant = platform === 'slack' ? SLACK_TENANT : DISCORD_TENANT;
  const invocation = { channel: { platform, channelId, tenant }, user: { id: 'U1' }, operator: false, isAdmin: async () => false };
  return JSON.stringify((await app.run('status', invocation)).blocks);
}

/** Run the deliverer twice at the same moment: the second run must find nothing due. */
async function twice(): Promise<void> {
  await deliverer.runOnce();
  await deliverer.runOnce();
}

const slackPosts = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
const discordPosts = (channel: string) => discord.fake.requests.filter((r) => r.path === `/channels/${channel}/messages`);

describe('platform faults', () => {
  it('a storm of 429s: one request per Retry-After, never giving up, delivered once', async () => {
    await enqueue('slack', 'C0STORM');
    const storm = Array.from({ length: 4 }, () => ({ status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } }));
    slack.script('chat.postMessage', ...storm);
    for (let i = 0; i < storm.length; i++) {
      await twice();
      expect(slackPosts('C0STORM')).toHaveLength(i + 1);
      expect(await statusOf('slack', 'C0STORM')).toContain('the last attempt failed (rate_limited): Slack asked to wait 1 s');
      clock.advance(1_000);
    }
    await twice();
    expect(slackPosts('C0STORM')).toHaveLength(5);
    expect(slack.messages.get('C0STORM')).toHaveLength(1);
    expect((await outboxRows(database)).map((r) => [r.status, r.attempts])).toEqual([['sent', 1]]);
  });

  it('a run of 5xx: backoff from 30 s, doubling, and the message once when Discord recovers', async () => {
    const channel = '73000000000000000001';
    await enqueue('discord', channel);
    discord.fake.script(new RegExp(`^POST /channels/${channel}/messages$`), ...Array.from({ length: 3 }, () => ({ status: 502, body: { message: 'Bad Gateway' } })));
    for (const wait of [30_000, 60_000, 120_000]) {
      await twice();
      expect((await outboxRows(database))[0]!.nextAttemptAt.getTime() - clock.now().getTime()).toBe(wait);
      clock.advance(wait - 1);
      await twice();
      clock.advance(1);
    }
    await twice();
    expect(discordPosts(channel)).toHaveLength(4);
    expect(discord.fake.created.filter((c) => c.channelId === channel)).toHaveLength(1);
    expect((await outboxRows(database)).map((r) => r.status)).toEqual(['sent']);
  });

  it('a timeout after Slack took the message: the retry finds it instead of posting again', async () => {
    await enqueue('slack', 'C0SLOW');
    slack.script('chat.postMessage', { delayMs: 1_500, accept: true });
    await twice();
    const [row] = await outboxRows(database);
    expect(row).toMatchObject({ status: 'pending', errorCode: 'transient', uncertain: true });
    expect(await statusOf('slack', 'C0SLOW')).toContain('could not reach Slack (timed out)');
    clock.set(row!.nextAttemptAt);
    await twice();
    expect(slack.messages.get('C0SLOW')).toHaveLength(1);
    expect(slackPosts('C0SLOW')).toHaveLength(1);
    expect((await outboxRows(database)).map((r) => r.status)).toEqual(['sent']);
  });

  it('a revoked token: nothing paused, asked again every 10 minutes, named in status, and the backlog sent once it works', async () => {
    await app.run('subscribe digest 09:00 UTC', { channel: { platform: 'slack', channelId: 'C0REVOKED', tenant: SLACK_TENANT }, user: { id: 'U1' }, operator: false, isAdmin: async () => true });
    await enqueue('slack', 'C0REVOKED');
    slack.script('chat.postMessage', { body: { ok: false, error: 'token_revoked' } }, { body: { ok: false, error: 'token_revoked' } });
    await twice();
    await enqueue('slack', 'C0REVOKED');
    await twice();
    expect(slackPosts('C0REVOKED')).toHaveLength(1);
    const status = await statusOf('slack', 'C0REVOKED');
    expect(status).toContain('Delivery: 2 messages waiting; the last attempt failed (auth): the bot token was revoked');
    expect(status).not.toContain('Paused');
    expect(deliverer.authProblems().map((p) => p.tenant)).toEqual([SLACK_TENANT]);
    clock.advance(AUTH_RETRY_MS);
    await twice();
    expect(slackPosts('C0REVOKED')).toHaveLength(2);
    clock.advance(AUTH_RETRY_MS);
    await twice();
    expect(slack.messages.get('C0REVOKED')).toHaveLength(2);
    expect((await outboxRows(database)).map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(deliverer.authProblems()).toEqual([]);
  });
});
