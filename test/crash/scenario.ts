/**
 * The crash test's world: the demo's five days of news repeated (each cycle its own articles, so a story from one
 * cycle is never confused with the next), served on 127.0.0.1 by simulated time, and the channels that follow it on
 * Slack and Discord, each with a daily digest and a stall alert rule.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFeed } from '../../bots/demo/feed-server.ts';
import type { AlertRule } from '../../core/alerts.ts';
import type { Clock } from '../../core/clock.ts';
import { DAY, HOUR } from '../../core/clock.ts';
import { DEMO_FEEDS, DEMO_START, SCENARIO, type ScenarioItem } from '../../bots/demo/scenario.ts';

export const SCENARIO_START = new Date(DEMO_START);
const CYCLE = 5 * DAY;

export const SLACK_TENANT = 'slack:T0FAKE';
export const DISCORD_GUILD = '800000000000000001';
export const DISCORD_TENANT = `discord:${DISCORD_GUILD}`;

export interface CrashChannel {
  platform: 'slack' | 'discord';
  channelId: string;
  tenant: string;
  digest: { time: string; timezone: string };
  rule: AlertRule;
}

const RULES: AlertRule[] = [
  { type: 'count', threshold: 3, windowMinutes: 360 },
  { type: 'count', threshold: 2, windowMinutes: 360 },
  { type: 'count', threshold: 2, windowMinutes: 720 },
  { type: 'share', percent: 50, windowMinutes: 1440, min: 3 },
];
const DIGESTS = [
  { time: '09:00', timezone: 'Asia/Karachi' },
  { time: '07:30', timezone: 'UTC' },
  { time: '18:00', timezone: 'America/New_York' },
  { time: '00:15', timezone: 'Europe/Berlin' },
];

/** Four Slack channels and four Discord channels, each with its own digest time and alert rule. */
export const CHANNELS: CrashChannel[] = [0, 1, 2, 3].flatMap((i) => [
  { platform: 'slack' as const, channelId: `C0CRASH${i}`, tenant: SLACK_TENANT, digest: DIGESTS[i]!, rule: RULES[i]! },
  { platform: 'discord' as const, channelId: `74000000000000000${i}`, tenant: DISCORD_TENANT, digest: DIGESTS[(i + 2) % 4]!, rule: RULES[(i + 1) % 4]! },
]);

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const slug = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

/** The feed's items published by `now`: every cycle of the scenario so far, newest first, the latest 40. */
export function renderFeed(feed: ScenarioItem['feed'], now: Date, base: string): string {
  const elapsed = now.getTime() - SCENARIO_START.getTime();
  const items: Array<{ at: Date; cycle: number; item: ScenarioItem }> = [];
  for (let cycle = 0; cycle * CYCLE <= elapsed; cycle++) {
    for (const item of SCENARIO) {
      const at = new Date(SCENARIO_START.getTime() + cycle * CYCLE + item.hour * HOUR);
      if (item.feed === feed && at <= now) items.push({ at, cycle, item });
    }
  }
  const xml = items
    .reverse()
    .slice(0, 40)
    .map(
      ({ at, cycle, item }) => `    <item>
      <title>${escapeXml(item.title)}</title>
      <link>${base}/${feed}/${cycle}/${slug(item.title)}</link>
      <guid isPermaLink="false">${feed}-${cycle}-${item.hour}-${slug(item.title)}</guid>
      <pubDate>${at.toUTCString()}</pubDate>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${escapeXml(DEMO_FEEDS[feed])}</title><link>${base}/${feed}</link><description>crash test</description>
${xml}
</channel></rss>
`;
}

export interface ScenarioFeeds {
  urls: string[];
  /** called at every request, before it is answered */
  onRequest?: () => void;
  close(): Promise<void>;
}

/** The outlets, answering by the given (simulated) clock, with ETags like a real server. */
export async function startScenarioFeeds(clock: Clock): Promise<ScenarioFeeds> {
  let base = '';
  const feeds: ScenarioFeeds = { urls: [], close: async () => {} };
  const server: Server = createServer((req, res) => {
    feeds.onRequest?.();
    const feed = (req.url ?? '').replace(/^\//, '').replace(/\.xml$/, '') as ScenarioItem['feed'];
    if (!(feed in DEMO_FEEDS)) {
      res.writeHead(404).end();
      return;
    }
    answerFeed(req, res, renderFeed(feed, clock.now(), base));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  feeds.urls = Object.keys(DEMO_FEEDS).map((f) => `${base}/${f}.xml`);
  feeds.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return feeds;
}
