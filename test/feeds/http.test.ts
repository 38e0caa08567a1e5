import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFeed, type FetchContext } from '../../feeds/http.ts';
import { FeedServer } from '../support/feed-server.ts';

const FEED = '<rss version="2.0"><channel><title>Compressed</title></channel></rss>';
const ctx: FetchContext = { policy: { allowPrivate: true }, userAgent: 'talkwatch/test' };

describe('fetching over HTTP', () => {
  let server: FeedServer;
  const seen: Record<string, string | undefined> = {};
  beforeAll(async () => {
    server = await new FeedServer().start();
    server.route('/plain', { body: FEED, contentType: 'application/rss+xml', headers: { 'last-modified': 'Sat, 21 Nov 2026 10:00:00 GMT', 'cache-control': 'public, max-age=900' } });
    const encoded: Record<string, Buffer> = { gzip: zlib.gzipSync(FEED), deflate: zlib.deflateSync(FEED), br: zlib.brotliCompressSync(FEED) };
    for (const [encoding, body] of Object.entries(encoded)) {
      server.route(`/${encoding}`, (req, res) => {
        seen[encoding] = req.headers['accept-encoding'];
        res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-encoding': encoding }).end(body);
      });
    }
    server.route('/headers', (req, res) => {
      seen.ua = req.headers['user-agent'];
      seen.inm = req.headers['if-none-match'];
      seen.ims = req.headers['if-modified-since'];
      res.writeHead(304).end();
    });
    server.route('/moved', (_req, res) => res.writeHead(301, { location: 'headers-after' }).end());
    server.route('/headers-after', (req, res) => {
      seen.afterInm = req.headers['if-none-match'] ?? 'none';
      res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED);
    });
    server.route('/declared-huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(200 * 1024 * 1024) });
      res.on('error', () => {});
      res.write('<rss>');
    });
    server.route('/compress', (_req, res) => res.writeHead(200, { 'content-encoding': 'compress' }).end('x'));
    server.route('/corrupt', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(Buffer.from('not gzip at all')));
    server.route('/no-location', (_req, res) => res.writeHead(302).end());
    server.route('/403', (_req, res) => res.writeHead(403).end());
    server.route('/429', (_req, res) => res.writeHead(429, { 'retry-after': '90' }).end());
  });
  afterAll(() => server.close());

  it('returns the body with its validators and cache hints', async () => {
    const result = await fetchFeed({ url: server.url('/plain') }, ctx);
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.body.toString()).toBe(FEED);
    expect(result.etag).toMatch(/^"[0-9a-f]+"$/);
    expect(result.lastModified).toBe('Sat, 21 Nov 2026 10:00:00 GMT');
    expect(result.hints.maxAgeSeconds).toBe(900);
    const again = await fetchFeed({ url: server.url('/plain'), etag: result.etag }, ctx);
    expect(again.kind).toBe('not-modified');
  });

  it.each(['gzip', 'deflate', 'br'])('decodes %s', async (encoding) => {
    const result = await fetchFeed({ url: server.url(`/${encoding}`) }, ctx);
    expect(result.kind === 'ok' && result.body.toString()).toBe(FEED);
    expect(seen[encoding]).toBe('gzip, deflate, br');
  });

  it('sends its User-Agent and the validators, but not to a redirect target', async () => {
    await fetchFeed({ url: server.url('/headers'), etag: '"abc"', lastModified: 'Sat, 21 Nov 2026 10:00:00 GMT' }, ctx);
    expect(seen).toMatchObject({ ua: 'talkwatch/test', inm: '"abc"', ims: 'Sat, 21 Nov 2026 10:00:00 GMT' });
    const moved = await fetchFeed({ url: server.url('/moved'), etag: '"abc"' }, ctx);
    expect(moved.kind === 'ok' && moved.finalUrl).toBe(server.url('/headers-after'));
    expect(seen.afterInm).toBe('none');
  });

  it.each([
    ['/declared-huge', /^the feed is larger than 10 MB; talkwatch reads at most 10 MB$/],
    ['/compress', /^the server compressed the feed with "compress", which talkwatch cannot read$/],
    ['/corrupt', /^the feed's gzip compression is corrupt \(Z_DATA_ERROR\)$/],
    ['/no-location', /^the server answered HTTP 302 \(a redirect\) without saying where to$/],
    ['/403', /^the server refuses access to this feed \(HTTP 403 Forbidden\)$/],
    ['/429', /^the server says we ask too often \(HTTP 429 Too Many Requests\); it asked to retry in 90 s$/],
  ])('%s fails with a clear message', async (path, message) => {
    await expect(fetchFeed({ url: server.url(path) }, ctx)).rejects.toThrow(message);
  });

  it('names a refused connection and an unknown host', async () => {
    const closed = await new FeedServer().start();
    const port = closed.port;
    await closed.close();
    await expect(fetchFeed({ url: `http://127.0.0.1:${port}/feed` }, ctx)).rejects.toThrow(/^127\.0\.0\.1:\d+ refused the connection \(ECONNREFUSED\)$/);
    const nowhere = async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(fetchFeed({ url: 'http://no-such-host.invalid/feed' }, { ...ctx, resolver: nowhere })).rejects.toThrow(/^the host name no-such-host\.invalid could not be resolved \(ENOTFOUND\)/);
  });

  it('stops when talkwatch stops', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(fetchFeed({ url: server.url('/plain'), signal: abort.signal }, ctx)).rejects.toThrow(/talkwatch stopped/);
  });
});
