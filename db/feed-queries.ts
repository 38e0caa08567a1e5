/** The feed reads and writes the command handler needs. */
import { asc, count, eq } from 'drizzle-orm';
import type { FeedView } from '../core/store.ts';
import type { FeedStatus } from '../core/types.ts';
import type { Db } from './connect.ts';
import { feeds, items } from './schema.ts';

type FeedRow = typeof feeds.$inferSelect;

const toView = (f: FeedRow, itemCount: number): FeedView => ({
  id: f.id,
  url: f.url,
  title: f.title,
  topic: f.topic,
  status: f.status as FeedStatus,
  lastError: f.lastError,
  itemCount,
  nextPollAt: f.nextPollAt,
  lastSuccessAt: f.lastSuccessAt,
});

export function feedQueries(db: Db) {
  return {
    async listFeeds(): Promise<FeedView[]> {
      const rows = await db
        .select({ feed: feeds, n: count(items.id) })
        .from(feeds)
        .leftJoin(items, eq(items.feedId, feeds.id))
        .groupBy(feeds.id)
        .orderBy(asc(feeds.id));
      return rows.map((r) => toView(r.feed, Number(r.n)));
    },

    async addFeed(url: string, topic: string, addedBy: string | null, now: Date): Promise<{ feed: FeedView; created: boolean }> {
      const [created] = await db.insert(feeds).values({ url, topic, addedBy, addedAt: now, nextPollAt: now }).onConflictDoNothing().returning();
      if (created) return { feed: toView(created, 0), created: true };
      const [existing] = await db.select().from(feeds).where(eq(feeds.url, url));
      return { feed: toView(existing!, 0), created: false };
    },

    async removeFeed(id: number): Promise<FeedView | null> {
      const [gone] = await db.delete(feeds).where(eq(feeds.id, id)).returning();
      return gone ? toView(gone, 0) : null;
    },
  };
}
