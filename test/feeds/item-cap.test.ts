/**
 * A feed with more new items than one poll stores (500): the newest are stored first, the rest on the following
 * polls, a minute apart. The poller keeps the rest of the document it read and asks whether the feed changed: an
 * unchanged feed costs a 304, not a second download, and a changed one is read again; a poller that does not hold
 * the rest (another replica, a restart) reads the whole feed. The feed stays in backfill until its first poll's
 * items are all in. Nothing is lost and nothing is stored twice.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedIngest, type FeedIngest } from '../../bots/feed-ingest.ts';
import { MINUTE } from '../../core/clock.ts';
import { feeds, items } from '../../db/schema.ts';
import { POLL_DEFAULTS } from '../../feeds/poller.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { feedTestApp } from '../support/feed-app.ts';
import { FeedServer } from '../support/feed-server.ts';

const now = new Date('2026-11-21T12:00:00Z');
const N = 1_200;
// Item i was published (N - i) * 3 minutes before now: the oldest 60 h ago, those before i = 720 over 24 h ago.
const published = (i: number) => new Date(now.getTime() - (N - i) * 3 * MINUTE);

/** Listed oldest first, so taking the newest means reading the dates, not the order. */
function feed(length = N): string {
  const list = Array.from({ length }, (_, i) => `<item><title>Item ${i}</title><guid>g-${i}</guid><pubDate>${published(i).toUTCString()}</pubDate></item>`);
  return `<rss version="2.0"><channel><title>Archive</title>${list.join('')}</channel></rss>`;
}

describe('a feed with more new items than one poll stores', () => {
  let database: TestDatabase;
  let server: FeedServer;
  let app: ReturnType<typeof feedTestApp>;
  let ingest: FeedIngest;
  let feedId: number;

  beforeAll(async () => {
    database = await openPglite();
    server = await new FeedServer().start();
    server.route('/archive', { body: feed(), contentType: 'application/rss+xml' });
    app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    app.clock.set(now);
    ingest = createFeedIngest(app);
    feedId = (await ingest.store.add({ url: server.url('/archive'), topic: 'iran-us' }, now)).fetched!.id;
  });

  afterAll(async () => {
    await ingest?.close();
    await server?.close();
    await database?.dispose();
  });

  const row = async () => (await database.db.select().from(feeds).where(eq(feeds.id, feedId)))[0]!;
  const stored = async () => database.db.select().from(items).where(eq(items.feedId, feedId)).orderBy(asc(items.id));
  const numbers = (rows: Array<{ title: string }>) => rows.map((r) => Number(r.title.replace('Item ', '')));

  it('stores the newest 500 and leaves the rest for a poll a minute later, without the feed validators', async () => {
    expect(POLL_DEFAULTS.maxItemsPerPoll).toBe(500);
    const [report] = await ingest.poller.pollDue();
    expect(report).toMatchObject({ outcome: 'new-items', seen: N, stored: 500, waiting: 700, nextPollAt: new Date(now.getTime() + MINUTE) });
    const rows = await stored();
    expect(numbers(rows).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, i) => 700 + i));
    // Still the first poll's backfill: the items over 24 h old are marked so, and will never alert.
    expect(rows.filter((r) => r.backfill).map((r) => numbers([r])[0]).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => 700 + i));
    expect(await row()).toMatchObject({ etag: null, backfilledTopics: [], status: 'active', lastError: null });
    expect(app.logs.join('')).toContain('"waiting":700');
  });

  it('stores the next 500, then the last 200, from the document already read, and keeps the validators once nothing waits', async () => {
    const bytes = server.bytesWritten.get('/archive');
    const hits = server.hits('/archive');
    app.clock.advance(MINUTE);
    expect((await ingest.poller.pollDue()).map((r) => [r.seen, r.stored, r.waiting])).toEqual([[N, 500, 200]]);
    app.clock.advance(MINUTE);
    const [last] = await ingest.poller.pollDue();
    // both polls asked the server, which answered 304 each time: the feed was downloaded once
    expect(server.hits('/archive')).toBe(hits + 2);
    expect(server.bytesWritten.get('/archive')).toBe(bytes);
    expect([last!.stored, last!.waiting]).toEqual([200, 0]);
    expect(last!.nextPollAt).toEqual(new Date(app.clock.now().getTime() + 10 * MINUTE));

    const rows = await stored();
    expect(rows).toHaveLength(N);
    expect(new Set(numbers(rows)).size).toBe(N);
    expect(rows.filter((r) => !r.backfill).length).toBe(N - 720);
    expect(await row()).toMatchObject({ backfilledTopics: ['iran-us'] });
    expect((await row()).etag).toMatch(/^"/);
  });

  it('asks with the validators again, and the unchanged feed costs a 304', async () => {
    const hits = server.hits('/archive');
    app.clock.advance(10 * MINUTE);
    const [report] = await ingest.poller.pollDue();
    expect(report!.outcome).toBe('not-modified');
    expect(server.hits('/archive')).toBe(hits + 1);
    expect(await stored()).toHaveLength(N);
  });
});

describe('the rest of a long feed, when the feed changes or another poller reads it', () => {
  let database: TestDatabase;
  let server: FeedServer;
  let app: ReturnType<typeof feedTestApp>;
  const ingests: FeedIngest[] = [];

  beforeAll(async () => {
    database = await openPglite();
    server = await new FeedServer().start();
    app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    app.clock.set(now);
  });

  afterAll(async () => {
    for (const ingest of ingests) await ingest.close();
    await server?.close();
    await database?.dispose();
  });

  const ingest = () => {
    const made = createFeedIngest(app);
    ingests.push(made);
    return made;
  };
  const titles = async (id: number) => (await database.db.select({ title: items.title }).from(items).where(eq(items.feedId, id))).map((r) => r.title);

  it('reads a feed that changed since its rest was kept, newest first again', async () => {
    server.route('/changing', { body: feed(), contentType: 'application/rss+xml' });
    const poller = ingest();
    const id = (await poller.store.add({ url: server.url('/changing'), topic: 'iran-us' }, app.clock.now())).fetched!.id;
    expect((await poller.poller.pollDue()).map((r) => [r.stored, r.waiting])).toEqual([[500, 700]]);
    // ten items newer than any: the changed document answers 200, and they are among the next 500
    server.route('/changing', { body: feed(N + 10), contentType: 'application/rss+xml' });
    const bytes = server.bytesWritten.get('/changing')!;
    app.clock.advance(MINUTE);
    const [report] = await poller.poller.pollDue();
    expect([report!.seen, report!.stored, report!.waiting]).toEqual([N + 10, 500, 210]);
    expect(server.bytesWritten.get('/changing')).toBeGreaterThan(bytes);
    expect(await titles(id)).toEqual(expect.arrayContaining(Array.from({ length: 10 }, (_, i) => `Item ${N + i}`)));
  });

  it('reads the whole feed again when another poller, without the rest, polls it', async () => {
    server.route('/shared', { body: feed(), contentType: 'application/rss+xml' });
    const first = ingest();
    const id = (await first.store.add({ url: server.url('/shared'), topic: 'iran-us' }, app.clock.now())).fetched!.id;
    for (const poller of [first, ingest()]) await poller.poller.pollDue().then(() => app.clock.advance(MINUTE));
    expect(server.hits('/shared')).toBe(2);
    // the second poller asked without validators: the whole document came twice
    expect(server.bytesWritten.get('/shared')).toBe(2 * Buffer.byteLength(feed()));
    expect(new Set(await titles(id)).size).toBe(1_000);
  });
});
