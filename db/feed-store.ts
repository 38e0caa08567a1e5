/**
 * Feeds and their items in the database: what the poller needs (core/feeds.ts FeedStore) and what the
 * `feeds` commands need. One implementation for PGlite and server PostgreSQL.
 */
import { and, asc, count, eq, getTableColumns, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { FeedStore, FeedUpdate, ItemToStore, StoredItem } from '../core/feeds.ts';
import type { Feed, FeedStatus } from '../core/types.ts';
import type { Db } from './connect.ts';
import { appState, feeds, items } from './schema.ts';

export interface FeedListing extends Feed {
  itemCount: number;
}

export interface NewFeed {
  url: string;
  topic: string;
  addedBy?: string | null;
  title?: string | null;
}

const INSERT_CHUNK = 1_000;
const KEY_CHUNK = 5_000;

type FeedRow = typeof feeds.$inferSelect;

function toFeed(row: FeedRow): Feed {
  const { claimedUntil: _claimed, ...rest } = row;
  return { ...rest, status: row.status as FeedStatus };
}

export class DbFeedStore implements FeedStore {
  constructor(private readonly db: Db) {}

  /** Add a feed, due at once. An address already watched is not added twice: `created` says which. */
  async add(feed: NewFeed, now: Date): Promise<{ feed: Feed; created: boolean }> {
    const [row] = await this.db
      .insert(feeds)
      .values({ url: feed.url, topic: feed.topic, title: feed.title ?? null, addedBy: feed.addedBy ?? null, nextPollAt: now, addedAt: now })
      .onConflictDoNothing({ target: feeds.url })
      .returning();
    if (row) return { feed: toFeed(row), created: true };
    const [existing] = await this.db.select().from(feeds).where(eq(feeds.url, feed.url));
    return { feed: toFeed(existing!), created: false };
  }

  async get(id: number): Promise<Feed | null> {
    const [row] = await this.db.select().from(feeds).where(eq(feeds.id, id));
    return row ? toFeed(row) : null;
  }

  async list(): Promise<FeedListing[]> {
    const counts = this.db
      .select({ feedId: items.feedId, n: count().as('n') })
      .from(items)
      .groupBy(items.feedId)
      .as('counts');
    const rows = await this.db
      .select({ ...getTableColumns(feeds), itemCount: counts.n })
      .from(feeds)
      .leftJoin(counts, eq(counts.feedId, feeds.id))
      .orderBy(asc(feeds.id));
    return rows.map(({ itemCount, ...row }) => ({ ...toFeed(row), itemCount: Number(itemCount ?? 0) }));
  }

  /** Remove a feed; its items stay in history and stories (their feed becomes unknown). */
  async remove(id: number): Promise<Feed | null> {
    const [row] = await this.db.delete(feeds).where(eq(feeds.id, id)).returning();
    return row ? toFeed(row) : null;
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<Feed[]> {
    // One statement: the inner select locks the due rows it picks and skips rows another replica is claiming
    // right now; rows claimed earlier are excluded by claimed_until.
    const due = this.db
      .select({ id: feeds.id })
      .from(feeds)
      .where(and(ne(feeds.status, 'gone'), lte(feeds.nextPollAt, now), or(isNull(feeds.claimedUntil), lt(feeds.claimedUntil, now))))
      .orderBy(asc(feeds.nextPollAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.db
      .update(feeds)
      .set({ claimedUntil: new Date(now.getTime() + leaseMs) })
      .where(inArray(feeds.id, due))
      .returning();
    return rows.sort((a, b) => a.nextPollAt.getTime() - b.nextPollAt.getTime()).map(toFeed);
  }

  async existingKeys(feedId: number, keys: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < keys.length; i += KEY_CHUNK) {
      const chunk = keys.slice(i, i + KEY_CHUNK);
      const rows = await this.db
        .select({ key: items.key, title: items.title })
        .from(items)
        .where(and(eq(items.feedId, feedId), inArray(items.key, chunk)));
      for (const row of rows) found.set(row.key, row.title);
    }
    return found;
  }

  /**
   * Insert new items, a chunk per statement. The rows travel as one JSON document unpacked by the server
   * (json_to_recordset) rather than as 15 bound parameters per row: building and sending tens of thousands of
   * parameters costs more than the insert itself. Only ids come back; the rest is what was sent.
   */
  async storeItems(feedId: number, toStore: ItemToStore[]): Promise<StoredItem[]> {
    const stored: StoredItem[] = [];
    for (let i = 0; i < toStore.length; i += INSERT_CHUNK) {
      const chunk = toStore.slice(i, i + INSERT_CHUNK);
      const rows = chunk.map((item) => ({
        key: item.key,
        guid: item.guid,
        url: item.url,
        canonical_url: item.canonicalUrl,
        title: item.title,
        summary: item.summary,
        published_at: item.publishedAt?.toISOString() ?? null,
        fetched_at: item.fetchedAt.toISOString(),
        backfill: item.backfill,
        topic: item.topic,
        relevant: item.classification.relevant,
        label: item.classification.label,
        score: item.classification.score,
        rules: item.classification.rules,
      }));
      const result = (await this.db.execute(sql`
        insert into items (feed_id, key, guid, url, canonical_url, title, summary, published_at, fetched_at, backfill, topic, relevant, label, score, rules)
        select ${feedId}::int, r.key, r.guid, r.url, r.canonical_url, r.title, r.summary, r.published_at, r.fetched_at, r.backfill, r.topic,
               r.relevant, r.label, r.score, r.rules
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(key text, guid text, url text, canonical_url text, title text,
             summary text, published_at timestamptz, fetched_at timestamptz, backfill boolean, topic text, relevant boolean,
             label text, score real, rules jsonb)
        on conflict (feed_id, key) do nothing
        returning id, key`)) as unknown as { rows: Array<{ id: number; key: string }> };
      const byKey = new Map(chunk.map((item) => [item.key, item]));
      for (const { id, key } of result.rows) {
        const item = byKey.get(key)!;
        stored.push({
          id: Number(id),
          feedId,
          key,
          title: item.title,
          summary: item.summary,
          url: item.url,
          canonicalUrl: item.canonicalUrl,
          publishedAt: item.publishedAt,
          fetchedAt: item.fetchedAt,
          topic: item.topic,
          backfill: item.backfill,
          relevant: item.classification.relevant,
          label: item.classification.label,
          score: item.classification.score,
        });
      }
    }
    return stored;
  }

  async recordPoll(feedId: number, update: FeedUpdate): Promise<void> {
    const set: Partial<typeof feeds.$inferInsert> = { ...update, claimedUntil: null };
    for (const key of Object.keys(set) as Array<keyof typeof set>) if (set[key] === undefined) delete set[key];
    await this.db.update(feeds).set(set).where(eq(feeds.id, feedId));
  }

  async releaseClaim(feedId: number): Promise<void> {
    await this.db.update(feeds).set({ claimedUntil: null }).where(eq(feeds.id, feedId));
  }

  /**
   * Add the default feeds once per database: the first caller records that it did, in the same transaction, so
   * a second replica or a later start adds nothing, and a default feed a user removed stays removed.
   * Returns how many feeds were added, or null when this was done before.
   */
  async seedOnce(marker: string, list: NewFeed[], now: Date): Promise<number | null> {
    return this.db.transaction(async (tx) => {
      const [claimed] = await tx
        .insert(appState)
        .values({ key: marker, value: { at: now.toISOString(), feeds: list.length }, updatedAt: now })
        .onConflictDoNothing({ target: appState.key })
        .returning();
      if (!claimed) return null;
      if (list.length === 0) return 0;
      const added = await tx
        .insert(feeds)
        .values(list.map((f) => ({ url: f.url, topic: f.topic, title: f.title ?? null, addedBy: f.addedBy ?? 'default', nextPollAt: now, addedAt: now })))
        .onConflictDoNothing({ target: feeds.url })
        .returning({ id: feeds.id });
      return added.length;
    });
  }
}
