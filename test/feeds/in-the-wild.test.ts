/**
 * The 31 feeds captured from real sites (test/fixtures/feeds, MANIFEST.tsv), served from loopback with the
 * Content-Type and ETag a real server sends, polled through the real fetcher, worker parser and store.
 */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { USER_AGENT } from '../../bots/feed-ingest.ts';
import { MINUTE } from '../../core/clock.ts';
import { DbFeedStore } from '../../db/feed-store.ts';
import { feeds, items } from '../../db/schema.ts';
import { fetchFeed } from '../../feeds/http.ts';
import { createParser, type FeedParser } from '../../feeds/parser.ts';
import { Poller, POLL_DEFAULTS, type PollReport } from '../../feeds/poller.ts';
import { feedTestApp } from '../support/feed-app.ts';
import { engines, openTestDatabase, type TestDatabase } from '../support/databases.ts';
import { contentTypeFor, FeedServer } from '../support/feed-server.ts';

const dir = new URL('../fixtures/feeds/', import.meta.url);
const CAP = POLL_DEFAULTS.maxItemsPerPoll;
const manifest = readFileSync(new URL('MANIFEST.tsv', dir), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [file, expected] = line.split('\t') as [string, string];
    return { file, expected: expected === 'error' ? ('error' as const) : Number(expected) };
  });

describe.each(engines)('feeds in the wild on %s', (engine) => {
  let database: TestDatabase;
  let server: FeedServer;
  let app: ReturnType<typeof feedTestApp>;
  let parser: FeedParser;
  let parses = 0;
  let poller: Poller;
  const ids = new Map<string, number>();
  const byFeed = (reports: PollReport[]) => new Map(reports.map((r) => [r.feedId, r]));

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    server = await new FeedServer().start();
    for (const { file } of manifest) server.route(`/${file}`, { body: readFileSync(new URL(file, dir)), contentType: contentTypeFor(file) });
    app = feedTestApp(database, { TALKWATCH_ALLOW_PRIVATE_FEEDS: '1' });
    const real = createParser();
    parser = { parse: (input, signal) => (parses++, real.parse(input, signal)), close: () => real.close() };
    const store = new DbFeedStore(database.db);
    poller = new Poller({
      store,
      fetch: (request) => fetchFeed(request, { policy: { allowPrivate: true }, userAgent: USER_AGENT }),
      parser,
      classifier: app.classifier,
      clock: app.clock,
      log: app.log,
    });
    for (const { file } of manifest) {
      const { fetched } = await store.add({ url: server.url(`/${file}`), topic: 'iran-us' }, app.clock.now());
      ids.set(file, fetched!.id);
    }
  });

  afterAll(async () => {
    await parser?.close();
    await server?.close();
    await database?.dispose();
  });

  it('stores every item the manifest counts, over two polls beyond 500, and refuses the page that is not a feed', async () => {
    const reports = byFeed(await poller.pollDue());
    expect(reports.size).toBe(manifest.length);
    const table: string[] = [];
    for (const { file, expected } of manifest) {
      const report = reports.get(ids.get(file)!)!;
      const n = await database.db.$count(items, eq(items.feedId, ids.get(file)!));
      table.push(`${file.padEnd(28)} expected ${String(expected).padStart(5)}  stored ${String(report.outcome === 'failed' ? 'error' : n).padStart(5)}`);
      if (expected === 'error') {
        expect(report.outcome).toBe('failed');
        expect(report.error).toMatch(/not an RSS or Atom feed/);
        expect(n).toBe(0);
      } else {
        expect({ file, outcome: report.outcome, stored: n, waiting: report.waiting }).toEqual({
          file, outcome: 'new-items', stored: Math.min(expected, CAP), waiting: Math.max(0, expected - CAP),
        });
      }
    }
    console.log(`[in the wild, ${engine}]\n${table.join('\n')}`);

    // A feed over the per-poll cap (the 730-item podcast) gets the rest on its next poll, 2 minutes later.
    const over = manifest.filter((m) => typeof m.expected === 'number' && m.expected > CAP);
    expect(over.length).toBeGreaterThan(0);
    app.clock.advance(2 * MINUTE);
    const rest = byFeed(await poller.pollDue());
    expect(rest.size).toBe(over.length);
    for (const { file, expected } of over) {
      expect(rest.get(ids.get(file)!)).toMatchObject({ outcome: 'new-items', stored: (expected as number) - CAP, waiting: 0 });
      expect(await database.db.$count(items, eq(items.feedId, ids.get(file)!))).toBe(expected);
    }
    const [unrecognized] = await database.db.select().from(feeds).where(eq(feeds.id, ids.get('unrecognized.rss')!));
    expect(unrecognized!.lastError).toBe('the address serves a web page, not an RSS or Atom feed');
    expect(unrecognized!.consecutiveFailures).toBe(1);
  });

  it('reads ISO-8859-1 without a declaration from the HTTP charset, and a declared one too', async () => {
    const uol = await database.db.select().from(items).where(eq(items.feedId, ids.get('uolNoticias.rss')!));
    const text = uol.map((i) => `${i.title} ${i.summary}`).join(' ');
    expect(text).toContain('simulações');
    expect(text).toMatch(/[áéíóúãõç]/);
    expect(text).not.toMatch(/\uFFFD|Ã[\u0080-\u00BF]/);
    const [uolFeed] = await database.db.select().from(feeds).where(eq(feeds.id, ids.get('uolNoticias.rss')!));
    expect(uolFeed!.title).toBe('UOL Noticias');
    const [jn] = await database.db.select().from(feeds).where(eq(feeds.id, ids.get('encoding.rss')!));
    expect(jn!.title).toBe('Jornal de Notícias - Últimas Notícias');
  });

  it('keeps titles, links and summaries clean', async () => {
    const all = await database.db.select().from(items);
    for (const item of all) {
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.title).not.toMatch(/<\/?[a-z][^>]*>|&(amp|lt|gt|quot|#\d+);/i);
      expect(item.summary).not.toMatch(/<\/?(p|div|br|a|img|span)\b[^>]*>/i);
      if (item.url) expect(item.url).toMatch(/^https?:\/\//);
      if (item.url) expect(item.url).not.toMatch(/[?&](utm_[a-z]+|fbclid)=/i);
    }
  });

  it('stores nothing new on a second poll, and a 304 costs no parsing', async () => {
    // narro.rss asks for a 20-minute <ttl>; every feed is due after 21 minutes.
    app.clock.advance(21 * MINUTE);
    const before = await database.db.$count(items);
    const parsesBefore = parses;
    const reports = await poller.pollDue();
    expect(reports).toHaveLength(manifest.length);
    for (const r of reports) {
      if (r.feedId === ids.get('unrecognized.rss')) expect(r.outcome).toBe('failed');
      else expect(r.outcome).toBe('not-modified');
    }
    expect(parses - parsesBefore).toBe(1); // only the page that is not a feed was parsed again
    expect(await database.db.$count(items)).toBe(before);
  });

  it('stores nothing new when the server ignores ETags and every feed is parsed again', async () => {
    server.etags = false;
    app.clock.advance(21 * MINUTE);
    const before = await database.db.$count(items);
    const reports = await poller.pollDue();
    expect(reports).toHaveLength(manifest.length);
    for (const r of reports) {
      if (r.feedId === ids.get('unrecognized.rss')) continue;
      expect({ url: r.url, outcome: r.outcome, stored: r.stored }).toMatchObject({ outcome: 'unchanged', stored: 0 });
    }
    expect(await database.db.$count(items)).toBe(before);
  });
});
