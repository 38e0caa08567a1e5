/**
 * The demo's news outlets: a small RSS server on 127.0.0.1 whose feeds carry the scenario's items published by
 * the demo clock's "now". It answers conditional requests like a real server, so the demo exercises the same
 * polling path as production.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../core/clock.ts';
import { DEMO_FEEDS, SCENARIO, type ScenarioItem } from './scenario.ts';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

export function renderFeed(feed: ScenarioItem['feed'], start: Date, now: Date, base: string): string {
  const published = SCENARIO.filter((i) => i.feed === feed && start.getTime() + i.hour * 3_600_000 <= now.getTime())
    .map((i) => ({ ...i, at: new Date(start.getTime() + i.hour * 3_600_000) }))
    .reverse();
  const items = published
    .map(
      (i) => `    <item>
      <title>${escapeXml(i.title)}</title>
      <link>${base}/${feed}/${slug(i.title)}?utm_source=rss</link>
      <guid isPermaLink="false">${feed}-${i.hour}-${slug(i.title)}</guid>
      <pubDate>${i.at.toUTCString()}</pubDate>
      ${i.summary ? `<description>${escapeXml(i.summary)}</description>` : ''}
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escapeXml(DEMO_FEEDS[feed])}</title>
    <link>${base}/${feed}</link>
    <description>talkwatch demo feed</description>
${items}
  </channel>
</rss>
`;
}

export interface DemoFeedServer {
  urls: string[];
  close(): Promise<void>;
}

export async function startDemoFeeds(clock: Clock, start: Date): Promise<DemoFeedServer> {
  let base = '';
  const server: Server = createServer((req, res) => {
    const feed = (req.url ?? '').replace(/^\//, '').replace(/\.xml$/, '') as ScenarioItem['feed'];
    if (!(feed in DEMO_FEEDS)) {
      res.writeHead(404).end();
      return;
    }
    answerFeed(req, res, renderFeed(feed, start, clock.now(), base));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: Object.keys(DEMO_FEEDS).map((f) => `${base}/${f}.xml`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answer with a feed's XML, or 304 when the reader already has it: the ETag is its content's hash, as many sites do. */
export function answerFeed(req: IncomingMessage, res: ServerResponse, body: string): void {
  const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(body);
}
