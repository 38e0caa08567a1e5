import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedIngest } from '../../bots/feed-ingest.ts';
import { DbFeedStore } from '../../db/feed-store.ts';
import { feeds, items } from '../../db/schema.ts';
import { feedTestApp } from '../support/feed-app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { FeedServer } from '../support/feed-server.ts';

const now = new Date('2026-11-21T12:00:00Z');
const rss = (titles: string[]) =>
  `<rss version="2.0"><channel><title>Wire</title>${titles.map((t, i) => `<item><title>${t}</title><guid>g${i}</guid></item>`).join('')}</channel></rss>`;
const A = 'slack:TAAAAAAAA';
const B = 'discord:222222222222222222';

describe.each(engines)('tenant feeds on %s', (engine) => {
  let database: TestDatabase;
  let store: DbFeedStore;
  let server: FeedServer;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    store = new DbFeedStore(database.db);
    server = await new FeedServer().start();
  });
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  it('fetches an address two tenants watch once, and keeps their entries apart', async () => {
    server.route('/both', { body: rss(['Iran and US resume talks in Islamabad']), contentType: 'application/rss+xml' });
    const url = server.url('/both');
    const a = await store.add({ url, topic: 'iran-us', owner: A }, now, 50);
    const b = await store.add({ url, topic: 'iran-us', owner: B }, now, 50);
    expect(a.outcome).toBe('added');
    expect(b.outcome).toBe('added');
    if (a.outcome !== 'added' || b.outcome !== 'added') return;
    expect(a.feed.id).not.toBe(b.feed.id);
    expect(a.feed.feedId).toBe(b.feed.feedId);
    expect(await database.db.select().from(feeds).where(eq(feeds.url, url))).toHaveLength(1);

    const app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    app.clock.set(now);
    const ingest = createFeedIngest(app);
    try {
      await ingest.poller.pollDue();
    } finally {
      await ingest.close();
    }
    expect(server.hits('/both')).toBe(1);
    const stored = await database.db.select().from(items).where(eq(items.feedId, a.feed.feedId));
    expect(stored).toHaveLength(1);
    expect(stored[0]!.owners.sort()).toEqual([A, B].sort());

    // each tenant sees its own entry only
    expect((await store.list({ tenant: A })).map((f) => f.id)).toContain(a.feed.id);
    expect((await store.list({ tenant: A })).map((f) => f.id)).not.toContain(b.feed.id);
    // removing one tenant's entry leaves the other's alone
    expect(await store.remove(b.feed.id, [A])).toBeNull();
    expect((await store.remove(a.feed.id, [A]))?.id).toBe(a.feed.id);
    expect((await store.list({ tenant: B })).map((f) => f.id)).toContain(b.feed.id);
  });

  it('gives an owner who joins later the history already fetched, and stops an owner at its limit', async () => {
    server.route('/late', { body: rss(['Talks stall in Islamabad']), contentType: 'application/rss+xml' });
    const url = server.url('/late');
    const first = await store.add({ url, topic: 'iran-us', owner: 'shared' }, now);
    const app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    app.clock.set(now);
    const ingest = createFeedIngest(app);
    try {
      await ingest.poller.pollDue();
    } finally {
      await ingest.close();
    }
    const late = 'slack:TLATELATE';
    expect((await store.add({ url, topic: 'iran-us', owner: late }, now, 1)).outcome).toBe('added');
    const rows = await database.db.select().from(items).where(eq(items.feedId, first.fetched!.id));
    expect(rows.every((r) => r.owners.includes(late))).toBe(true);
    expect(await store.add({ url: server.url('/another'), topic: 'iran-us', owner: late }, now, 1)).toEqual({ outcome: 'limit', limit: 1, fetched: null });
    // shared feeds count for nobody
    expect((await store.add({ url: server.url('/another'), topic: 'iran-us', owner: 'shared' }, now, 1)).outcome).toBe('added');
  });

  it('refuses ids past the integer column as no feed at all', async () => {
    expect(await store.remove(99_999_999_999, [A])).toBeNull();
    expect(await store.remove(-1)).toBeNull();
  });
});
