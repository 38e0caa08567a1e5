/** Stories and items: the reads the command handler and digests need, and the clustering port. */
import { and, asc, desc, eq, getTableColumns, gt, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { ClusterPlan, PlannedStory, StoryPort, UnclusteredItem } from '../core/clustering.ts';
import type { StoryCandidate } from '../core/stories.ts';
import type { ItemView, LabelCounts, StoryView } from '../core/store.ts';
import type { FiredRule, Label, RelevanceResult } from '../core/types.ts';
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
    async unclustered(limit) {
      const rows = await db
        .select({ item: items, feedTitle: feeds.title })
        .from(items)
        .leftJoin(feeds, eq(items.feedId, feeds.id))
        .where(and(eq(items.relevant, true), isNull(items.storyId)))
        .orderBy(asc(items.id))
        .limit(limit);
      return rows.map(({ item: i, feedTitle }): UnclusteredItem => ({
        id: i.id,
        topic: i.topic,
        title: i.title,
        canonicalUrl: i.canonicalUrl ?? i.url,
        source: feedTitle ?? hostOf(i.url),
        label: i.label as Label,
        score: i.score,
        publishedAt: i.publishedAt,
        fetchedAt: i.fetchedAt,
        backfill: i.backfill,
      }));
    },

    async candidates(topic, since): Promise<StoryCandidate[]> {
      const rows = await db
        .select({ story: stories, title: items.title, url: items.canonicalUrl, label: items.label, score: items.score })
        .from(stories)
        .innerJoin(items, eq(items.storyId, stories.id))
        .where(and(eq(stories.topic, topic), gte(stories.lastSeenAt, since)))
        .orderBy(asc(stories.id), asc(items.id));
      const byStory = new Map<number, StoryCandidate>();
      for (const r of rows) {
        let c = byStory.get(r.story.id);
        if (!c) {
          const { id, firstSeenAt, lastSeenAt, backfill } = r.story;
          byStory.set(id, (c = { id, topic, firstSeenAt, lastSeenAt, backfill, titles: [], urls: [], members: [] }));
        }
        c.titles.push(r.title);
        c.urls.push(r.url ?? '');
        c.members.push({ label: r.label as Label, score: r.score });
      }
      return [...byStory.values()];
    },

    async save(plan: ClusterPlan) {
      await db.transaction(async (tx) => {
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
        for (let i = 0; i < plan.assignments.length; i += CHUNK) {
          const values = plan.assignments.slice(i, i + CHUNK).map((a) => sql`(${a.itemId}::int, ${ids.get(a.storyKey)!}::int)`);
          await tx.execute(
            sql`update items set story_id = v.story_id from (values ${sql.join(values, sql`, `)}) as v(item_id, story_id) where items.id = v.item_id`,
          );
        }
      });
    },
  };
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
