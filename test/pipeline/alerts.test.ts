/** Stall alerts end to end on a fake clock: stories, not articles; hysteresis; snooze; backfill; pauses. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refresh } from '../../bots/pipeline.ts';
import { ManualClock } from '../../core/clock.ts';
import { DeliveryError } from '../../core/ports.ts';
import { toPlainText } from '../../core/reply.ts';
import { addTestFeed, addTestItems, clearTables, outboxRows, testApp, type TestApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

const HOUR = 3_600_000;
const STALLS = [
  'Iran-US talks suspended after strike on militia',
  'Iranian delegation leaves Islamabad without agreement',
  'Washington says Tehran is stalling, threatens more sanctions',
  'Deadlock as Iran and US refuse to budge on enrichment',
  'US refuses to meet Iranian team until attacks stop',
  'Iran accuses US of violating ceasefire',
];

describe.each(engines)('alerts on %s', (engine) => {
  let database: TestDatabase;
  let t: TestApp;
  let clock: ManualClock;
  let feed: number;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => {
    await clearTables(database);
    clock = new ManualClock('2026-11-21T12:00:00Z');
    t = testApp(database, clock);
    feed = await addTestFeed(database);
  });

  const stall = (titles: string[], options: { backfill?: boolean; at?: Date } = {}) =>
    addTestItems(database, feed, titles.map((title) => ({ title, label: 'stall' as const, at: options.at ?? clock.now(), backfill: options.backfill })));
  // What the alerts tick does: cluster, evaluate every rule, deliver.
  const step = async () => {
    await refresh(t.app, true);
    await t.deliverer.runOnce();
    return t.sender.sent.map((s) => s.reply.kind);
  };

  it('fire once at the threshold, stay quiet while firing, resolve with hysteresis, and fire again on a new wave', async () => {
    await t.command('subscribe alerts');
    await stall(STALLS.slice(0, 2));
    expect(await step()).toEqual([]);
    clock.advance(10 * 60_000);
    await stall(STALLS.slice(2, 3));
    expect(await step()).toEqual(['alert']);
    const alert = t.sender.sent[0]!.reply;
    expect(alert.title).toBe('Stall alert: 3 stall stories on iran-us in the last 6 h');
    expect(toPlainText(alert)).toContain(STALLS[2]);

    clock.advance(10 * 60_000);
    await stall(STALLS.slice(3, 4));
    expect(await step()).toEqual(['alert']);
    expect((await t.command('status')).blocks.map((b) => JSON.stringify(b)).join()).toContain('FIRING since');

    // The wave leaves the 6 h window; the count must stay at the lower bound for the hold before resolving.
    clock.advance(7 * HOUR);
    expect(await step()).toEqual(['alert']);
    clock.advance(31 * 60_000);
    expect(await step()).toEqual(['alert', 'resolved']);

    clock.advance(HOUR);
    await stall(STALLS.slice(4, 6).concat('Next round of Iran-US talks delayed amid recriminations'));
    expect(await step()).toEqual(['alert', 'resolved', 'alert']);
    expect(new Set((await outboxRows(database)).map((r) => r.key)).size).toBe(3);
  });

  it('count a story syndicated by five feeds once', async () => {
    await t.command('subscribe alerts');
    // An earlier, unrelated story, so the syndicated one's first article is not item 1.
    await addTestItems(database, feed, [{ title: 'Pakistan announces date for next round of Iran-US talks', label: 'progress', at: new Date(clock.now().getTime() - HOUR) }]);
    for (let i = 0; i < 5; i++) {
      const outlet = await addTestFeed(database, 'iran-us', `Outlet ${i}`);
      await addTestItems(database, outlet, [{ title: 'Iran-US talks collapse as both sides trade accusations', label: 'stall', at: clock.now() }]);
    }
    expect(await step()).toEqual([]);
    const status = await t.command('status');
    expect(status.title).toBe('iran-us: 1 progress, 1 stall, 0 neutral in the last 24 h');
    const latest = await t.command('latest');
    const [line] = (latest.blocks[0] as { stories: Array<{ itemCount: number; ref: string }> }).stories;
    expect(line!.itemCount).toBe(5);
    // A story line's ref is what explain takes: its first article.
    expect((await t.command(`explain ${line!.ref}`)).title).toMatch(/^Iran-US talks collapse as both sides trade accusations: stall/);
  });

  it('never alert on backfill, though status counts it', async () => {
    await t.command('subscribe alerts');
    await stall(STALLS.slice(0, 5), { backfill: true, at: new Date(clock.now().getTime() - 30 * HOUR) });
    expect(await step()).toEqual([]);
    expect((await t.command('status')).blocks[0]).toMatchObject({ fields: expect.arrayContaining([{ name: 'last 7 d', value: '0 progress, 5 stall, 0 neutral' }]) });
  });

  it('stay silent while snoozed and speak when the snooze ends', async () => {
    await t.command('subscribe alerts');
    await t.command('alerts snooze 2h');
    await stall(STALLS.slice(0, 4));
    expect(await step()).toEqual([]);
    clock.advance(2 * HOUR + 60_000);
    expect(await step()).toEqual(['alert']);
  });

  it('follow a changed rule: alerts set stall 2 1h', async () => {
    await t.command('subscribe alerts');
    expect((await t.command('alerts set stall 2 1h')).title).toBe('Alerts on iran-us now fire at 2 or more stall stories within 1 h.');
    await stall(STALLS.slice(0, 2));
    expect(await step()).toEqual(['alert']);
  });

  it('pause the channel on a permanent failure, show why in status, and resume on subscribing again', async () => {
    await t.command('subscribe alerts');
    await t.command('subscribe digest 13:00 UTC');
    t.sender.failures.push(new DeliveryError('channel_gone', 'the channel no longer exists (channel_not_found)'));
    await stall(STALLS.slice(0, 3));
    expect(await step()).toEqual([]);
    const rows = await outboxRows(database);
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([['failed', 'the channel no longer exists (channel_not_found)']]);
    const status = (await t.command('status')).blocks.map((b) => ('text' in b ? b.text : '')).join('\n');
    expect(status).toContain('Paused alerts on iran-us: the channel no longer exists (channel_not_found)');
    expect(status).toContain('Paused digest on iran-us');
    // Paused: a new wave enqueues nothing.
    await stall(STALLS.slice(3, 6));
    expect(await step()).toEqual([]);
    clock.advance(60_000);
    await t.command('subscribe alerts');
    expect(await step()).toEqual(['alert']);
  });

  it('retry a transient failure with backoff and a rate limit after the time asked, in order', async () => {
    await t.command('subscribe alerts');
    t.sender.failures.push(
      new DeliveryError('rate_limited', 'rate limited', { retryAfterMs: 5_000 }),
      new DeliveryError('transient', 'HTTP 502'),
      new DeliveryError('transient', 'HTTP 502'),
    );
    await stall(STALLS.slice(0, 3));
    expect(await step()).toEqual([]);
    clock.advance(4_999);
    expect(await step()).toEqual([]);
    clock.advance(1);
    expect(await step()).toEqual([]);
    // A rate limit is the platform's pace, not a failed attempt: the backoff starts at 30 s after the first 502
    // and doubles with the next.
    clock.advance(30_000);
    expect(await step()).toEqual([]);
    clock.advance(59_999);
    expect(await step()).toEqual([]);
    clock.advance(1);
    expect(await step()).toEqual(['alert']);
    expect((await outboxRows(database)).map((r) => [r.status, r.attempts])).toEqual([['sent', 3]]);
  });

  it('refuse a non-admin who tries to change alerts, politely', async () => {
    const reply = await t.command('alerts set stall 1 1h', 'desk', false);
    expect(reply).toMatchObject({ kind: 'refused', ephemeral: true });
    expect(reply.title).toMatch(/^Sorry, only channel or workspace admins/);
    expect((await t.command('subscribe digest', 'desk', false)).kind).toBe('subscription');
  });
});
