/** Daily digests on a fake clock: time zones, daylight saving, restarts, exactly-once delivery. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueDueDigests } from '../../bots/pipeline.ts';
import { refresh } from '../../bots/pipeline.ts';
import { ManualClock } from '../../core/clock.ts';
import { addTestFeed, addTestItems, clearTables, outboxRows, testApp } from '../support/app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';

describe.each(engines)('digests on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => database?.dispose());
  beforeEach(async () => clearTables(database));

  it('arrive at 09:00 Asia/Karachi, once a day, with the day\'s stories', async () => {
    const clock = new ManualClock('2026-11-21T03:00:00Z');
    const t = testApp(database, clock);
    expect((await t.command('subscribe digest 09:00 Asia/Karachi')).title).toContain('Next: Sat 21 Nov 09:00 Asia/Karachi (04:00 UTC)');
    const feed = await addTestFeed(database);
    await addTestItems(database, feed, [
      { title: 'Iran and US agree to reconvene in Islamabad', label: 'progress', at: new Date('2026-11-21T01:00:00Z') },
      { title: 'Iran walks away from talks after US seizes oil cargo', label: 'stall', at: new Date('2026-11-21T02:00:00Z') },
    ]);
    await refresh(t.app);

    clock.set('2026-11-21T03:59:30Z');
    await enqueueDueDigests(t.app);
    await t.deliverer.runOnce();
    expect(t.sender.sent).toHaveLength(0);

    clock.set('2026-11-21T04:00:30Z');
    await enqueueDueDigests(t.app);
    await enqueueDueDigests(t.app);
    await t.deliverer.runOnce();
    expect(t.sender.sent).toHaveLength(1);
    const digest = t.sender.sent[0]!.reply;
    expect(digest.kind).toBe('digest');
    expect(digest.title).toBe('iran-us digest: 1 progress, 1 stall, 0 neutral');
    expect(JSON.stringify(digest.blocks)).toContain('Iran walks away from talks after US seizes oil cargo');

    clock.set('2026-11-22T03:00:00Z');
    await enqueueDueDigests(t.app);
    await t.deliverer.runOnce();
    expect(t.sender.sent).toHaveLength(1);

    clock.set('2026-11-22T04:00:05Z');
    await enqueueDueDigests(t.app);
    await t.deliverer.runOnce();
    expect(t.sender.sent).toHaveLength(2);
    expect(t.sender.sent[1]!.reply.title).toMatch(/^Quiet day on iran-us: no new stories since Sat 21 Nov 09:00 Asia\/Karachi/);
  });

  it('follow New York across the daylight-saving change', async () => {
    const clock = new ManualClock('2026-03-06T15:00:00Z');
    const t = testApp(database, clock);
    await t.command('subscribe digest 09:00 America/New_York');
    const sentAt: string[] = [];
    while (clock.now() < new Date('2026-03-10T00:00:00Z')) {
      clock.advance(30 * 60_000);
      await enqueueDueDigests(t.app);
      await t.deliverer.runOnce();
      while (sentAt.length < t.sender.sent.length) sentAt.push(t.sender.sent[sentAt.length]!.at.toISOString());
    }
    expect(sentAt).toEqual(['2026-03-07T14:00:00.000Z', '2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });

  it('send nothing on a quiet day when the subscription says skip-quiet', async () => {
    const clock = new ManualClock('2026-11-21T08:00:00Z');
    const t = testApp(database, clock);
    await t.command('subscribe digest 09:00 UTC skip-quiet');
    clock.set('2026-11-21T09:00:10Z');
    await enqueueDueDigests(t.app);
    await t.deliverer.runOnce();
    expect(t.sender.sent).toHaveLength(0);
    expect((await t.command('status')).blocks.length).toBeGreaterThan(0);
  });

  it('catch up once after downtime, and are sent exactly once by whichever process comes back', async () => {
    const clock = new ManualClock('2026-11-21T08:00:00Z');
    const before = testApp(database, clock);
    await before.command('subscribe digest 09:00 UTC');
    // Down for three days: one digest on return, not three.
    clock.set('2026-11-24T10:00:00Z');
    await enqueueDueDigests(before.app);
    // Killed between enqueue and send: the row is in the outbox, nothing went out.
    expect(before.sender.sent).toHaveLength(0);
    expect((await outboxRows(database)).map((r) => r.status)).toEqual(['pending']);

    const after = testApp(database, clock);
    await enqueueDueDigests(after.app);
    await after.deliverer.runOnce();
    await after.deliverer.runOnce();
    await before.deliverer.runOnce();
    expect(after.sender.sent).toHaveLength(1);
    expect(before.sender.sent).toHaveLength(0);
    expect((await outboxRows(database)).map((r) => r.status)).toEqual(['sent']);
  });

  it('are sent again after a crash in the middle of sending, once the claim expires, and checked first', async () => {
    const clock = new ManualClock('2026-11-21T09:00:10Z');
    const t = testApp(database, clock);
    await t.command('digest now');
    // A process claimed the row and died before it could record anything; its claim runs for 300 ms.
    const [dead] = await t.app.outbox.claim(clock.now(), 'dead-process', 300, 10, ['console']);
    const other = testApp(database, clock);
    expect(await other.deliverer.runOnce()).toBe(0);
    // Claims run out on the database's clock: wait for that (bounded), not for a fixed time.
    for (let i = 0; i < 200 && other.sender.sent.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await other.deliverer.runOnce();
    }
    expect(other.sender.sent).toHaveLength(1);
    // The dead process may have reached the platform: the new holder asks the sender to look first.
    expect(other.sender.sent[0]!.ref).toEqual({ key: dead!.key, firstAttemptAt: expect.any(Date) });
    // The old holder's token no longer records anything.
    expect(await t.app.outbox.markSent(dead!.id, dead!.token, clock.now())).toBe(false);
    expect((await outboxRows(database)).map((r) => [r.status, r.attempts, r.claimToken])).toEqual([['sent', 2, null]]);
  });
});
