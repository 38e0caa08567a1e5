/** Stories and items: the reads the command handler and digests need, and the clustering port. */
import { and, asc, desc, eq, gte, isNotNull, isNull, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { hostOf, type ClusterPlan, type PlannedStory, type StoryPort, type UnclusteredItem } from '../core/clustering.ts';
import type { StoryCandidate } from '../core/stories.ts';
import type { ItemView, LabelCounts, StoryView } from '../core/store.ts';
import { visibleOwners, type Scope } from '../core/tenants.ts';
import type { FiredRule, Label, RelevanceResult } from '../core/types.ts';
import { anyOf } from './any-of.ts';
import type { Db } from './connect.ts';
import { feeds, items, stories } from './schema.ts';

// Above PostgreSQL's integer column: such an id names nothing, and must not reach the database as one.
const MAX_ID = 2_147_483_647;

/** Only the items a scope may see: their owners meet the scope's (see core/tenants.ts). */
export function visible(scope: Scope, owners: SQL | AnyColumn = sql`i.owners`): SQL {
  const allowed = visibleOwners(scope);
  // one array literal as one parameter (drizzle would spread a JS array into a list)
  return allowed ? sql`${owners} && ${`{${allowed.map((o) => `"${o.replace(/["\\]/g, '')}"`).join(',')}}`}::text[]` : sql`true`;
}

interface ScopedQuery {
  topic: string;
  /** stories first seen (as the scope sees them) in (from, to] */
  from?: Date;
  to?: Date;
  includeBackfill: boolean;
  label?: Label;
  order: 'coverage' | 'newest';
  limit?: number;
}

type ScopedRow = {
  id: number;
  first_item_id: number;
  item_count: number;
  label: Label;
  score: number | string;
  first_seen_at: Date | string;
  backfill: boolean;
  title: string;
  url: string | null;
  link: string | null;
  feed_title: string | null;
};

/**
 * Stories as a scope sees them, from the items it may see: a story counts for a tenant when at least one of its
 * items does, and its title, link, source, article count, label and score come from those items alone. The label
 * follows core/stories.ts storyLabel: the majority, ties to stall, then progress, then neutral.
 */
async function scopedStories(db: Db, scope: Scope, q: ScopedQuery): Promise<StoryView[]> {
  // A story first seen in the window as a scope sees it was first seen by anyone no later than `to`, and last seen
  // after `from`: the stories table narrows the search before any item is read.
  const storyWindow = sql.join(
    [sql`s.topic = ${q.topic}`, q.to ? sql`s.first_seen_at <= ${q.to}` : sql`true`, q.from ? sql`s.last_seen_at > ${q.from}` : sql`true`],
    sql` and `,
  );
  const outer = sql.join(
    [
      q.from ? sql`v.first_seen_at > ${q.from}` : sql`true`,
      q.to ? sql`v.first_seen_at <= ${q.to}` : sql`true`,
      q.includeBackfill ? sql`true` : sql`not v.backfill`,
      q.label ? sql`v.label = ${q.label}` : sql`true`,
    ],
    sql` and `,
  );
  const order = q.order === 'newest' ? sql`v.first_seen_at desc, v.id desc` : sql`v.item_count desc, abs(v.score) desc, v.first_seen_at desc, v.id desc`;
  const result = await db.execute(sql`
    select v.*, fi.title, coalesce(fi.canonical_url, fi.url) as url, fi.url as link, f.title as feed_title
    from (
      select c.*,
        case when c.stall >= c.progress and c.stall >= c.neutral then 'stall'
             when c.progress >= c.neutral then 'progress' else 'neutral' end as label
      from (
        select i.story_id as id, min(i.id) as first_item_id, count(*)::int as item_count,
          count(*) filter (where i.label = 'stall') as stall,
          count(*) filter (where i.label = 'progress') as progress,
          count(*) filter (where i.label = 'neutral') as neutral,
          round(avg(i.score)::numeric, 3)::float8 as score, min(i.seen_at) as first_seen_at, bool_and(i.backfill) as backfill
        from items i join stories s on s.id = i.story_id
        where ${storyWindow} and ${visible(scope)}
        group by i.story_id
      ) c
    ) v
    join items fi on fi.id = v.first_item_id
    left join feeds f on f.id = fi.feed_id
    where ${outer}
    order by ${order}
    ${q.limit ? sql`limit ${q.limit}` : sql``}`);
  return (result as unknown as { rows: ScopedRow[] }).rows.map((r) => ({
    id: Number(r.id),
    firstItemId: Number(r.first_item_id),
    topic: q.topic,
    title: r.title,
    url: r.url,
    source: r.feed_title ?? hostOf(r.link ?? r.url),
    label: r.label,
    score: Number(r.score),
    itemCount: Number(r.item_count),
    firstSeenAt: new Date(r.first_seen_at),
    backfill: r.backfill,
  }));
}

export function storyReads(db: Db) {
  return {
    storiesBetween(scope: Scope, topic: string, from: Date, to: Date, options: { label?: Label; limit?: number } = {}): Promise<StoryView[]> {
      return scopedStories(db, scope, { topic, from, to, includeBackfill: false, label: options.label, order: 'coverage', limit: options.limit ?? 100 });
    },

    async countStories(scope: Scope, topic: string, from: Date, to: Date, options: { includeBackfill?: boolean } = {}): Promise<LabelCounts> {
      const counts: LabelCounts = { progress: 0, stall: 0, neutral: 0 };
      const includeBackfill = options.includeBackfill ?? false;
      for (const s of await scopedStories(db, scope, { topic, from, to, includeBackfill, order: 'newest' })) counts[s.label]++;
      // Stories retention pruned count by the day they were first seen (midnight UTC stands for the day).
      const archived = await db.execute(sql`
        select label, sum(stories)::int as n from story_days
        where topic = ${topic} and ${visible(scope, sql`owners`)} ${includeBackfill ? sql`` : sql`and not backfill`}
          and (day::timestamp at time zone 'UTC') > ${from.toISOString()}::timestamptz and (day::timestamp at time zone 'UTC') <= ${to.toISOString()}::timestamptz
        group by label`);
      for (const r of (archived as unknown as { rows: Array<{ label: Label; n: number }> }).rows) if (r.label in counts) counts[r.label] += Number(r.n);
      return counts;
    },

    latestStories(scope: Scope, topic: string, limit: number, label?: Label): Promise<StoryView[]> {
      return scopedStories(db, scope, { topic, includeBackfill: true, label, order: 'newest', limit });
    },

    async findItem(scope: Scope, target: string, topic?: string): Promise<ItemView | null> {
      const id = /^\d{1,12}$/.test(target) ? Number(target) : null;
      if (id !== null && (id < 1 || id > MAX_ID)) return null;
      const rows = await db
        .select({ item: items, feedTitle: feeds.title })
        .from(items)
        .leftJoin(feeds, eq(items.feedId, feeds.id))
        .where(
          and(
            id !== null ? eq(items.id, id) : or(eq(items.url, target), eq(items.canonicalUrl, target)),
            visible(scope, items.owners),
          ),
        )
        .orderBy(topic ? desc(sql`${items.topic} = ${topic}`) : asc(items.id), asc(items.id))
        .limit(1);
      const row = rows[0];
      if (!row) return null;
      const i = row.item;
      return {
        id: i.id,
        title: i.title,
        summary: i.summary,
        url: i.url,
        source: row.feedTitle,
        topic: i.topic,
        relevant: i.relevant,
        label: i.label as Label,
        score: i.score,
        rules: i.rules as FiredRule[],
        relevance: (i.relevance as RelevanceResult | null) ?? null,
        storyId: i.storyId,
        publishedAt: i.publishedAt,
        fetchedAt: i.fetchedAt,
        backfill: i.backfill,
      };
    },
  };
}

const CHUNK = 1_000;

export function storyPort(db: Db): StoryPort {
  return {
    async pending() {
      // Through the partial index of unplaced items: the placed ones and the off-topic ones are never read.
      const rows = await db
        .select({ id: items.id })
        .from(items)
        .where(sql`${items.relevant} and ${items.storyId} is null`)
        .orderBy(asc(items.id));
      return rows.map((r) => r.id);
    },

    async unclustered(ids) {
      if (ids.length === 0) return [];
      const rows = await db
        .select({
          id: items.id,
          topic: items.topic,
          title: items.title,
          url: items.url,
          canonicalUrl: items.canonicalUrl,
          label: items.label,
          score: items.score,
          publishedAt: items.publishedAt,
          fetchedAt: items.fetchedAt,
          backfill: items.backfill,
          feedTitle: feeds.title,
        })
        .from(items)
        .leftJoin(feeds, eq(items.feedId, feeds.id))
        .where(and(anyOf(items.id, ids), idRange(ids)))
        .orderBy(asc(items.id));
      return rows.map(({ url, feedTitle, ...i }): UnclusteredItem => ({
        ...i,
        canonicalUrl: i.canonicalUrl ?? url,
        source: feedTitle ?? hostOf(url),
        label: i.label as Label,
      }));
    },

    async stillUnclustered(ids) {
      if (ids.length === 0) return new Set<number>();
      const rows = await db.select({ id: items.id }).from(items).where(and(anyOf(items.id, ids), isNull(items.storyId)));
      return new Set(rows.map((r) => r.id));
    },

    async candidates(topic, since, before): Promise<StoryCandidate[]> {
      // One row per story with its tally, then its distinct titles and URLs: a story of 50,000 copies of one
      // headline is one title, not 50,000 rows.
      const inWindow = and(eq(stories.topic, topic), gte(stories.lastSeenAt, since), before ? lt(stories.lastSeenAt, before) : undefined);
      const count = (label: Label) => sql<number>`(count(*) filter (where ${items.label} = ${label}))::int`;
      const tallies = await db
        .select({
          id: stories.id,
          firstSeenAt: stories.firstSeenAt,
          lastSeenAt: stories.lastSeenAt,
          backfill: stories.backfill,
          progress: count('progress'),
          stall: count('stall'),
          neutral: count('neutral'),
          scoreSum: sql<number>`coalesce(sum(${items.score}::float8), 0)::float8`,
        })
        .from(stories)
        .innerJoin(items, eq(items.storyId, stories.id))
        .where(inWindow)
        .groupBy(stories.id)
        .orderBy(asc(stories.id));
      if (tallies.length === 0) return [];
      const byStory = new Map<number, StoryCandidate>();
      for (const t of tallies) {
        const labels = { progress: Number(t.progress), stall: Number(t.stall), neutral: Number(t.neutral) };
        byStory.set(t.id, { id: t.id, topic, firstSeenAt: t.firstSeenAt, lastSeenAt: t.lastSeenAt, backfill: t.backfill, titles: [], urls: [], labels, scoreSum: Number(t.scoreSum) });
      }
      const titles = await db
        .select({ storyId: items.storyId, title: items.title, first: sql<number>`min(${items.id})` })
        .from(items)
        .innerJoin(stories, eq(items.storyId, stories.id))
        .where(inWindow)
        .groupBy(items.storyId, items.title)
        .orderBy(asc(items.storyId), sql`min(${items.id})`);
      for (const r of titles) byStory.get(r.storyId!)?.titles.push(r.title);
      const urls = await db
        .selectDistinct({ storyId: items.storyId, url: items.canonicalUrl })
        .from(items)
        .innerJoin(stories, eq(items.storyId, stories.id))
        .where(and(inWindow, isNotNull(items.canonicalUrl)));
      for (const r of urls) byStory.get(r.storyId!)?.urls.push(r.url!);
      return [...byStory.values()];
    },

    async save(plan: ClusterPlan) {
      const created = await db.transaction(async (tx) => {
        const ids = new Map<number, number>();
        const fields = (s: PlannedStory) => ({
          label: s.label,
          score: s.score,
          firstSeenAt: s.firstSeenAt,
          lastSeenAt: s.lastSeenAt,
          itemCount: s.itemCount,
          backfill: s.backfill,
        });
        const fresh = plan.stories.filter((s) => s.key < 0);
        for (let i = 0; i < fresh.length; i += CHUNK) {
          const chunk = fresh.slice(i, i + CHUNK);
          const created = await tx
            .insert(stories)
            .values(chunk.map((s) => ({ topic: s.topic, title: s.title, canonicalUrl: s.canonicalUrl, source: s.source, ...fields(s) })))
            .returning({ id: stories.id });
          chunk.forEach((s, j) => ids.set(s.key, created[j]!.id));
        }
        // Stories that grew: one statement for all of them, a column per array, however many there are.
        const grown = plan.stories.filter((s) => s.key > 0);
        for (const s of grown) ids.set(s.key, s.key);
        for (let i = 0; i < grown.length; i += CHUNK) {
          const chunk = grown.slice(i, i + CHUNK);
          const column = <T>(get: (s: PlannedStory) => T) => sql.param(chunk.map(get));
          await tx.execute(sql`
            update stories set label = v.label, score = v.score, first_seen_at = v.first_seen_at, last_seen_at = v.last_seen_at,
                               item_count = v.item_count, backfill = v.backfill
            from unnest(${column((s) => s.key)}::int[], ${column((s) => s.label)}::text[], ${column((s) => s.score)}::real[],
                        ${column((s) => s.firstSeenAt.toISOString())}::timestamptz[], ${column((s) => s.lastSeenAt.toISOString())}::timestamptz[],
                        ${column((s) => s.itemCount)}::int[], ${column((s) => s.backfill)}::boolean[])
                 as v(id, label, score, first_seen_at, last_seen_at, item_count, backfill)
            where stories.id = v.id`);
        }
        // Two array parameters rather than a parameter per value: the statement stays small whatever the batch.
        const itemIds = plan.assignments.map((a) => a.itemId);
        const storyIds = plan.assignments.map((a) => ids.get(a.storyKey)!);
        if (itemIds.length) {
          await tx.execute(
            sql`update items set story_id = v.story_id from unnest(${sql.param(itemIds)}::int[], ${sql.param(storyIds)}::int[]) as v(item_id, story_id) where items.id = v.item_id and ${idRange(itemIds)}`,
          );
        }
        return new Map([...ids].filter(([key]) => key < 0));
      });
      // PGlite runs on this thread and answers without yielding to timers: let waiting requests and acks through
      // between batches, so a long run holds slash commands up for a batch, not for the whole run.
      await new Promise((resolve) => setImmediate(resolve));
      return created;
    },
  };
}

/**
 * The id range a page of items spans. Said alongside the ids themselves, it lets the planner read just that range
 * of the primary key: without it, on a table whose statistics lag behind a burst of new items, each page can cost
 * a pass over the whole table.
 */
function idRange(ids: number[]): SQL {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const id of ids) {
    if (id < low) low = id;
    if (id > high) high = id;
  }
  return sql`${items.id} between ${low} and ${high}`;
}

