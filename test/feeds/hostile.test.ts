/**
 * Hostile feed servers, all on loopback, polled in one cycle together with two good feeds on another port. The
 * guard is ON (TALKWATCH_ALLOW_PRIVATE_FEEDS unset): only the two test servers' own ports are let through, so a
 * redirect to any other loopback port, or to the metadata address, must be refused.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedIngest, type FeedIngest } from '../../bots/feed-ingest.ts';
import { MINUTE } from '../../core/clock.ts';
import { feeds, items } from '../../db/schema.ts';
import { DEFAULT_LIMITS } from '../../feeds/http.ts';
import type { PollReport } from '../../feeds/poller.ts';
import { feedTestApp } from '../support/feed-app.ts';
import { openPglite, type TestDatabase } from '../support/databases.ts';
import { FeedServer } from '../support/feed-server.ts';

const fixtures = new URL('../fixtures/feeds/', import.meta.url);
const SECRET = `talkwatch-secret-${process.pid}-7f3a9c`;
const RESPONSE_TIMEOUT_MS = 4_000;
// 12 kB that does not compress: more than a btree index entry holds (about 2,700 bytes), as real tracking links
// sometimes are.
const LONG_LINK = `https://example.org/story?ref=${Array.from({ length: 192 }, (_, i) => createHash('sha256').update(String(i)).digest('hex')).join('')}`; // the default 30 s, shortened so the trickling server costs 4 s of test time

const rss = (itemsXml: string, title = 'Test feed') =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>${title}</title><link>https://example.org/</link>${itemsXml}</channel></rss>`;
const item = (fields: Record<string, string>) => `<item>${Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</item>`;

function gzipBomb(): Buffer {
  // Concatenated gzip members are one valid gzip stream: 1,024 x 1 MiB of zeros, about 1 MB on the wire.
  const member = zlib.gzipSync(Buffer.alloc(1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: 1024 }, () => member));
}

function bigFeed(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(item({ title: `Item ${i}`, link: `https://example.org/a/${i}`, guid: `g-${i}`, pubDate: 'Sat, 21 Nov 2026 10:00:00 GMT' }));
  return rss(parts.join(''), 'Ten thousand');
}

describe('hostile feed servers', () => {
  let database: TestDatabase;
  let hostile: FeedServer;
  let good: FeedServer;
  let inside: FeedServer;
  let app: ReturnType<typeof feedTestApp>;
  let ingest: FeedIngest;
  let reports: Map<string, PollReport>;
  let peakRssGrowthMb = 0;
  const ids = new Map<string, number>();
  const started = new Date('2026-11-21T12:00:00Z');

  const row = async (name: string) => (await database.db.select().from(feeds).where(eq(feeds.id, ids.get(name)!)))[0]!;
  const stored = async (name: string) => database.db.select().from(items).where(eq(items.feedId, ids.get(name)!));

  beforeAll(async () => {
    const secretFile = path.join(mkdtempSync(path.join(tmpdir(), 'talkwatch-xxe-')), 'secret.txt');
    writeFileSync(secretFile, SECRET);

    inside = await new FeedServer().start();
    inside.route('/admin', { body: rss(item({ title: SECRET, guid: 'inside' })), contentType: 'application/rss+xml' });

    good = await new FeedServer().start();
    good.route('/guardian.rss', { body: readFileSync(new URL('guardian.rss', fixtures)), contentType: 'text/xml; charset=UTF-8' });
    good.route('/heise.atom', { body: readFileSync(new URL('heise.atom', fixtures)), contentType: 'application/atom+xml' });

    const bomb = gzipBomb();
    const laughs = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><rss version="2.0"><channel><title>&lol9;</title>${item({ title: 'Laugh &lol9;', guid: 'l1' })}</channel></rss>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://${secretFile}">]><rss version="2.0"><channel><title>X &xxe;</title>${item({ title: 'Leak &xxe;', description: '&xxe;', guid: 'x1' })}</channel></rss>`;

    hostile = await new FeedServer().start();
    const h = hostile;
    h.route('/404', (_req, res) => res.writeHead(404).end('no'));
    h.route('/410', (_req, res) => res.writeHead(410).end('gone'));
    h.route('/500', (_req, res) => res.writeHead(500).end('oops'));
    h.route('/503', (_req, res) => res.writeHead(503, { 'retry-after': '600' }).end('busy'));
    h.route('/trickle', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed || ++sent > 60) return clearInterval(timer), res.end();
        res.write('<');
      }, 1_000);
      res.on('close', () => clearInterval(timer));
    });
    h.route('/reset', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': '5000' });
      res.write(rss('').slice(0, 100), () => req.socket.resetAndDestroy());
    });
    h.route('/huge', (_req, res, server) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let left = 50 * 1024 * 1024;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          left -= chunk.length;
          server.count('/huge', chunk.length);
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('error', () => {});
      pump();
    });
    h.route('/bomb', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.on('error', () => {});
      res.end(bomb);
    });
    h.route('/loop', (_req, res) => res.writeHead(302, { location: '/loop-b' }).end());
    h.route('/loop-b', (_req, res) => res.writeHead(301, { location: '/loop' }).end());
    for (let i = 0; i < 7; i++) h.route(`/chain-${i}`, (_req, res) => res.writeHead(307, { location: `/chain-${i + 1}` }).end());
    h.route('/to-loopback', (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${inside.port}/admin` }).end());
    h.route('/to-localhost', (_req, res) => res.writeHead(302, { location: `http://localhost:${inside.port}/admin` }).end());
    h.route('/to-metadata', (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' }).end());
    h.route('/to-metadata-v6', (_req, res) => res.writeHead(302, { location: 'http://[fd00:ec2::254]/latest/meta-data/' }).end());
    h.route('/html', {
      body: '<!DOCTYPE html><html><head><title>News</title><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>Hi</body></html>',
      contentType: 'text/html; charset=utf-8',
    });
    h.route('/empty', { body: '', contentType: 'application/rss+xml' });
    h.route('/laughs', { body: laughs, contentType: 'application/rss+xml' });
    h.route('/xxe', { body: xxe, contentType: 'application/rss+xml' });
    h.route('/bad-dates.rss', {
      body: rss(
        item({ title: 'Not a date', guid: 'd1', pubDate: 'yesterday-ish' }) +
          item({ title: 'Year 9999', guid: 'd2', pubDate: 'Fri, 31 Dec 9999 23:59:59 GMT' }) +
          item({ title: 'Empty date', guid: 'd3', pubDate: '' }) +
          item({ title: 'Good date', guid: 'd4', pubDate: 'Sat, 21 Nov 2026 11:00:00 GMT' }),
      ),
      contentType: 'application/rss+xml',
    });
    h.route('/bad-dates.atom', {
      body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><id>a1</id><title>Bad published</title><published>32/13/2026 25:61</published></entry><entry><id>a2</id><title>Bad updated</title><updated>soon</updated></entry></feed>',
      contentType: 'application/atom+xml',
    });
    h.route('/duplicate-guids', {
      body: rss(
        item({ title: 'Same story', guid: 'dup' }) + item({ title: 'Same story', guid: 'dup' }) + item({ title: 'Same story', guid: 'dup' }) +
          item({ title: 'One guid, first article', guid: 'shared' }) + item({ title: 'One guid, second article', guid: 'shared' }),
      ),
      contentType: 'application/rss+xml',
      etag: false,
    });
    h.route('/no-ids', {
      body: rss(item({ title: 'Only a title' }) + item({ title: 'Title and date', pubDate: 'Sat, 21 Nov 2026 09:00:00 GMT' }) + item({ description: 'Only a &lt;b&gt;description&lt;/b&gt;' })),
      contentType: 'application/rss+xml',
      etag: false,
    });
    h.route('/ten-thousand', { body: bigFeed(10_000), contentType: 'application/rss+xml' });
    h.route('/long-link', {
      body: rss(
        item({ title: 'Long link, no guid', link: LONG_LINK }) +
          item({ title: 'Long link and a guid', link: `${LONG_LINK}&amp;second=1`, guid: 'long-2' }) +
          item({ title: 'Ordinary', link: 'https://example.org/ordinary' }),
      ),
      contentType: 'application/rss+xml',
      etag: false,
    });
    // Raw control bytes, which XML forbids and the lenient reader keeps, and a C1 NEL.
    h.route('/terminal', {
      body: rss(
        item({
          title: 'Talks \u001b[31mcollapse\u001b[0m \u001b]0;pwned\u0007in Islamabad',
          description: 'Read \u001b]8;;https://evil.example/\u001b\\the official statement\u001b]8;;\u001b\\ \u202eevil\u202c now\u0085',
          link: 'https://example.org/\u001b[2Jstory',
          guid: 'g\u001b[1m-1\u009b31m',
        }),
        'Wire \u001b]2;window title\u0007desk',
      ),
      contentType: 'application/rss+xml',
      etag: false,
    });

    database = await openPglite();
    app = feedTestApp(database, {}, undefined);
    app.clock.set(started);
    const exempt = new Set([`127.0.0.1:${hostile.port}`, `127.0.0.1:${good.port}`]);
    ingest = createFeedIngest(app, {
      limits: { ...DEFAULT_LIMITS, responseTimeoutMs: RESPONSE_TIMEOUT_MS },
      exempt: (address, port) => exempt.has(`${address}:${port}`),
    });
    const add = async (name: string, url: string) => ids.set(name, (await ingest.store.add({ url, topic: 'iran-us' }, started)).fetched!.id);
    for (const p of ['/guardian.rss', '/heise.atom']) await add(`good${p}`, good.url(p));
    // Warm the parser worker and the database on the good feeds only, so the memory baseline includes them
    // but no hostile input has had a chance to grow the process yet.
    await ingest.poller.pollDue();
    await database.db.delete(items);
    await database.db.update(feeds).set({ nextPollAt: started, etag: null, backfilledTopics: [] });
    for (const p of [
      '/404', '/410', '/500', '/503', '/trickle', '/reset', '/huge', '/bomb', '/loop', '/chain-0', '/to-loopback', '/to-localhost',
      '/to-metadata', '/to-metadata-v6', '/html', '/empty', '/laughs', '/xxe', '/bad-dates.rss', '/bad-dates.atom', '/duplicate-guids',
      '/no-ids', '/ten-thousand', '/long-link', '/terminal',
    ]) await add(p, hostile.url(p));
    global.gc?.();
    const baseline = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      peakRssGrowthMb = Math.max(peakRssGrowthMb, (process.memoryUsage().rss - baseline) / 1024 / 1024);
    }, 20);
    try {
      reports = new Map((await ingest.poller.pollDue()).map((r) => [[...ids].find(([, id]) => id === r.feedId)![0], r]));
    } finally {
      clearInterval(sampler);
    }
  }, 120_000);

  afterAll(async () => {
    await ingest?.close();
    await Promise.all([hostile?.close(), good?.close(), inside?.close()]);
    await database?.dispose();
  });

  it('polls every feed in the cycle, and the good feeds as usual', async () => {
    expect(reports.size).toBe(ids.size);
    for (const name of ['good/guardian.rss', 'good/heise.atom']) {
      const r = reports.get(name)!;
      expect(r.outcome).toBe('new-items');
      expect(r.nextPollAt.getTime() - started.getTime()).toBe(10 * MINUTE);
      expect((await row(name)).lastError).toBeNull();
    }
    expect((await stored('good/guardian.rss')).length).toBe(55);
    expect((await stored('good/heise.atom')).length).toBe(15);
  });

  // What the feed shows afterwards: status, last error, and when it is polled next.
  it.each([
    ['/404', 'active', /^the server says there is no feed at this address \(HTTP 404 Not Found\)$/, 5 * MINUTE],
    ['/410', 'gone', /^the server says this feed is gone for good \(HTTP 410 Gone\); it will not be polled again$/, null],
    ['/500', 'active', /^the server failed to answer \(HTTP 500 Internal Server Error\)$/, 5 * MINUTE],
    ['/503', 'active', /^the server is temporarily unavailable \(HTTP 503 Service Unavailable\); it asked to retry in 10 min$/, 10 * MINUTE],
    ['/trickle', 'active', /^the server took longer than 4 s to send the feed$/, 5 * MINUTE],
    ['/reset', 'active', /^127\.0\.0\.1:\d+ closed the connection before sending the whole feed \(ECONNRESET\)$/, 5 * MINUTE],
    ['/huge', 'active', /^the feed is larger than 10 MB; talkwatch reads at most 10 MB$/, 5 * MINUTE],
    ['/bomb', 'active', /^the feed is larger than 10 MB once decompressed; talkwatch reads at most 10 MB$/, 5 * MINUTE],
    ['/loop', 'active', /^the feed redirects in a loop \(back to http:\/\/127\.0\.0\.1:\d+\/loop\)$/, 5 * MINUTE],
    ['/chain-0', 'active', /^the feed redirects more than 5 times$/, 5 * MINUTE],
    ['/to-loopback', 'active', /^refused to fetch 127\.0\.0\.1 after a redirect: it is a loopback address, and feeds may not reach inside the network/, 5 * MINUTE],
    ['/to-localhost', 'active', /^refused to fetch localhost after a redirect: the name points inside the network, and feeds may not reach inside/, 5 * MINUTE],
    ['/to-metadata', 'active', /^refused to fetch 169\.254\.169\.254 after a redirect: it is a cloud metadata address/, 5 * MINUTE],
    ['/to-metadata-v6', 'active', /^refused to fetch fd00:ec2::254 after a redirect: it is a cloud metadata address/, 5 * MINUTE],
    ['/html', 'active', /^the address serves a web page, not an RSS or Atom feed; the page names its feed at http:\/\/127\.0\.0\.1:\d+\/rss\.xml, add that address instead$/, 5 * MINUTE],
    ['/empty', 'active', /^the server sent an empty response instead of the feed$/, 5 * MINUTE],
    ['/laughs', 'active', /^the feed declares its own XML entities .* talkwatch refuses them/, 5 * MINUTE],
    ['/xxe', 'active', /^the feed declares its own XML entities .* talkwatch refuses them/, 5 * MINUTE],
  ] as const)('%s: the feed shows status %s and a clear last error', async (name, status, error, wait) => {
    const feed = await row(name);
    expect({ status: feed.status, failures: feed.consecutiveFailures }).toEqual({ status, failures: 1 });
    expect(feed.lastError).toMatch(error);
    if (wait !== null) expect(feed.nextPollAt.getTime() - started.getTime()).toBe(wait);
    expect(await stored(name)).toHaveLength(0);
    console.log(`[hostile] ${name.padEnd(16)} status=${feed.status} last_error=${feed.lastError}`);
  });

  it('never connects to the inside server a redirect points at', () => {
    expect(inside.hits('/admin')).toBe(0);
  });

  it('stops reading the 50 MB body near the limit, and the gzip bomb without inflating it', () => {
    // Kernel socket buffers take a few MB beyond what talkwatch read before it closed the connection.
    expect(hostile.bytesWritten.get('/huge') ?? 0).toBeLessThan(25 * 1024 * 1024);
    // Reading the bomb whole would add 1 GB; the 50 MB body, 50 MB plus its parse.
    expect(peakRssGrowthMb).toBeLessThan(256);
    console.log(`[hostile] peak RSS growth during the cycle: ${peakRssGrowthMb.toFixed(0)} MB`);
  });

  it('expands no entity and leaks no local file anywhere', async () => {
    const everything = JSON.stringify([
      await database.db.select().from(items),
      await database.db.select().from(feeds),
      [...reports.values()],
    ]);
    expect(everything).not.toContain(SECRET);
    expect(app.logs.join('')).not.toContain(SECRET);
    expect(everything).not.toContain('lollol');
    expect((await row('/laughs')).title).toBeNull();
    expect((await row('/xxe')).title).toBeNull();
  });

  it('stores items with unreadable or far-future dates, undated', async () => {
    const rssItems = await stored('/bad-dates.rss');
    const byTitle = new Map(rssItems.map((i) => [i.title, i]));
    expect([...byTitle.keys()].sort()).toEqual(['Empty date', 'Good date', 'Not a date', 'Year 9999']);
    expect(byTitle.get('Not a date')!.publishedAt).toBeNull();
    expect(byTitle.get('Year 9999')!.publishedAt).toBeNull();
    expect(byTitle.get('Good date')!.publishedAt).toEqual(new Date('2026-11-21T11:00:00Z'));
    // First poll: undated items count as backfill (nothing proves they are new); a one-hour-old one does not.
    expect(byTitle.get('Not a date')!.backfill).toBe(true);
    expect(byTitle.get('Good date')!.backfill).toBe(false);
    const atomItems = await stored('/bad-dates.atom');
    expect(atomItems.map((i) => [i.title, i.publishedAt])).toEqual([
      ['Bad published', null],
      ['Bad updated', null],
    ]);
  });

  it('stores an item repeated verbatim once, and different articles sharing a guid each', async () => {
    const dup = await stored('/duplicate-guids');
    expect(dup.map((i) => i.title).sort()).toEqual(['One guid, first article', 'One guid, second article', 'Same story']);
    const noIds = await stored('/no-ids');
    expect(noIds.map((i) => i.title).sort()).toEqual(['Only a description', 'Only a title', 'Title and date']);
    expect(noIds.every((i) => i.key.startsWith('sha256:') && i.guid === null && i.url === null)).toBe(true);
  });

  it('stores the items of a feed with a 12 kB link, the over-long link dropped, and the poll succeeds', async () => {
    expect(reports.get('/long-link')).toMatchObject({ outcome: 'new-items', stored: 3, error: null });
    const rows = new Map((await stored('/long-link')).map((i) => [i.title, i]));
    expect([...rows.keys()].sort()).toEqual(['Long link and a guid', 'Long link, no guid', 'Ordinary']);
    expect(rows.get('Long link, no guid')).toMatchObject({ url: null, canonicalUrl: null, guid: null });
    expect(rows.get('Long link, no guid')!.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rows.get('Long link and a guid')).toMatchObject({ url: null, key: 'long-2' });
    expect(rows.get('Ordinary')!.url).toBe('https://example.org/ordinary');
  });

  it('keeps terminal control sequences and bidi overrides out of everything a feed supplies', async () => {
    const [stored1] = await stored('/terminal');
    const feed = await row('/terminal');
    const supplied = [stored1!.title, stored1!.summary, stored1!.url, stored1!.guid, stored1!.key, feed.title];
    expect(supplied).toEqual([
      'Talks collapse in Islamabad',
      'Read the official statement evil now…',
      'https://example.org/story',
      'g-1',
      'g-1',
      'Wire desk',
    ]);
    // eslint-disable-next-line no-control-regex -- control characters are what this checks for
    for (const text of supplied) expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('stores a 10,000-item feed 500 items a poll, the rest waiting for the next polls', async () => {
    expect(reports.get('/ten-thousand')).toMatchObject({ stored: 500, waiting: 9_500, nextPollAt: new Date(started.getTime() + MINUTE) });
    expect(await database.db.$count(items, eq(items.feedId, ids.get('/ten-thousand')!))).toBe(500);
  });

  it('stores nothing twice on the next cycle, and never polls the gone feed again', async () => {
    const before = await database.db.$count(items);
    const goneHits = hostile.hits('/410');
    app.clock.advance(11 * MINUTE);
    const again = await ingest.poller.pollDue();
    expect(again.map((r) => r.feedId)).not.toContain(ids.get('/410'));
    expect(hostile.hits('/410')).toBe(goneHits);
    expect(again.find((r) => r.feedId === ids.get('/duplicate-guids'))).toMatchObject({ outcome: 'unchanged', stored: 0 });
    expect(again.find((r) => r.feedId === ids.get('/no-ids'))).toMatchObject({ outcome: 'unchanged', stored: 0 });
    expect(again.find((r) => r.feedId === ids.get('/long-link'))).toMatchObject({ outcome: 'unchanged', stored: 0 });
    // The 10,000-item feed goes on: the next 500 of the items still waiting, none of them stored before.
    expect(again.find((r) => r.feedId === ids.get('/ten-thousand'))).toMatchObject({ outcome: 'new-items', stored: 500, waiting: 9_000 });
    expect(await database.db.$count(items)).toBe(before + 500);
    // The 503 asked for 10 minutes: polled again now, with its failure count going up.
    expect((await row('/503')).consecutiveFailures).toBe(2);
  }, 60_000);
});
