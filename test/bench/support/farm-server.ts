/**
 * The feed farm's server process: FEEDS feeds from the fixtures in test/fixtures/feeds, spread over HOSTS loopback
 * addresses (127.0.0.1 to 127.0.0.HOSTS, each its own server), so per-host limits and connection pools are
 * exercised as with real sites. Runs apart from the benchmarked process so serving costs that process nothing.
 *
 * Every 20th feed's server knows no validators (no ETag, no Last-Modified): it sends the whole body every time,
 * as many real servers do; the others answer a matching If-None-Match or If-Modified-Since with 304.
 * The parent moves feeds to a generation over IPC: generation g adds 5 g new items to every feed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { contentTypeFor } from '../../support/feed-server.ts';
import { farmFeeds, newItemTitles, type FarmMessage, type FarmReply } from './farm.ts';

interface Served {
  body: Buffer;
  etag: string | null;
  lastModified: string | null;
}

const fixtures = fileURLToPath(new URL('../../fixtures/feeds/', import.meta.url));
const feeds = farmFeeds();
const titles = newItemTitles();
const originals = new Map<string, Buffer>();
for (const feed of feeds) if (!originals.has(feed.file)) originals.set(feed.file, readFileSync(fixtures + feed.file));

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Generation g of feed i: the fixture with 5 g items inserted before its first item or entry. */
function body(i: number, generation: number, base: string): Buffer {
  const original = originals.get(feeds[i]!.file)!;
  if (generation === 0) return original;
  // latin1 keeps every byte as it is, whatever the fixture's encoding; what is inserted is ASCII.
  const text = original.toString('latin1');
  const atom = /<feed[\s>]/.test(text);
  const at = text.search(atom ? /<entry[\s>]/ : /<item[\s>]/);
  const when = new Date(changedAt);
  const added: string[] = [];
  for (let g = generation; g >= 1; g--) {
    for (let j = 0; j < 5; j++) {
      const title = esc(titles[(i * 5 + g * 7 + j) % titles.length]!);
      const link = `${base}/story/${i}-${g}-${j}`;
      added.push(
        atom
          ? `<entry><title>${title}</title><id>${link}</id><link href="${link}"/><updated>${when.toISOString()}</updated><summary>${title}</summary></entry>`
          : `<item><title>${title}</title><link>${link}</link><guid>${link}</guid><pubDate>${when.toUTCString()}</pubDate><description>${title}</description></item>`,
      );
    }
  }
  const insertAt = at >= 0 ? at : text.lastIndexOf(atom ? '</feed>' : '</channel>');
  return Buffer.from(text.slice(0, insertAt) + added.join('\n') + text.slice(insertAt), 'latin1');
}

/**
 * Each generation's bodies are made once, on first request, and kept: a contender's cycle costs the farm no more
 * than sending them, so the farm takes as little as it can from the cores the contenders share.
 */
const generations = new Map<number, { changedAt: number; served: Map<number, Served> }>();
let generation = 0;
// new items are dated when their generation was first served: news, not backfill
let changedAt = Date.now();
let cache = new Map<number, Served>();
generations.set(0, { changedAt, served: cache });
const stats = { requests: 0, notModified: 0, bytes: 0 };

function served(i: number, base: string): Served {
  let s = cache.get(i);
  if (!s) {
    const b = body(i, generation, base);
    const validators = i % 20 !== 0;
    s = {
      body: b,
      etag: validators ? `"${createHash('sha1').update(b).digest('hex').slice(0, 16)}"` : null,
      lastModified: validators ? new Date(changedAt).toUTCString() : null,
    };
    cache.set(i, s);
  }
  return s;
}

function handle(req: IncomingMessage, res: ServerResponse, base: string): void {
  stats.requests++;
  const m = /^\/feeds\/(\d+)\.xml$/.exec(req.url ?? '');
  const i = m ? Number(m[1]) : -1;
  if (!feeds[i]) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no such feed');
    return;
  }
  const s = served(i, base);
  const headers: Record<string, string> = { 'content-type': contentTypeFor(feeds[i]!.file) };
  if (s.etag) headers.etag = s.etag;
  if (s.lastModified) headers['last-modified'] = s.lastModified;
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  if ((s.etag && inm === s.etag) || (!inm && s.lastModified && ims === s.lastModified)) {
    stats.notModified++;
    res.writeHead(304, headers).end();
    return;
  }
  headers['content-length'] = String(s.body.length);
  stats.bytes += s.body.length;
  res.writeHead(200, headers).end(s.body);
}

async function listen(host: string): Promise<{ server: Server; port: number }> {
  const server = createServer();
  let base = '';
  server.on('request', (req, res) => handle(req, res, base));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  base = `http://${host}:${port}`;
  return { server, port };
}

const hosts = Math.max(...feeds.map((f) => f.host)) + 1;
const ports: number[] = [];
for (let h = 0; h < hosts; h++) ports.push((await listen(`127.0.0.${h + 1}`)).port);

process.on('message', (message: FarmMessage) => {
  let reply: FarmReply;
  if (message.type === 'generation') {
    generation = message.generation;
    let kept = generations.get(generation);
    if (!kept) generations.set(generation, (kept = { changedAt: Date.now(), served: new Map() }));
    changedAt = kept.changedAt;
    cache = kept.served;
    reply = { type: 'ok' };
  } else if (message.type === 'stats') {
    reply = { type: 'stats', ...stats };
    if (message.reset) Object.assign(stats, { requests: 0, notModified: 0, bytes: 0 });
  } else reply = { type: 'ok' };
  process.send!(reply);
});
process.on('disconnect', () => process.exit(0));
process.send!({ type: 'ready', ports } satisfies FarmReply);
