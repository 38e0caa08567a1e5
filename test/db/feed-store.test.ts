import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedIngest, DEFAULTS_MARKER, defaultFeeds, seedDefaultFeeds } from '../../bots/feed-ingest.ts';
import { MINUTE } from '../../core/clock.ts';
import { DbFeedStore } from '../../db/feed-store.ts';
import { appState, feeds, items } from '../../db/schema.ts';
import { feedTestApp } from '../support/feed-app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { FeedServer } from '../support/feed-server.ts';

const now = new Date('2026-11-21T12:00:00Z');
const rss = (n: number) => `<rss version="2.0"><channel><title>F</title>${Array.from({ length: n }, (_, i) => `<item><title>T${i}</title><guid>g${i}</guid></item>`).join('')}</channel></rss>`;

describe.each(engines)('feed store on %s', (engine) => {
  let database: TestDatabase;
  let store: DbFeedStore;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    store = new DbFeedStore(database.db);
  });
  afterAll(() => database?.dispose());

  it('adds a feed once per address, due at once', async () => {
    const first = await store.add({ url: 'https://a.example/rss', topic: 'iran-us' }, now);
    const again = await store.add({ url: 'https://a.example/rss', topic: 'other' }, now);
    expect(first.outcome).toBe('added');
    if (first.outcome !== 'added') return;
    expect(again).toMatchObject({ outcome: 'exists', feed: { id: first.feed.id, topic: 'iran-us', owner: 'shared' } });
    expect(first.feed.nextPollAt).toEqual(now);
  });

  it('claims a due feed once until its lease runs out, and never a gone one', async () => {
    const gone = await store.add({ url: 'https://gone.example/rss', topic: 'iran-us' }, now);
    await store.recordPoll(gone.fetched!.id, { status: 'gone', nextPollAt: now, lastPolledAt: now, consecutiveFailures: 1, lastError: 'gone' });
    const claimed = await store.claimDue(now, 10, 10 * MINUTE);
    expect(claimed.map((f) => f.url)).toEqual(['https://a.example/rss']);
    expect(await store.claimDue(new Date(now.getTime() + 5 * MINUTE), 10, 10 * MINUTE)).toEqual([]);
    const expired = await store.claimDue(new Date(now.getTime() + 11 * MINUTE), 10, 10 * MINUTE);
    expect(expired.map((f) => f.url)).toEqual(['https://a.example/rss']);
    await store.recordPoll(expired[0]!.id, { status: 'active', nextPollAt: new Date(now.getTime() + 60 * MINUTE), lastPolledAt: now, consecutiveFailures: 0, lastError: null });
    expect(await store.claimDue(new Date(now.getTime() + 12 * MINUTE), 10, 10 * MINUTE)).toEqual([]);
  });

  it('lets two replicas poll the same due feeds with no feed fetched twice', async () => {
    const server = await new FeedServer().start();
    const app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    app.clock.set(now);
    const replicas = [createFeedIngest(app), createFeedIngest(app)];
    try {
      const paths = Array.from({ length: 24 }, (_, i) => `/replica-${i}`);
      for (const p of paths) {
        server.route(p, { body: rss(3), contentType: 'application/rss+xml' });
        await store.add({ url: server.url(p), topic: 'iran-us' }, now);
      }
      const [a, b] = await Promise.all(replicas.map((r) => r.poller.pollDue()));
      const polled = [...a!, ...b!].filter((r) => r.url.includes('/replica-'));
      expect(polled).toHaveLength(paths.length);
      for (const p of paths) expect(server.hits(p)).toBe(1);
      expect(a!.length).toBeGreaterThan(0);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await server.close();
    }
  });

  it('lists feeds with their item counts, and keeps items when a feed is removed', async () => {
    const list = await store.list();
    const replica = list.find((f) => f.url.endsWith('/replica-0'))!;
    expect(replica.itemCount).toBe(3);
    expect(list.find((f) => f.url === 'https://gone.example/rss')!.itemCount).toBe(0);
    const removed = await store.remove(replica.id);
    expect(removed?.id).toBe(replica.id);
    expect(await store.remove(replica.id)).toBeNull();
    // its items stay, still visible to whoever watched it; the address is no longer polled
    const kept = await database.db.select().from(items).where(eq(items.feedId, replica.feedId));
    expect(kept).toHaveLength(3);
    expect(kept.every((i) => i.owners.includes('shared'))).toBe(true);
    expect((await store.claimDue(new Date(now.getTime() + 100 * 60 * MINUTE), 100, MINUTE)).some((f) => f.id === replica.feedId)).toBe(false);
  });

  it('adds the default feeds once per database, and a removed one stays removed', async () => {
    const app = feedTestApp(database);
    const list = defaultFeeds('iran-us');
    expect(list.length).toBeGreaterThanOrEqual(8);
    expect(list.every((f) => f.url.startsWith('https://') && f.topic === 'iran-us')).toBe(true);
    expect(await seedDefaultFeeds(app)).toBe(list.length);
    const bbc = (await store.list()).find((f) => f.url === list[0]!.url)!;
    expect(bbc).toMatchObject({ addedBy: 'default', title: list[0]!.title });
    await store.remove(bbc.id);
    expect(await seedDefaultFeeds(app)).toBeNull();
    expect((await store.list()).some((f) => f.url === list[0]!.url)).toBe(false);
    expect(await database.db.select().from(appState).where(eq(appState.key, DEFAULTS_MARKER))).toHaveLength(1);
  });

  it('with no network, the default feeds fail as feed errors', async () => {
    const app = feedTestApp(database);
    app.clock.set(new Date(now.getTime() + 2 * 60 * MINUTE));
    const offline = async () => Promise.reject(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }));
    const ingest = createFeedIngest(app, { resolver: offline });
    try {
      const defaults = new Set(defaultFeeds('iran-us').map((f) => f.url));
      const reports = (await ingest.poller.pollDue()).filter((r) => defaults.has(r.url));
      expect(reports.length).toBe(defaults.size - 1);
      for (const r of reports) {
        expect(r.outcome).toBe('failed');
        expect(r.error).toMatch(/could not be resolved \(EAI_AGAIN\): check the address, or the network$/);
      }
      const rows = await database.db.select().from(feeds).where(inArray(feeds.id, reports.map((r) => r.feedId)));
      expect(rows.length).toBe(defaults.size - 1);
      expect(rows.every((f) => f.consecutiveFailures === 1 && f.status === 'active')).toBe(true);
    } finally {
      await ingest.close();
    }
  });
});
