/**
 * Retention: stories quiet for longer than the retention period go, with their items, and are counted in
 * story_days first, in the same statement, so the trends `status` and digests show never change; items in no
 * story (off topic, never clustered) go once fetched that long ago. Work goes a batch at a time, each its own short
 * statement that skips rows another statement holds, so no long lock is taken and replicas never collide.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './connect.ts';
import { appState } from './schema.ts';

export const PRUNE_BATCH = 1_000;

const countOf = (result: unknown) => Number((result as { rows: Array<{ n: number | string }> }).rows[0]?.n ?? 0);

/** Prune up to `batch` stories (with their items) last seen before `cutoff`; returns how many went. */
export async function pruneStories(db: Db, cutoff: Date, batch = PRUNE_BATCH): Promise<number> {
  return countOf(
    await db.execute(sql`
      with doomed as (
        select s.id, s.topic, s.label, s.backfill, (s.first_seen_at at time zone 'UTC')::date as day,
          coalesce((select array_agg(distinct o order by o) from items i, unnest(i.owners) o where i.story_id = s.id), '{}') as owners
        from stories s
        where s.last_seen_at < ${cutoff.toISOString()}::timestamptz
        order by s.id
        limit ${batch}
        for update skip locked
      ), counted as (
        insert into story_days (day, topic, label, backfill, owners, stories)
        select day, topic, label, backfill, owners, count(*)::int from doomed group by day, topic, label, backfill, owners
        on conflict (day, topic, label, backfill, owners) do update set stories = story_days.stories + excluded.stories
      ), items_gone as (
        delete from items where story_id in (select id from doomed)
      ), gone as (
        delete from stories where id in (select id from doomed) returning id
      )
      select count(*)::int as n from gone`),
  );
}

/** Prune up to `batch` items in no story fetched before `cutoff`; returns how many went. */
export async function pruneLooseItems(db: Db, cutoff: Date, batch = PRUNE_BATCH): Promise<number> {
  return countOf(
    await db.execute(sql`
      with doomed as (
        select id from items where story_id is null and fetched_at < ${cutoff.toISOString()}::timestamptz
        order by fetched_at limit ${batch} for update skip locked
      ), gone as (
        delete from items where id in (select id from doomed) returning id
      )
      select count(*)::int as n from gone`),
  );
}

export interface PruneResult {
  stories: number;
  items: number;
}

/**
 * Prune everything older than `days` before `now`, a batch at a time; each batch is its own statement, so other
 * work goes on between them. `maxBatches` bounds one run.
 */
export async function prune(db: Db, now: Date, days: number, options: { batch?: number; maxBatches?: number } = {}): Promise<PruneResult> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const batch = options.batch ?? PRUNE_BATCH;
  const result: PruneResult = { stories: 0, items: 0 };
  for (let n = 0; n < (options.maxBatches ?? 10_000); n++) {
    const stories = await pruneStories(db, cutoff, batch);
    const items = await pruneLooseItems(db, cutoff, batch);
    result.stories += stories;
    result.items += items;
    if (stories < batch && items < batch) break;
  }
  return result;
}

/**
 * Whether this process runs today's pruning: the first replica to ask for the day gets it, the others skip. A run
 * cut short (the replica died) is finished by the next day's.
 */
export async function claimPruningDay(db: Db, day: string, now: Date): Promise<boolean> {
  const claimed = await db
    .insert(appState)
    .values({ key: `retention:${day}`, value: { at: now.toISOString() }, updatedAt: now })
    .onConflictDoNothing({ target: appState.key })
    .returning({ key: appState.key });
  return claimed.length > 0;
}
