/**
 * Feeds and their items in the database: what the poller needs (core/feeds.ts FeedStore) and what the
 * `feeds` commands need. A fetched feed (table feeds) is one per address; each tenant that watches it holds a
 * tenant feed (table tenant_feeds), whose id is the one users see. One implementation for PGlite and PostgreSQL.
 */
import { and, asc, count, eq, inArray, isNotNull, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import type { FeedStore, FeedUpdate, ItemToStore, StoredItem } from '../core/feeds.ts';
import { itemSeenAt } from '../core/stories.ts';
import type { AddFeedResult, FeedHealth, FeedView } from '../core/store.ts';
import { everyone, SHARED, visibleOwners, type Scope } from '../core/tenants.ts';
import type { Feed, FeedStatus, FeedTopic } from '../core/types.ts';
import { anyOf } from './any-of.ts';
import type { Db } from './connect.ts';
import { appState, feeds, items, tenantFeeds } from './schema.ts';

/** A tenant feed with the fetched feed's poll state: what `feeds list` shows. */
export interface FeedListing extends FeedView {
  feedId: number;
  addedAt: Date;
  lastPolledAt: Date | null;
  consecutiveFailures: number;
}

export interface NewFeed {
  url: string;
  topic: string;
  /** a tenant id, or 'shared' (the default) */
  owner?: string;
  addedBy?: string | null;
  title?: string | null;
}

// Items per statement: each chunk goes as one JSON document, whatever its size.
const INSERT_CHUNK = 1_000;
const KEY_CHUNK = 5_000;
// Above PostgreSQL's integer column: such an id names nothing, and must not reach the database as one.
const MAX_ID = 2_147_483_647;

type FeedRow = typeof feeds.$inferSelect;

function toFeed(row: FeedRow, topics: FeedTopic[]): Feed {
  const { claimedUntil: _claimed, backfilledTopics: _backfilled, ...rest } = row;
  return { ...rest, topics, status: row.status as FeedStatus };
}

const listingColumns = {
  id: tenantFeeds.id,
  feedId: feeds.id,
  owner: tenantFeeds.tenant,
  topic: tenantFeeds.topic,
  addedBy: tenantFeeds.addedBy,
  addedAt: tenantFeeds.addedAt,
  url: feeds.url,
  title: feeds.title,
  status: feeds.status,
  lastError: feeds.lastError,
  nextPollAt: feeds.nextPollAt,
  lastPolledAt: feeds.lastPolledAt,
  lastSuccessAt: feeds.lastSuccessAt,
  consecutiveFailures: feeds.consecutiveFailures,
};

type ListingRow = Omit<FeedListing, 'status' | 'itemCount'> & { status: string };

const toListing = (r: ListingRow, itemCount: number): FeedListing => ({ ...r, status: r.status as FeedStatus, itemCount });

export class DbFeedStore implements FeedStore {
  constructor(private readonly db: Db) {}

  /**
   * Add a tenant feed, due at once. The address is fetched once however many owners watch it; an address the
   * owner already watches is not added twice. An owner other than 'shared' stops at `limit` feeds.
   */
  async add(feed: NewFeed, now: Date, limit: number | null = null): Promise<AddFeedResult<FeedListing> & { fetched: Feed | null }> {
    const owner = feed.owner ?? SHARED;
    return this.db.transaction(async (tx) => {
      // one owner's adds queue up, so two at once cannot both slip under the limit
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`talkwatch:feeds:${owner}`}))`);
      await tx
        .insert(feeds)
        .values({ url: feed.url, title: feed.title ?? null, nextPollAt: now, addedAt: now })
        .onConflictDoNothing({ target: feeds.url });
      const [fetched] = await tx.select().from(feeds).where(eq(feeds.url, feed.url));
      const [mine] = await tx.select().from(tenantFeeds).where(and(eq(tenantFeeds.tenant, owner), eq(tenantFeeds.feedId, fetched!.id)));
      if (mine) return { outcome: 'exists', feed: await this.listing(tx, mine.id), fetched: null };
      if (owner !== SHARED && limit !== null) {
        const [held] = await tx.select({ n: count() }).from(tenantFeeds).where(eq(tenantFeeds.tenant, owner));
        if (Number(held!.n) >= limit) return { outcome: 'limit', limit, fetched: null };
      }
      const watchers = await tx.select({ topic: tenantFeeds.topic }).from(tenantFeeds).where(eq(tenantFeeds.feedId, fetched!.id));
      const [entry] = await tx
        .insert(tenantFeeds)
        .values({ tenant: owner, feedId: fetched!.id, topic: feed.topic, addedBy: feed.addedBy ?? null, addedAt: now })
        .returning();
      const newTopic = !watchers.some((w) => w.topic === feed.topic);
      if (!newTopic) {
        // already fetched for this topic: what it stored so far becomes the new owner's history too
        await tx
          .update(items)
          .set({ owners: sql`array_append(${items.owners}, ${owner})` })
          .where(and(eq(items.feedId, fetched!.id), eq(items.topic, feed.topic), sql`not (${owner} = any(${items.owners}))`));
      }
      const refresh: Partial<typeof feeds.$inferInsert> = {
        // a topic this address was not read for: read the whole document again at once, however it was cached
        ...(newTopic ? { nextPollAt: now, etag: null, lastModified: null } : {}),
        // someone asking for a gone address again: try it once more
        ...(fetched!.status === 'gone' ? { status: 'active', consecutiveFailures: 0, nextPollAt: now } : {}),
      };
      if (Object.keys(refresh).length) await tx.update(feeds).set(refresh).where(eq(feeds.id, fetched!.id));
      const [row] = await tx.select().from(feeds).where(eq(feeds.id, fetched!.id));
      return { outcome: 'added', feed: await this.listing(tx, entry!.id), fetched: toFeed(row!, []) };
    });
  }

  private async listing(db: Db, id: number): Promise<FeedListing> {
    const [row] = await db.select(listingColumns).from(tenantFeeds).innerJoin(feeds, eq(feeds.id, tenantFeeds.feedId)).where(eq(tenantFeeds.id, id));
    return toListing(row!, 0);
  }

  /** The fetched feed, with the topics it is watched for. */
  async get(id: number): Promise<Feed | null> {
    const [row] = await this.db.select().from(feeds).where(eq(feeds.id, id));
    return row ? toFeed(row, (await this.topicsOf([row]))[0]!) : null;
  }

  /** The tenant feeds a scope sees (everyone: all of them), by id, with their item counts. */
  async list(scope: Scope = everyone): Promise<FeedListing[]> {
    const owners = visibleOwners(scope);
    const rows = await this.db
      .select(listingColumns)
      .from(tenantFeeds)
      .innerJoin(feeds, eq(feeds.id, tenantFeeds.feedId))
      .where(owners ? inArray(tenantFeeds.tenant, owners) : undefined)
      .orderBy(asc(tenantFeeds.id));
    if (rows.length === 0) return [];
    const counts = await this.db
      .select({ feedId: items.feedId, topic: items.topic, n: count() })
      .from(items)
      .where(anyOf(items.feedId, [...new Set(rows.map((r) => r.feedId))]))
      .groupBy(items.feedId, items.topic);
    const n = new Map(counts.map((c) => [`${c.feedId}\n${c.topic}`, Number(c.n)]));
    return rows.map((r) => toListing(r, n.get(`${r.feedId}\n${r.topic}`) ?? 0));
  }

  /** The tenant feeds a scope sees, counted by health, and the three most in need of an admin. */
  async health(scope: Scope = everyone): Promise<FeedHealth> {
    const owners = visibleOwners(scope);
    const seen = owners ? inArray(tenantFeeds.tenant, owners) : undefined;
    const tally = (condition: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${condition}))::int`;
    const [totals] = await this.db
      .select({
        healthy: tally(sql`${feeds.status} = 'active' and ${feeds.lastError} is null`),
        retrying: tally(sql`${feeds.status} = 'active' and ${feeds.lastError} is not null`),
        failing: tally(sql`${feeds.status} = 'failing'`),
        gone: tally(sql`${feeds.status} = 'gone'`),
        troubledCount: tally(sql`${feeds.lastError} is not null`),
        lastSuccessAt: sql<Date | null>`max(${feeds.lastSuccessAt})`.mapWith(feeds.lastSuccessAt),
      })
      .from(tenantFeeds)
      .innerJoin(feeds, eq(feeds.id, tenantFeeds.feedId))
      .where(seen);
    const troubled = await this.db
      .select({ id: tenantFeeds.id, lastError: feeds.lastError })
      .from(tenantFeeds)
      .innerJoin(feeds, eq(feeds.id, tenantFeeds.feedId))
      .where(and(seen, isNotNull(feeds.lastError)))
      .orderBy(sql`case ${feeds.status} when 'failing' then 0 when 'active' then 1 else 2 end`, asc(tenantFeeds.id))
      .limit(3);
    const t = totals!;
    return {
      healthy: Number(t.healthy),
      retrying: Number(t.retrying),
      failing: Number(t.failing),
      gone: Number(t.gone),
      troubledCount: Number(t.troubledCount),
      lastSuccessAt: t.lastSuccessAt ?? null,
      troubled: troubled.map((r) => ({ id: r.id, lastError: r.lastError! })),
    };
  }

  /**
   * Remove a tenant feed of one of these owners (all owners when not given); its items stay in history. The
   * address is not polled once nobody watches it.
   */
  async remove(id: number, owners?: string[]): Promise<FeedListing | null> {
    if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) return null;
    const where = and(eq(tenantFeeds.id, id), owners ? inArray(tenantFeeds.tenant, owners) : undefined);
    const [found] = await this.db.select(listingColumns).from(tenantFeeds).innerJoin(feeds, eq(feeds.id, tenantFeeds.feedId)).where(where);
    if (!found) return null;
    const [gone] = await this.db.delete(tenantFeeds).where(where).returning({ id: tenantFeeds.id });
    return gone ? toListing(found, 0) : null;
  }

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<Feed[]> {
    // One statement: the inner select locks the due rows it picks and skips rows another replica is claiming
    // right now; rows claimed earlier are excluded by claimed_until. A feed nobody watches is not polled.
    const due = this.db
      .select({ id: feeds.id })
      .from(feeds)
      .where(
        and(
          ne(feeds.status, 'gone'),
          lte(feeds.nextPollAt, now),
          or(isNull(feeds.claimedUntil), lt(feeds.claimedUntil, now)),
          sql`exists (select 1 from ${tenantFeeds} where ${tenantFeeds.feedId} = ${feeds.id})`,
        ),
      )
      .orderBy(asc(feeds.nextPollAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    const rows = await this.db
      .update(feeds)
      .set({ claimedUntil: new Date(now.getTime() + leaseMs) })
      .where(inArray(feeds.id, due))
      .returning();
    rows.sort((a, b) => a.nextPollAt.getTime() - b.nextPollAt.getTime());
    const topics = await this.topicsOf(rows);
    return rows.map((row, i) => toFeed(row, topics[i]!));
  }

  /** For each fetched feed, the topics it is watched for and by whom. */
  private async topicsOf(rows: FeedRow[]): Promise<FeedTopic[][]> {
    if (rows.length === 0) return [];
    const watchers = await this.db
      .select({ feedId: tenantFeeds.feedId, topic: tenantFeeds.topic, owner: tenantFeeds.tenant })
      .from(tenantFeeds)
      .where(anyOf(tenantFeeds.feedId, rows.map((r) => r.id)))
      .orderBy(asc(tenantFeeds.id));
    return rows.map((row) => {
      const byTopic = new Map<string, FeedTopic>();
      for (const w of watchers.filter((x) => x.feedId === row.id)) {
        let t = byTopic.get(w.topic);
        if (!t) byTopic.set(w.topic, (t = { topic: w.topic, owners: [], backfilled: row.backfilledTopics.includes(w.topic) }));
        if (!t.owners.includes(w.owner)) t.owners.push(w.owner);
      }
      return [...byTopic.values()];
    });
  }

  async existingKeys(feedId: number, topic: string, keys: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < keys.length; i += KEY_CHUNK) {
      const chunk = keys.slice(i, i + KEY_CHUNK);
      const rows = await this.db
        .select({ key: items.key, title: items.title })
        .from(items)
        .where(and(eq(items.feedId, feedId), eq(items.topic, topic), anyOf(items.key, chunk, 'text')));
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
        seen_at: itemSeenAt(item.publishedAt, item.fetchedAt).toISOString(),
        backfill: item.backfill,
        topic: item.topic,
        owners: item.owners,
        relevant: item.classification.relevant,
        label: item.classification.label,
        score: item.classification.score,
        rules: item.classification.rules,
        relevance: item.classification.relevance ?? null,
      }));
      // One JSON document per chunk: a single parameter, however many items, and no per-row mapping.
      const result = (await this.db.execute(sql`
        insert into items (feed_id, key, guid, url, canonical_url, title, summary, published_at, fetched_at, seen_at, backfill, topic,
                           owners, relevant, label, score, rules, relevance)
        select ${feedId}::int, r.key, r.guid, r.url, r.canonical_url, r.title, r.summary, r.published_at, r.fetched_at, r.seen_at,
               r.backfill, r.topic, array(select json_array_elements_text(r.owners)), r.relevant, r.label, r.score, r.rules, r.relevance
        from json_to_recordset(${JSON.stringify(rows)}::json) as r(key text, guid text, url text, canonical_url text, title text,
             summary text, published_at timestamptz, fetched_at timestamptz, seen_at timestamptz, backfill boolean, topic text,
             owners json, relevant boolean, label text, score real, rules jsonb, relevance jsonb)
        on conflict (feed_id, topic, key) do nothing
        returning id, key, topic`)) as unknown as { rows: Array<{ id: number; key: string; topic: string }> };
      const byKey = new Map(chunk.map((item) => [`${item.topic}\u0000${item.key}`, item]));
      for (const { id, key, topic } of result.rows) {
        const item = byKey.get(`${topic}\u0000${key}`)!;
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

  async releaseClaim(feedId: number, nextPollAt?: Date): Promise<void> {
    await this.db.update(feeds).set({ claimedUntil: null, ...(nextPollAt ? { nextPollAt } : {}) }).where(eq(feeds.id, feedId));
  }

  /**
   * Add the default feeds, shared, once per database: the first caller records that it did, in the same
   * transaction, so a second replica or a later start adds nothing, and a default feed the operator removed stays
   * removed. Returns how many feeds were added, or null when this was done before.
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
      await tx
        .insert(feeds)
        .values(list.map((f) => ({ url: f.url, title: f.title ?? null, nextPollAt: now, addedAt: now })))
        .onConflictDoNothing({ target: feeds.url });
      const fetched = await tx.select({ id: feeds.id, url: feeds.url }).from(feeds).where(inArray(feeds.url, list.map((f) => f.url)));
      const ids = new Map(fetched.map((f) => [f.url, f.id]));
      const added = await tx
        .insert(tenantFeeds)
        .values(list.map((f) => ({ tenant: SHARED, feedId: ids.get(f.url)!, topic: f.topic, addedBy: f.addedBy ?? 'default', addedAt: now })))
        .onConflictDoNothing({ target: [tenantFeeds.tenant, tenantFeeds.feedId] })
        .returning({ id: tenantFeeds.id });
      return added.length;
    });
  }
}
