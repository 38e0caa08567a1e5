/**
 * The ambiguous send, settled by the platforms' own idempotency: the real deliverer and outbox on PGlite, the real
 * Slack and Discord front ends, and fakes that behave like the platforms (Slack keeps message metadata and returns
 * it in conversations.history; Discord answers a repeated nonce with the message it already has).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { Deliverer } from '../../bots/deliverer.ts';
import { nonceFor } from '../../bots/discord/send.ts';
import type { FrontEnd } from '../../core/ports.ts';
import { HttpServer } from '../../bots/http.ts';
import { createSlackFrontEnd } from '../../bots/slack/frontend.ts';
import { ManualClock } from '../../core/clock.ts';
import type { ChatSender } from '../../core/ports.ts';
import type { Platform } from '../../core/types.ts';
import { ALL_SCOPES, startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { capturedLogger, stubRunner } from '../slack/support.ts';
import { clearTables, outboxRows, silentLog } from '../support/app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { startDiscord, type Started } from '../support/discord-harness.ts';
import { sampleDigest } from '../support/digest-fixture.ts';

let database: TestDatabase;
let slack: FakeSlack;
let slackFront: FrontEnd;
let discord: Started;
let app: App;
const clock = new ManualClock('2026-11-21T09:00:00Z');
const captured = capturedLogger('info');
let deliverer: Deliverer;
let n = 0;

beforeAll(async () => {
  database = await openPglite();
  slack = await startFakeSlack();
  slackFront = createSlackFrontEnd(
    { botToken: 'xoxb-test', signingSecret: 'secret', appToken: null, apiUrl: slack.apiUrl, admins: [], operators: [], oauth: null },
    { paceMs: 0, retryConfig: { retries: 0 } },
  );
  await slackFront.start({ run: stubRunner().run, http: new HttpServer(() => {}), log: silentLog });
  discord = await startDiscord({ options: { rest: { retries: 0, timeout: 2_000 } } });
  app = createApp(loadConfig({}), silentLog, database, clock);
});

afterAll(async () => {
  await slackFront?.stop();
  await slack?.close();
  await discord?.stop();
  await database?.dispose();
});

beforeEach(async () => {
  await clearTables(database);
  slack.scopes = [...ALL_SCOPES];
  const senders = new Map<Platform, ChatSender>([
    ['slack', slackFront],
    ['discord', discord.frontEnd],
  ]);
  deliverer = new Deliverer(app.outbox, senders, clock, captured.log, { leaseMs: 2_000, heartbeatMs: 200, sendBudgetMs: 500 });
});

/** Enqueue one alert for a channel; returns its key. */
async function enqueue(platform: 'slack' | 'discord', channelId: string): Promise<string> {
  const key = `alert:${++n}:fp:fire`;
  const tenant = platform === 'slack' ? 'slack:T0FAKE' : 'discord:800000000000000001';
  await app.store.enqueue({ key, subscriptionId: null, platform, channelId, tenant, kind: 'alert', payload: sampleDigest(), at: clock.now() });
  return key;
}

/** What a process that died right after the platform answered leaves behind: a claim it never recorded. */
async function sendThenDie(platform: 'slack' | 'discord', sender: ChatSender) {
  const [row] = await app.outbox.claim(clock.now(), 'doomed', 300, 1, [platform]);
  await sender.send(row!.channelId, row!.payload, row!.tenant, { key: row!.key });
  return row!;
}

/** Run the deliverer until the row is sent (its lease runs out on the database's clock), bounded. */
async function deliverWhenFree(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await deliverer.runOnce();
    if ((await outboxRows(database)).every((r) => r.status === 'sent')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not delivered: ${JSON.stringify((await outboxRows(database)).map((r) => [r.status, r.lastError]))}`);
}

const posts = (channel: string) => slack.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
const historyCalls = (channel: string) => slack.callsTo('conversations.history').filter((c) => c.params.channel === channel);

describe('Slack', () => {
  it('every message carries its outbox key as message metadata', async () => {
    const key = await enqueue('slack', 'C0META');
    await deliverer.runOnce();
    expect(JSON.parse(posts('C0META')[0]!.params.metadata!)).toEqual({ event_type: 'talkwatch_delivery', event_payload: { key } });
    // a first attempt has nothing to look for
    expect(historyCalls('C0META')).toHaveLength(0);
  });

  it('a message Slack took whose answer was lost is found in history, not posted again', async () => {
    await enqueue('slack', 'C0LOST');
    slack.script('chat.postMessage', { accept: true, hangUp: true });
    await deliverer.runOnce();
    const [row] = await outboxRows(database);
    expect(row).toMatchObject({ status: 'pending', errorCode: 'transient', uncertain: true });
    clock.set(row!.nextAttemptAt);
    await deliverer.runOnce();
    expect(slack.messages.get('C0LOST')).toHaveLength(1);
    expect(posts('C0LOST')).toHaveLength(1);
    const [lookup] = historyCalls('C0LOST');
    expect(lookup!.params.include_all_metadata).toBe('true');
    // bounded: from two minutes before the first attempt (clock skew), by the database's clock
    expect(Number(lookup!.params.oldest)).toBeCloseTo(row!.firstAttemptAt!.getTime() / 1000 - 120, 0);
    expect((await outboxRows(database)).map((r) => [r.status, r.uncertain])).toEqual([['sent', false]]);
  });

  it('a process killed between Slack\'s answer and recording it: the next holder finds the message', async () => {
    await enqueue('slack', 'C0KILLED');
    await sendThenDie('slack', slackFront);
    await deliverWhenFree();
    expect(slack.messages.get('C0KILLED')).toHaveLength(1);
    expect(historyCalls('C0KILLED')).toHaveLength(1);
  });

  it('an earlier attempt that did not arrive is looked for, then sent', async () => {
    await enqueue('slack', 'C0NEVER');
    slack.script('chat.postMessage', { hangUp: true });
    await deliverer.runOnce();
    clock.set((await outboxRows(database))[0]!.nextAttemptAt);
    await deliverer.runOnce();
    expect(historyCalls('C0NEVER')).toHaveLength(1);
    expect(slack.messages.get('C0NEVER')).toHaveLength(1);
    expect(posts('C0NEVER')).toHaveLength(2);
  });

  it('a workspace without the history scopes gets at-least-once delivery, said once in the log and in status', async () => {
    slack.scopes = ['commands', 'chat:write', 'users:read'];
    await enqueue('slack', 'C0NOSCOPE');
    await enqueue('slack', 'C0NOSCOPE');
    const before = captured.lines().length;
    await deliverer.runOnce();
    const said = captured.lines().slice(before).filter((l) => String(l.msg).includes('at least once'));
    expect(said).toHaveLength(1);
    expect(said[0]!.msg).toMatch(/lacks channels:history and groups:history/);
    const invocation = { channel: { platform: 'slack' as const, channelId: 'C0NOSCOPE', tenant: 'slack:T0FAKE' }, user: { id: 'U1' }, operator: false, isAdmin: async () => false };
    const status = JSON.stringify((await app.run('status', invocation)).blocks);
    expect(status).toContain('Delivery here is at least once: the Slack app lacks channels:history and groups:history');

    // Without history, a lost answer means sending again: the message arrives twice, as the README says.
    await enqueue('slack', 'C0NOSCOPE');
    slack.script('chat.postMessage', { accept: true, hangUp: true });
    await deliverer.runOnce();
    clock.set((await outboxRows(database)).find((r) => r.status === 'pending')!.nextAttemptAt);
    await deliverer.runOnce();
    expect(slack.messages.get('C0NOSCOPE')).toHaveLength(4);

    // Granted later: exactly once again, and status stops saying otherwise.
    slack.scopes = [...ALL_SCOPES];
    await enqueue('slack', 'C0NOSCOPE');
    await deliverer.runOnce();
    expect(JSON.stringify((await app.run('status', invocation)).blocks)).not.toContain('at least once');
    expect(captured.lines().some((l) => String(l.msg).includes('exactly once again'))).toBe(true);
  });
});

describe('Discord', () => {
  const channel = (i: number) => `72000000000000${String(i).padStart(4, '0')}`;
  const created = (c: string) => discord.fake.created.filter((m) => m.channelId === c);

  it('every message carries a nonce from its outbox key, enforced', async () => {
    const key = await enqueue('discord', channel(1));
    await deliverer.runOnce();
    const [request] = discord.fake.requests.filter((r) => r.path === `/channels/${channel(1)}/messages`);
    expect(request!.body).toMatchObject({ nonce: nonceFor(key), enforce_nonce: true });
    expect(nonceFor(key)).toMatch(/^[0-9a-f]{25}$/);
  });

  it('a message Discord created whose answer was lost is not created again', async () => {
    await enqueue('discord', channel(2));
    discord.fake.script(new RegExp(`^POST /channels/${channel(2)}/messages$`), { status: 200, accept: true, hangUp: true });
    await deliverer.runOnce();
    const [row] = await outboxRows(database);
    expect(row).toMatchObject({ status: 'pending', uncertain: true });
    clock.set(row!.nextAttemptAt);
    const deduplicated = discord.fake.deduplicated;
    await deliverer.runOnce();
    expect(created(channel(2))).toHaveLength(1);
    expect(discord.fake.deduplicated).toBe(deduplicated + 1);
    expect((await outboxRows(database)).map((r) => r.status)).toEqual(['sent']);
  });

  it('a process killed between Discord\'s answer and recording it: the repeat returns the same message', async () => {
    await enqueue('discord', channel(3));
    await sendThenDie('discord', discord.frontEnd);
    await deliverWhenFree();
    expect(created(channel(3))).toHaveLength(1);
    expect(discord.fake.requests.filter((r) => r.path === `/channels/${channel(3)}/messages`)).toHaveLength(2);
  });
});
