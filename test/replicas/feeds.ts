/**
 * The replicas test's feeds: many addresses on 127.0.0.1, each fetch recorded with its simulated time, so a feed
 * fetched twice within its interval (two replicas polling it at once, or one too soon) is counted. The first few
 * carry the scenario's news (so stories form and alerts fire); the rest are quiet outlets with one old item.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFeed } from '../../bots/demo/feed-server.ts';
import type { Clock } from '../../core/clock.ts';
import { DEMO_FEEDS, type ScenarioItem } from '../../bots/demo/scenario.ts';
import { renderFeed } from '../crash/scenario.ts';

const OUTLETS = Object.keys(DEMO_FEEDS) as Array<ScenarioItem['feed']>;

export interface CountingFeeds {
  urls: string[];
  /** simulated fetch times per feed url, in order */
  fetches: Map<string, number[]>;
  /** fetches of one feed closer together than `intervalMs` (simulated) */
  doublePolls(intervalMs: number): Array<{ url: string; gapMs: number }>;
  polls(): number;
  close(): Promise<void>;
}

function quietFeed(n: number, base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Quiet outlet ${n}</title><link>${base}/q/${n}</link><description>replicas test</description>
    <item>
      <title>Quiet outlet ${n} opens its archive</title>
      <link>${base}/q/${n}/archive</link>
      <guid isPermaLink="false">quiet-${n}-archive</guid>
      <pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate>
    </item>
</channel></rss>
`;
}

export async function startCountingFeeds(clock: Clock, count: number): Promise<CountingFeeds> {
  let base = '';
  const fetches = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    const at = clock.now().getTime();
    const m = /^\/f\/(\d+)\.xml$/.exec(path);
    if (!m || Number(m[1]) >= count) {
      res.writeHead(404).end();
      return;
    }
    const n = Number(m[1]);
    const url = `${base}${path}`;
    fetches.set(url, [...(fetches.get(url) ?? []), at]);
    answerFeed(req, res, n < OUTLETS.length ? renderFeed(OUTLETS[n]!, clock.now(), base) : quietFeed(n, base));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urls: Array.from({ length: count }, (_, i) => `${base}/f/${i}.xml`),
    fetches,
    doublePolls(intervalMs) {
      const found: Array<{ url: string; gapMs: number }> = [];
      for (const [url, times] of fetches) {
        for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! < intervalMs) found.push({ url, gapMs: times[i]! - times[i - 1]! });
      }
      return found;
    },
    polls: () => [...fetches.values()].reduce((n, t) => n + t.length, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
