/** Stories and items: the reads the command handler and digests need, and the clustering port. */
import { and, asc, desc, eq, getTableColumns, gt, gte, isNotNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { ClusterPlan, PlannedStory, StoryPort, UnclusteredItem } from '../core/clustering.ts';
import type { StoryCandidate } from '../core/stories.ts';
import type { ItemView, LabelCounts, StoryView } from '../core/store.ts';
import type { FiredRule, Label } from '../core/types.ts';
import type { Db } from './connect.ts';
import { feeds, items, stories } from './schema.ts';

type StoryRow = typeof stories.$inferSelect & { firstItemId: number | null };

// A story's first article: what `explain` takes for it.
const firstItemId = sql<number | null>`(select min(i.id) from items i where i.story_id = "stories"."id")`.as('first_item_id');

function toStoryView(r: StoryRow): StoryView {
  return {
    id: r.id,
    firstItemId: r.firstItemId ?? 0,
    topic: r.topic,
    title: r.title,
    url: r.canonicalUrl,
    source: r.source,
    label: r.label as Label,
    score: r.score,
    itemCount: r.itemCount,
    firstSeenAt: r.firstSeenAt,
    backfill: r.backfill,
  };
}

export function storyReads(db: Db) {
  const inWindow = (topic: string, from: Date, to: Date, includeBackfill = false) =>
    and(eq(stories.topic, topic), includeBackfill ? undefined : eq(stories.backfill, false), gt(stories.firstSeenAt, from), lte(stories.firstSeenAt, to));

  return {
    async storiesBetween(topic: string, from: Date, to: Date, options: { label?: Label; limit?: number } = {}): Promise<StoryView[]> {
      const rows = await db
        .select({ ...getTableColumns(stories), firstItemId })
        .from(stories)
        .where(and(inWindow(topic, from, to), options.label ? eq(stories.label, options.label) : undefined))
        .orderBy(desc(stories.itemCount), desc(sql`abs(${stories.score})`), desc(stories.firstSeenAt))
        .limit(options.limit ?? 100);
      return rows.map(toStoryView);
    },

    async countStories(topic: string, from: Date, to: Date, options: { includeBackfill?: boolean } = {}): Promise<LabelCounts> {
      const rows = await db
        .select({ label: stories.label, n: sql<number>`count(*)::int` })
        .from(stories)
        .where(inWindow(topic, from, to, options.includeBackfill))
        .groupBy(stories.label);
      const counts: LabelCounts = { progress: 0, stall: 0, neutral: 0 };
      for (const r of rows) counts[r.label as Label] = Number(r.n);
      return counts;
    },

    async latestStories(topic: string, limit: number, label?: Label): Promise<StoryView[]> {
      const rows = await db
        .select({ ...getTableColumns(stories), firstItemId })
        .from(stories)
        .where(and(eq(stories.topic, topic), label ? eq(stories.label, label) : undefined))
        .orderBy(desc(stories.firstSeenAt), desc(stories.id))
        .limit(limit);
      return rows.map(toStoryView);
    },

    async findItem(target: string): Promise<ItemView | null> {
      const byId = /^\d+$/.test(target) ? eq(items.id, Number(target)) : undefined;
      const rows = await db
        .select({ item: items, feedTitle: feeds.title })
        .from(items)
        .leftJoin(feeds, eq(items.feedId, feeds.id))
        .where(byId ?? or(eq(items.url, target), eq(items.canonicalUrl, target)))
        .orderBy(asc(items.id))
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
        .where(and(sql`${items.id} = any(${sql.param(ids)}::int[])`, idRange(ids)))
        .orderBy(asc(items.id));
      return rows.map(({ url, feedTitle, ...i }): UnclusteredItem => ({
        ...i,
        canonicalUrl: i.canonicalUrl ?? url,
        source: feedTitle ?? hostOf(url),
        label: i.label as Label,
      }));
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
        for (const s of plan.stories.filter((s) => s.key > 0)) {
          ids.set(s.key, s.key);
          await tx.update(stories).set(fields(s)).where(eq(stories.id, s.key));
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

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
