/** Stories and items: the reads the command handler and digests need, and the clustering port. */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import { storyLabel, type StoryCandidate, type StoryPort, type UnclusteredItem } from '../core/stories.ts';
import type { ItemView, LabelCounts, StoryView } from '../core/store.ts';
import type { FiredRule, Label } from '../core/types.ts';
import type { Db } from './connect.ts';
import { feeds, items, stories } from './schema.ts';

type StoryRow = typeof stories.$inferSelect;

function toStoryView(r: StoryRow): StoryView {
  return {
    id: r.id,
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
        .select()
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
        .select()
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
      const rows = await db.select().from(stories).where(and(eq(stories.topic, topic), gte(stories.lastSeenAt, since)));
      if (rows.length === 0) return [];
      const members = await db
        .select({ storyId: items.storyId, title: items.title, url: items.canonicalUrl })
        .from(items)
        .where(inArray(items.storyId, rows.map((r) => r.id)));
      return rows.map((r) => ({
        id: r.id,
        title: r.title,
        canonicalUrl: r.canonicalUrl,
        firstSeenAt: r.firstSeenAt,
        titles: members.filter((m) => m.storyId === r.id).map((m) => m.title),
        urls: members.filter((m) => m.storyId === r.id && m.url).map((m) => m.url!),
      }));
    },

    async assign(item, seenAt, storyId) {
      return db.transaction(async (tx) => {
        let id = storyId;
        if (id === null) {
          const [created] = await tx
            .insert(stories)
            .values({
              topic: item.topic,
              title: item.title,
              canonicalUrl: item.canonicalUrl,
              source: item.source,
              label: item.label,
              score: item.score,
              firstSeenAt: seenAt,
              lastSeenAt: seenAt,
              itemCount: 0,
              backfill: item.backfill,
            })
            .returning({ id: stories.id });
          id = created!.id;
        }
        await tx.update(items).set({ storyId: id }).where(eq(items.id, item.id));
        const members = await tx.select({ label: items.label, score: items.score }).from(items).where(eq(items.storyId, id));
        const { label, score } = storyLabel(members.map((m) => ({ label: m.label as Label, score: m.score })));
        await tx
          .update(stories)
          .set({
            label,
            score,
            itemCount: members.length,
            firstSeenAt: sql`least(${stories.firstSeenAt}, ${seenAt.toISOString()}::timestamptz)`,
            lastSeenAt: sql`greatest(${stories.lastSeenAt}, ${seenAt.toISOString()}::timestamptz)`,
            backfill: sql`${stories.backfill} and ${item.backfill}::boolean`,
          })
          .where(eq(stories.id, id));
        return id;
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
