/**
 * The deliverer's one policy and the outbox's fenced claims, on each database engine: what every delivery error
 * code does, that only the current holder records an outcome, that a heartbeat keeps a slow batch's claim, that a
 * failed record after a send does not send again, and that a channel's messages keep their order across holders.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_RETRY_MS, Deliverer, MAX_ATTEMPTS, type DelivererOptions } from '../../bots/deliverer.ts';
import { ManualClock } from '../../core/clock.ts';
import { DeliveryError, type ChatSender, type DeliveryErrorCode } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import type { Platform } from '../../core/types.ts';
import type { Outbox } from '../../db/outbox.ts';
import { capturedLogger } from '../slack/support.ts';
import { clearTables, outboxRows, RecordingSender, testApp, type TestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const TENANT = 'slack:T0POLICY';

/** A sender that takes its time, to hold a claim across heartbeats. */
class SlowSender extends RecordingSender {
  constructor(
    clock: ManualClock,
    private readonly ms: number,
  ) {
    super('slack', clock);
  }

  override async send(...args: Parameters<RecordingSender['send']>): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    return super.send(...args);
  }
}

describe.each(engines)('delivery policy on %s', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let clock: ManualClock;
  let sender: RecordingSender;
  let n = 0;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await clearTables(database);
    clock = new ManualClock('2026-11-21T09:00:00Z');
    t = testApp(database, clock);
    sender = new RecordingSender('slack', clock);
  });

  const deliverer = (outbox: Outbox = t.app.outbox, senders: ChatSender[] = [sender], options: DelivererOptions = {}, log = capturedLogger('silent').log) =>
    new Deliverer(outbox, new Map<Platform, ChatSender>(senders.map((s) => [s.platform, s])), clock, log, options);

  const reply = (title: string): Reply => ({ kind: 'alert', tone: 'stall', title, blocks: [] });
  async function enqueue(channelId = 'C1', tenant = TENANT, platform: Platform = 'slack'): Promise<string> {
    const key = `alert:${++n}`;
    await t.app.store.enqueue({ key, subscriptionId: null, platform, channelId, tenant, kind: 'alert', payload: reply(key), at: clock.now() });
    return key;
  }
  const rows = async () => (await outboxRows(database)).map((r) => ({ key: r.key, status: r.status, code: r.errorCode, attempts: r.attempts, next: r.nextAttemptAt.getTime() - clock.now().getTime() }));
  const subscribe = () => t.commandAs(TENANT, 'subscribe digest 09:00 UTC', 'C1');
  const paused = async () => (await t.app.store.channelSubscriptions({ platform: 'slack', channelId: 'C1', tenant: TENANT })).map((s) => s.pausedReason);

  describe('what each code does to the message and the channel', () => {
    it.each([
      ['channel_gone', 'failed', 'failed', 'paused'],
      ['no_access', 'failed', 'failed', 'paused'],
      ['bad_request', 'failed', 'sent', 'kept'],
      ['auth', 'pending', 'pending', 'kept'],
      ['rate_limited', 'pending', 'pending', 'kept'],
      ['transient', 'pending', 'pending', 'kept'],
    ] as Array<[DeliveryErrorCode, string, string, 'paused' | 'kept']>)('%s: the message is %s, the next one %s, the subscription %s', async (code, first, second, subscription) => {
      await subscribe();
      await enqueue();
      await enqueue();
      sender.failures.push(new DeliveryError(code, `because ${code}`, { retryAfterMs: 7_000, mayHaveArrived: false }));
      await deliverer().runOnce();
      const [a, b] = await rows();
      expect([a!.status, b!.status]).toEqual([first, second]);
      expect(a!.code).toBe(code);
      expect(await paused()).toEqual([subscription === 'paused' ? `because ${code}` : null]);
      const wait = { auth: AUTH_RETRY_MS, rate_limited: 7_000, transient: 30_000 }[code as string];
      if (wait) {
        // waits as long as the policy says, and what follows in the channel waits with it, keeping the order
        expect([a!.next, b!.next]).toEqual([wait, wait]);
        // a rate limit or a refused token is not the message's fault: only transient failures count toward giving up
        expect(a!.attempts).toBe(code === 'transient' ? 1 : 0);
      }
    });

    it('gives up on transient failures after 8 attempts, never on rate limits or refused credentials', async () => {
      const transient = await enqueue('C-T');
      const limited = await enqueue('C-R');
      const refused = await enqueue('C-A', 'slack:T0OTHER');
      const d = deliverer();
      for (let i = 0; i < 12; i++) {
        // each row meets its own failure, whatever order they are tried in
        const byKey = new Map<string, DeliveryError>([
          [transient, new DeliveryError('transient', 'HTTP 502')],
          [limited, new DeliveryError('rate_limited', 'slow down', { retryAfterMs: 1_000 })],
          [refused, new DeliveryError('auth', 'token_revoked')],
        ]);
        sender.send = async (_c, r) => {
          throw byKey.get(r.title)!;
        };
        clock.advance(AUTH_RETRY_MS + 3_600_000);
        await d.runOnce();
      }
      const final = Object.fromEntries((await rows()).map((r) => [r.key, [r.status, r.attempts]]));
      expect(final[transient]).toEqual(['failed', MAX_ATTEMPTS]);
      expect(final[limited]![0]).toBe('pending');
      expect(final[refused]![0]).toBe('pending');
    });
  });

  describe('refused credentials', () => {
    it('pause nothing, retry slowly, ask once per wait, show on /healthz and in the log once, and clear when accepted', async () => {
      await subscribe();
      await enqueue('C1');
      const log = capturedLogger('info');
      const d = deliverer(t.app.outbox, [sender], {}, log.log);
      let calls = 0;
      sender.send = async () => {
        calls++;
        throw new DeliveryError('auth', 'the bot token was revoked (token_revoked)', { mayHaveArrived: false });
      };
      await d.runOnce();
      // a message for another channel of the same tenant waits with it, without asking Slack again
      clock.advance(60_000);
      await enqueue('C2');
      await d.runOnce();
      expect(calls).toBe(1);
      clock.advance(-60_000);
      expect((await rows()).map((r) => [r.status, r.next])).toEqual([
        ['pending', AUTH_RETRY_MS],
        ['pending', AUTH_RETRY_MS],
      ]);
      expect(await paused()).toEqual([null]);
      expect(d.authProblems()).toEqual([expect.objectContaining({ platform: 'slack', tenant: TENANT, reason: 'the bot token was revoked (token_revoked)' })]);
      expect(log.lines().filter((l) => l.level === 50 && String(l.msg).includes('refuses the bot\'s credentials'))).toHaveLength(1);
      const status = JSON.stringify((await t.commandAs(TENANT, 'status', 'C1')).blocks);
      expect(status).toContain('Delivery: 1 message waiting; the last attempt failed (auth): the bot token was revoked (token_revoked).');

      clock.advance(AUTH_RETRY_MS);
      await d.runOnce();
      expect(calls).toBe(2);
      expect(log.lines().filter((l) => l.level === 50 && String(l.msg).includes('refuses the bot\'s credentials'))).toHaveLength(1);

      sender.send = RecordingSender.prototype.send.bind(sender);
      clock.advance(AUTH_RETRY_MS);
      await d.runOnce();
      expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent']);
      expect(d.authProblems()).toEqual([]);
      expect(log.lines().some((l) => String(l.msg).includes('accepts the bot\'s credentials again'))).toBe(true);
    });
  });

  it('a dropped message is recorded with its reason, and status says so', async () => {
    await subscribe();
    await enqueue();
    sender.failures.push(new DeliveryError('bad_request', "Slack refused this message's layout (invalid_blocks)", { mayHaveArrived: false }));
    await deliverer().runOnce();
    const status = JSON.stringify((await t.commandAs(TENANT, 'status', 'C1')).blocks);
    expect(status).toContain("Delivery: 1 message could not be sent in the last 7 days and were dropped; the latest: Slack refused this message's layout (invalid_blocks).");
  });

  describe('claims', () => {
    it('record outcomes only for the current holder', async () => {
      await enqueue();
      const [first] = await t.app.outbox.claim(clock.now(), 'a', 50, 10, ['slack']);
      await expect.poll(async () => (await t.app.outbox.claim(clock.now(), 'b', 60_000, 10, ['slack'])).length, { timeout: 10_000, interval: 50 }).toBe(1);
      expect(await t.app.outbox.markSent(first!.id, first!.token, clock.now())).toBe(false);
      expect(await t.app.outbox.markFailed(first!.id, first!.token, 'bad_request', 'no')).toBe(false);
      expect(await t.app.outbox.retryLater(first!.id, first!.token, clock.now(), { code: 'transient', reason: 'x', counted: true, uncertain: false })).toBe(false);
      expect(await t.app.outbox.extend([first!.id], first!.token, 60_000)).toEqual([]);
      expect((await outboxRows(database)).map((r) => [r.status, r.claimedBy, r.uncertain])).toEqual([['sending', 'b', true]]);
    });

    it('two deliverers at once send every message once, each channel in order', async () => {
      for (let i = 0; i < 60; i++) await enqueue(`C${i % 6}`);
      const a = new RecordingSender('slack', clock);
      const b = new RecordingSender('slack', clock);
      await Promise.all([deliverer(t.app.outbox, [a], { batch: 7 }).runOnce(), deliverer(t.app.outbox, [b], { batch: 5 }).runOnce()]);
      const sent = [...a.sent, ...b.sent];
      expect(sent.map((s) => s.reply.title).sort()).toEqual((await outboxRows(database)).map((r) => r.key).sort());
      for (let c = 0; c < 6; c++) {
        const keys = (await outboxRows(database, `C${c}`)).map((r) => r.key);
        const arrived = (s: RecordingSender) => s.sent.filter((x) => x.channelId === `C${c}`).map((x) => x.reply.title);
        // each deliverer's share of a channel arrived in the channel's order
        for (const s of [a, b]) expect(arrived(s)).toEqual(keys.filter((k) => arrived(s).includes(k)));
      }
      expect((await outboxRows(database)).every((r) => r.status === 'sent')).toBe(true);
    });

    it('a heartbeat keeps a slow batch\'s claim, so no one else takes it meanwhile', async () => {
      await enqueue('C1');
      await enqueue('C1');
      const slow = new SlowSender(clock, 400);
      const other = new RecordingSender('slack', clock);
      const working = deliverer(t.app.outbox, [slow], { leaseMs: 300, heartbeatMs: 50, sendBudgetMs: 150 }).runOnce();
      // meanwhile another replica keeps asking, well past the 300 ms lease
      const rival = deliverer(t.app.outbox, [other]);
      for (let i = 0; i < 10; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await rival.runOnce();
      }
      await working;
      expect(other.sent).toHaveLength(0);
      expect(slow.sent).toHaveLength(2);
    });

    it('no send starts without enough claim left: when the claim cannot be extended, the rest is handed back', async () => {
      for (let i = 0; i < 4; i++) await enqueue('C1');
      const slow = new SlowSender(clock, 150);
      // the database is going away: claims are no longer extended, and the next claim fails
      let claims = 0;
      const stuck: Outbox = {
        ...t.app.outbox,
        extend: async () => Promise.reject(new Error('connection terminated')),
        claim: async (...args) => (claims++ === 0 ? t.app.outbox.claim(...args) : Promise.reject(new Error('connection terminated'))),
      };
      await expect(deliverer(stuck, [slow], { leaseMs: 500, heartbeatMs: 50, sendBudgetMs: 250 }).runOnce()).rejects.toThrow('connection terminated');
      // 500 ms of claim with no renewal: sends start at about 0 and 150 ms; at 300 ms less than 250 ms are left
      expect(slow.sent.length).toBeGreaterThanOrEqual(1);
      expect(slow.sent.length).toBeLessThan(4);
      const left = (await rows()).filter((r) => r.status === 'pending');
      expect(left.length).toBe(4 - slow.sent.length);
      expect(left.every((r) => r.attempts === 0)).toBe(true);
    });

    it('a failed record after a successful send is retried, not sent again', async () => {
      await enqueue('C1');
      let failures = 2;
      const flaky: Outbox = {
        ...t.app.outbox,
        markSent: async (...args) => {
          if (failures-- > 0) throw new Error('connection terminated unexpectedly');
          return t.app.outbox.markSent(...args);
        },
      };
      await deliverer(flaky, [sender]).runOnce();
      expect(sender.sent).toHaveLength(1);
      expect((await rows()).map((r) => r.status)).toEqual(['sent']);
    });

    it('a channel\'s later message waits while another holder has its earlier one', async () => {
      await enqueue('C1');
      await enqueue('C1');
      await enqueue('C2');
      const [held] = await t.app.outbox.claim(clock.now(), 'other-replica', 60_000, 1, ['slack']);
      await deliverer().runOnce();
      expect(sender.sent.map((s) => s.channelId)).toEqual(['C2']);
      await t.app.outbox.markSent(held!.id, held!.token, clock.now());
      await deliverer().runOnce();
      expect(sender.sent.map((s) => s.channelId)).toEqual(['C2', 'C1']);
    });

    it('a replica claims only what it can send: messages for a platform it lacks wait, and status counts them', async () => {
      await enqueue('700000000000000001', 'discord:800000000000000001', 'discord');
      await deliverer().runOnce();
      expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([['pending', 0]]);
    });
  });
});
