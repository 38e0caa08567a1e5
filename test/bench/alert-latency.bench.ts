/**
 * From a wave of stall news appearing in a feed polled every minute to the alert in the outbox, through the real
 * `talkwatch start` on a PostgreSQL server. How long depends on where in the feed's minute the wave appears, so
 * three feeds are polled at three phases: the wave appears 1 s, 30 s and 59 s after each feed's last poll (and at
 * once in all three). Three console channels watch the topic with thresholds of 3, 6 and 9 stall stories, and
 * each feed's wave brings 4 (one spare, should two of them make one story), so the first poll to see a wave fires
 * the first channel, the second the second, and the third the third. `seconds` is the worst of the three (the wave that just missed a poll), which is what the
 * target bounds; `median_seconds` the middle one.
 */
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTsv } from '../../core/rules/index.ts';
import { cleanEnv, runTalkwatch, startTalkwatch } from '../support/cli.ts';
import { FeedServer } from '../support/feed-server.ts';
import { createScratchDatabase, serverUrl } from '../support/scratch-db.ts';
import { median, row, type Row } from './support/report.ts';

const INTERVAL_S = 60;
/** seconds from each feed's last poll to the wave: the wave just after a poll waits the whole interval */
const PHASES = [59, 30, 1];

function stallTitles(): string[] {
  const text = readFileSync(fileURLToPath(new URL('../fixtures/labelled/iran-us-dev.tsv', import.meta.url)), 'utf8');
  return parseTsv(text, ['gold', 'title']).rows.filter((r) => r.values.gold === 'stall').map((r) => r.values.title!);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function rss(name: string, items: Array<{ title: string; date: Date }>): string {
  const entries = items.map(
    (item, i) =>
      `<item><title>${esc(item.title)}</title><link>https://example.org/${name}/${i}</link><guid>https://example.org/${name}/${i}</guid><pubDate>${item.date.toUTCString()}</pubDate></item>`,
  );
  return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://example.org/</link>${entries.join('')}</channel></rss>`;
}

export default async function alertLatency(): Promise<Row[]> {
  if (!serverUrl) {
    console.log('skipped: no PostgreSQL server (set TEST_DATABASE_URL)');
    return [];
  }
  const titles = stallTitles();
  const old = new Date(Date.now() - 3 * 24 * 3_600_000);
  const feeds = ['a', 'b', 'c'].map((name) => ({ name, items: [{ title: `${name}: markets steady`, date: old }] }));
  const server = new FeedServer();
  for (const feed of feeds) {
    server.route(`/${feed.name}.xml`, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(feed.name, feed.items));
    });
  }
  await server.start();
  const scratch = await createScratchDatabase();
  const env = cleanEnv({ DATABASE_URL: scratch.url, PORT: '0', TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
  const db = new pg.Client({ connectionString: scratch.url });
  let service: ReturnType<typeof startTalkwatch> | null = null;
  try {
    // Migrate and set up with the CLI, as a user would; then start the service.
    for (const [channel, count] of [['three', 3], ['six', 6], ['nine', 9]] as const) {
      for (const command of ['subscribe alerts', `alerts set stall ${count} 6h`]) {
        const done = await runTalkwatch(['command', '--channel', channel, '--', ...command.split(' ')], env);
        if (done.code !== 0) throw new Error(`${command}: ${done.stderr}`);
      }
    }
    for (const feed of feeds) {
      const done = await runTalkwatch(['feeds', 'add', server.url(`/${feed.name}.xml`)], env);
      if (done.code !== 0) throw new Error(`feeds add: ${done.stderr}`);
    }
    await db.connect();
    await db.query('update feeds set interval_seconds = $1', [INTERVAL_S]);
    service = startTalkwatch(['start'], env);
    await service.waitFor(/talkwatch is running/, 60_000);
    // The first polls (backfill), then each feed's schedule is set as if its last poll was PHASES[i] s before the wave.
    for (let waited = 0; ; waited += 100) {
      const { rows } = await db.query<{ n: number }>('select count(*)::int as n from feeds where last_polled_at is not null');
      if (rows[0]!.n === feeds.length) break;
      if (waited > 30_000) throw new Error('the feeds were not polled within 30 s of start');
      await new Promise((r) => setTimeout(r, 100));
    }
    const wave = Date.now() + 1_000;
    for (const [i, feed] of feeds.entries()) {
      await db.query('update feeds set next_poll_at = $1 where url = $2', [new Date(wave + (INTERVAL_S - PHASES[i]!) * 1000), server.url(`/${feed.name}.xml`)]);
    }
    await new Promise((r) => setTimeout(r, wave - Date.now()));
    const waveAt = new Date();
    feeds.forEach((feed, i) => feed.items.unshift(...titles.slice(i * 4, i * 4 + 4).map((title) => ({ title, date: waveAt }))));

    const latencies: number[] = [];
    for (let waited = 0; latencies.length < 3; waited += 250) {
      const { rows } = await db.query<{ channel_id: string; created_at: Date }>(
        "select channel_id, created_at from deliveries where kind = 'alert' order by created_at",
      );
      latencies.splice(0, latencies.length, ...rows.map((r) => (r.created_at.getTime() - waveAt.getTime()) / 1000));
      if (waited > (INTERVAL_S + 30) * 1000) {
        throw new Error(`only ${rows.length} of 3 alerts within ${INTERVAL_S + 30} s of the wave (${rows.map((r) => r.channel_id).join(', ')})`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`wave to alert: ${latencies.map((l) => `${l.toFixed(1)} s`).join(', ')} (waves ${PHASES.slice().reverse().join(', ')} s after a poll; feeds polled every ${INTERVAL_S} s)`);
    return [
      row({ case: 'alert_latency', metric: 'seconds', value: Math.max(...latencies), unit: 's', target: '<= 65' }),
      row({ case: 'alert_latency', metric: 'median_seconds', value: median(latencies), unit: 's' }),
    ];
  } finally {
    if (service) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await db.end().catch(() => {});
    await scratch.drop();
    await server.close();
  }
}
