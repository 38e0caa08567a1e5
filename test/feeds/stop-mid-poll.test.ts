/**
 * Stopping while a feed is being fetched: the server may have answered, so the feed is due again an interval later,
 * not at once (another replica would otherwise fetch it again straight away). A poll still waiting for a slot
 * never asked, and keeps its time.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedIngest, type FeedIngest } from '../../bots/feed-ingest.ts';
import { MINUTE } from '../../core/clock.ts';
import { feeds } from '../../db/schema.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { feedTestApp } from '../support/feed-app.ts';
import { FeedServer } from '../support/feed-server.ts';

const now = new Date('2026-11-21T12:00:00Z');

describe('stopping in the middle of a poll', () => {
  let database: TestDatabase;
  let server: FeedServer;
  let ingest: FeedIngest;
  const held: Array<() => void> = [];

  beforeAll(async () => {
    database = await openPglite();
    server = await new FeedServer().start();
    // the server takes the request and answers only when the test lets it
    server.route('/slow', (_req, res) => held.push(() => res.destroy()));
    server.route('/queued', { body: '<rss version="2.0"><channel><title>Q</title></channel></rss>', contentType: 'application/rss+xml' });
    const app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    app.clock.set(now);
    // one fetch at a time: the second feed waits for a slot behind the first
    ingest = createFeedIngest(app, { concurrency: { global: 1, perHost: 1 } });
    await ingest.store.add({ url: server.url('/slow'), topic: 'iran-us' }, now);
    await ingest.store.add({ url: server.url('/queued'), topic: 'iran-us' }, now);
  });

  afterAll(async () => {
    for (const release of held) release();
    await ingest?.close();
    await server?.close();
    await database?.dispose();
  });

  it('makes the feed that was asked due an interval later, and leaves the one that waited due now', async () => {
    const polling = ingest.poller.pollDue();
    for (let i = 0; i < 500 && server.hits('/slow') === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.hits('/slow')).toBe(1);
    ingest.poller.stop();
    const reports = await polling;
    expect(reports.map((r) => r.errorCode)).toEqual(['cancelled', 'cancelled']);
    expect(server.hits('/queued')).toBe(0);
    const rows = await database.db.select().from(feeds);
    const slow = rows.find((r) => r.url.endsWith('/slow'))!;
    const queued = rows.find((r) => r.url.endsWith('/queued'))!;
    expect(slow).toMatchObject({ claimedUntil: null, nextPollAt: new Date(now.getTime() + 10 * MINUTE) });
    expect(queued).toMatchObject({ claimedUntil: null, nextPollAt: now });
    expect((await database.db.select().from(feeds).where(eq(feeds.id, slow.id)))[0]!.lastPolledAt).toBeNull();
  });
});
