/**
 * Clustering N items that share one headline (a feed or a wire flooding the same title): the planning alone, and
 * the whole clustering run the service makes after a poll (read the pending items, read the stories they may
 * join, save), in one transaction on the embedded database and, when TEST_DATABASE_URL is set, on a PostgreSQL
 * server. The target: 50,000 items in under 2 s. Also the longest event-loop stall during the run, since it runs
 * on the main thread next to the slash commands.
 */
import { sql } from 'drizzle-orm';
import { clusterPending, TopicStories, type UnclusteredItem } from '../../core/clustering.ts';
import { openMemory, openServer, type Database } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { feeds } from '../../db/schema.ts';

import { storyPort } from '../../db/story-store.ts';
import { createScratchDatabase, serverUrl } from '../support/scratch-db.ts';
import { median, row, type Row } from './support/report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DB_RUNS = Math.max(1, Math.min(RUNS, 3));
const SIZES = [1_000, 10_000, 50_000];
const TITLE = 'Iran and US agree to resume talks in Islamabad next week';
const AT = new Date('2026-11-21T10:00:00Z');

function unclustered(n: number): UnclusteredItem[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1, topic: 'iran-us', title: TITLE, canonicalUrl: `https://news.example/${i}`, source: 'Wire',
    label: i % 3 ? 'stall' : 'progress', score: i % 3 ? -2 : 2, publishedAt: AT, fetchedAt: AT, backfill: false,
  }));
}

function plan(n: number): Row {
  const input = unclustered(n);
  const runs: number[] = [];
  let comparisons = 0;
  for (let i = 0; i < RUNS; i++) {
    const stories = new TopicStories();
    const started = performance.now();
    const result = stories.plan(input);
    runs.push(performance.now() - started);
    comparisons = stories.index.comparisons;
    if (result.stories.length !== 1) throw new Error(`expected one story, got ${result.stories.length}`);
  }
  console.log(`plan only, ${String(n).padStart(6)} items: median ${median(runs).toFixed(0)} ms (min ${Math.min(...runs).toFixed(0)}, max ${Math.max(...runs).toFixed(0)}), ${comparisons} title comparisons, over ${RUNS} runs`);
  return row({ case: 'cluster', variant: `plan ${n}`, metric: 'seconds', value: median(runs) / 1000, unit: 's' });
}

/** The same items as `unclustered(n)`, made by the database in one statement: filling is not what is measured. */
async function fill(database: Database, n: number): Promise<void> {
  await database.db.execute(sql`truncate items, stories, tenant_feeds, feeds restart identity cascade`);
  const [feed] = await database.db.insert(feeds).values({ url: 'https://feeds.example/flood' }).returning();
  const at = AT.toISOString();
  await database.db.execute(sql`
    insert into items (feed_id, key, title, url, canonical_url, published_at, fetched_at, seen_at, topic, owners, relevant, label, score)
    select ${feed!.id}::int, 'k' || g, ${TITLE}, 'https://news.example/' || (g - 1), 'https://news.example/' || (g - 1),
           ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, 'iran-us', array['shared'], true,
           case when (g - 1) % 3 = 0 then 'progress' else 'stall' end, case when (g - 1) % 3 = 0 then 2 else -2 end
    from generate_series(1, ${n}::int) as g`);
}

async function run(database: Database, n: number): Promise<{ ms: number; stallMs: number }> {
  await fill(database, n);
  let last = performance.now();
  let stall = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  await database.db.transaction(async (tx) => void (await clusterPending(storyPort(tx as never))));
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 20));
  clearInterval(tick);
  const check = ((await database.db.execute(sql`select count(*)::int as n, max(item_count)::int as biggest from stories`)) as unknown as { rows: Array<{ n: number; biggest: number }> }).rows[0]!;
  if (check.n !== 1 || check.biggest !== n) throw new Error(`expected one story of ${n} items, got ${check.n} stories, the biggest ${check.biggest}`);
  return { ms, stallMs: stall };
}

async function series(label: string, database: Database): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of SIZES) {
    const runs: Array<{ ms: number; stallMs: number }> = [];
    for (let i = 0; i < DB_RUNS; i++) runs.push(await run(database, n));
    console.log(
      `${label}, ${String(n).padStart(6)} items: median ${median(runs.map((r) => r.ms)).toFixed(0)} ms ` +
        `(min ${Math.min(...runs.map((r) => r.ms)).toFixed(0)}, max ${Math.max(...runs.map((r) => r.ms)).toFixed(0)}), ` +
        `longest event-loop stall ${median(runs.map((r) => r.stallMs)).toFixed(0)} ms, over ${DB_RUNS} runs`,
    );
    const target = n === 50_000 ? '<= 2' : null;
    rows.push(row({ case: 'cluster', variant: `${label} ${n}`, metric: 'seconds', value: median(runs.map((r) => r.ms)) / 1000, unit: 's', target }));
  }
  return rows;
}

export default async function cluster(): Promise<Row[]> {
  const rows = SIZES.map(plan);
  const embedded = await openMemory();
  try {
    await migrate(embedded);
    rows.push(...(await series('embedded database', embedded)));
  } finally {
    await embedded.close();
  }
  if (serverUrl) {
    const scratch = await createScratchDatabase();
    const server = await openServer(scratch.url);
    try {
      await migrate(server);
      rows.push(...(await series('PostgreSQL server', server)));
    } finally {
      await server.close();
      await scratch.drop();
    }
  } else console.log('PostgreSQL server: skipped (set TEST_DATABASE_URL to measure it)');
  return rows;
}
