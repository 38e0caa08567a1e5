/**
 * 10,000 digest subscriptions due at once (one channel each, the same topic and hour), on a PostgreSQL server
 * with a day of stories: the time the digest tick takes to render every digest and put it in the outbox.
 */
import { CONSOLE_TENANT, SHARED } from '../../core/tenants.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { createFeedIngest } from '../../bots/feed-ingest.ts';
import { createLogger } from '../../bots/logger.ts';
import { enqueueDueDigests } from '../../bots/pipeline.ts';
import { parseTsv } from '../../core/rules/index.ts';
import { openServer } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { FeedServer } from '../support/feed-server.ts';
import { createScratchDatabase, serverUrl } from '../support/scratch-db.ts';
import { median, row, type Row } from './support/report.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SUBSCRIPTIONS = 10_000;

/** A feed of the development set's headlines, published over the last day: the stories digests are made of. */
async function storiesOfADay(app: App): Promise<void> {
  const text = readFileSync(fileURLToPath(new URL('../fixtures/labelled/iran-us-dev.tsv', import.meta.url)), 'utf8');
  const titles = parseTsv(text, ['title']).rows.map((r) => r.values.title!);
  const now = Date.now();
  const items = titles.map(
    (t, i) =>
      `<item><title>${t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title><link>https://example.org/${i}</link><pubDate>${new Date(now - (i + 1) * 20 * 60_000).toUTCString()}</pubDate></item>`,
  );
  const server = new FeedServer().route('/day.xml', { body: `<rss version="2.0"><channel><title>Day</title>${items.join('')}</channel></rss>`, contentType: 'application/rss+xml' });
  await server.start();
  const ingest = createFeedIngest(app);
  try {
    await app.store.addFeed(SHARED, server.url('/day.xml'), app.defaultTopic, 'bench', new Date(), null);
    const [report] = await ingest.poller.pollDue();
    if (!report?.stored) throw new Error(`no stories for the digests: ${report?.error}`);
  } finally {
    await ingest.close();
    await server.close();
  }
}

/** One database with a day of stories and 10,000 digest subscriptions; each run makes them all due again. */
async function measure(runs: number): Promise<number[]> {
  const scratch = await createScratchDatabase();
  const database = await openServer(scratch.url);
  try {
    await migrate(database);
    const config = loadConfig({ DATABASE_URL: scratch.url, TALKWATCH_ALLOW_PRIVATE_FEEDS: '1', TALKWATCH_DEFAULT_FEEDS: '0' });
    const app = createApp(config, createLogger('error'), database);
    await storiesOfADay(app);
    const ids = Array.from({ length: SUBSCRIPTIONS }, (_, i) => i);
    for (let i = 0; i < ids.length; i += 20) {
      await Promise.all(
        ids.slice(i, i + 20).map((n) =>
          app.store.saveSubscription({
            channel: { platform: 'console', channelId: `channel-${n}`, tenant: CONSOLE_TENANT },
            kind: 'digest',
            topic: app.defaultTopic,
            digestTime: '09:00',
            timezone: 'UTC',
            nextDigestAt: new Date(),
            quietDay: 'line',
            alertRule: null,
            repeatMinutes: null,
            notifyResolved: true,
            createdBy: 'bench',
          }),
        ),
      );
    }
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      await database.db.execute(sql`delete from deliveries`);
      await database.db.execute(sql`update subscriptions set next_digest_at = now() - interval '1 minute', last_digest_at = null`);
      const started = performance.now();
      await enqueueDueDigests(app);
      const seconds = (performance.now() - started) / 1000;
      const rows = (await database.db.execute(sql`select count(*)::int as n from deliveries where kind = 'digest'`)) as unknown as { rows: Array<{ n: number }> };
      const n = rows.rows[0]!.n;
      if (n !== SUBSCRIPTIONS) throw new Error(`${n} digests in the outbox, not ${SUBSCRIPTIONS}`);
      console.log(`  ${SUBSCRIPTIONS.toLocaleString('en-US')} digests rendered and in the outbox in ${seconds.toFixed(2)} s`);
      times.push(seconds);
    }
    return times;
  } finally {
    await database.close();
    await scratch.drop();
  }
}

export default async function digestFanout(): Promise<Row[]> {
  if (!serverUrl) {
    console.log('skipped: no PostgreSQL server (set TEST_DATABASE_URL)');
    return [];
  }
  const times = await measure(RUNS);
  return [row({ case: 'digest_fanout', metric: 'seconds', value: median(times), unit: 's', target: '<= 5' })];
}
