/**
 * What people use instead of talkwatch to follow feeds from Node, in a process of their own, cycle by cycle:
 *
 * - `parseurl`: the loop hand-made bots run: rss-parser's parseURL for each feed in turn, new items told apart
 *   from seen ones by guid (or link). No conditional requests, no storage.
 * - `emitter`: rss-feed-emitter, which fetches every feed at once and parses with feedparser, keeping each feed's
 *   recent items in memory. Its first cycle is `add` (measured until every feed's initial-load event); later cycles
 *   run its own per-feed refresh (FeedManager.getContent, what its timers call) for every feed at once.
 */
import { createRequire } from 'node:module';
import Parser from 'rss-parser';

type Message = { type: 'init'; urls: string[] } | { type: 'cycle' } | { type: 'close' };

const mode = process.argv[2];
const require = createRequire(import.meta.url);
let urls: string[] = [];

let failures = 0;

async function parseUrlLoop(seen: Set<string>): Promise<number> {
  const parser = new Parser();
  let fresh = 0;
  for (const url of urls) {
    let feed: Awaited<ReturnType<Parser['parseURL']>>;
    try {
      feed = await parser.parseURL(url);
    } catch {
      // what a bot does with a feed it cannot read: skip it until next time
      failures++;
      continue;
    }
    for (const item of feed.items) {
      const key = `${url} ${item.guid ?? item.link ?? item.title}`;
      if (!seen.has(key)) {
        seen.add(key);
        fresh++;
      }
    }
  }
  return fresh;
}

interface Emitter {
  add(...feeds: Array<{ url: string; refresh: number }>): void;
  on(event: string, listener: (data: { items?: unknown[] }) => void): void;
  destroy(): void;
  feedList: unknown[];
}
let emitter: Emitter | null = null;
let emitted = 0;

async function emitterCycle(): Promise<number> {
  const before = emitted;
  if (!emitter) {
    const FeedEmitter = require('rss-feed-emitter') as new (options: { skipFirstLoad: boolean }) => Emitter;
    emitter = new FeedEmitter({ skipFirstLoad: false });
    const current = emitter;
    current.on('new-item', () => emitted++);
    current.on('error', () => failures++);
    // Timers far in the future: the benchmark runs each cycle itself.
    await new Promise<void>((resolve) => {
      let loaded = 0;
      for (const url of urls) {
        current.on(`initial-load:${url}`, () => {
          if (++loaded === urls.length) resolve();
        });
      }
      current.add(...urls.map((url) => ({ url, refresh: 24 * 3_600_000 })));
    });
    return emitted - before;
  }
  const FeedManager = require('rss-feed-emitter/src/FeedManager.js') as new (e: Emitter, feed: unknown) => { getContent(first: boolean): Promise<void> };
  const current = emitter;
  await Promise.all(current.feedList.map((feed) => new FeedManager(current, feed).getContent(false)));
  return emitted - before;
}

const seen = new Set<string>();
process.on('message', (message: Message) => {
  void (async () => {
    if (message.type === 'init') {
      urls = message.urls;
      process.send!({ type: 'ready' });
    } else if (message.type === 'cycle') {
      const started = performance.now();
      failures = 0;
      const items = mode === 'parseurl' ? await parseUrlLoop(seen) : await emitterCycle();
      process.send!({ type: 'cycle', seconds: (performance.now() - started) / 1000, items, failures, rssMb: process.memoryUsage.rss() / 2 ** 20 });
    } else {
      emitter?.destroy();
      // rss-feed-emitter's keep-alive sockets would hold the process open until the harness kills it, 10 s later
      process.send!({ type: 'closed' }, () => process.exit(0));
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.send!({ type: 'started' });
