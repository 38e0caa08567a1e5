/**
 * Wiring for feed ingestion: the store, the fetcher with the SSRF policy from config, the parser pool, the
 * classifier and the after-store hook, put together into a Poller. Also the default feeds, added once.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { toCluster, type UnclusteredItem } from '../core/clustering.ts';
import type { StoredItem } from '../core/feeds.ts';
import type { Feed } from '../core/types.ts';
import { DbFeedStore, type NewFeed } from '../db/feed-store.ts';
import type { AddressPolicy, Resolver } from '../feeds/guard.ts';
import { fetchFeed, keptConnections, type FetchLimits } from '../feeds/http.ts';
import { createParser, type ParserOptions } from '../feeds/parser.ts';
import { POLL_DEFAULTS, Poller } from '../feeds/poller.ts';
import type { Metrics } from './metrics.ts';
import type { App } from './app.ts';
import { VERSION } from './version.ts';
import { refresh } from './pipeline.ts';

export const USER_AGENT = `talkwatch/${VERSION} (news monitor; polls RSS and Atom feeds)`;

export interface FeedIngest {
  poller: Poller;
  store: DbFeedStore;
  close(): Promise<void>;
}

export interface IngestOptions {
  onStored?: (items: StoredItem[], feed: Feed) => Promise<void> | void;
  /** tests: shorter limits, a fake resolver, an exempt first hop */
  limits?: FetchLimits;
  resolver?: Resolver;
  exempt?: AddressPolicy['exempt'];
  parser?: ParserOptions;
  concurrency?: { global: number; perHost: number };
  /** counts the items stored, by label */
  metrics?: Pick<Metrics, 'stored'>;
}

export function addressPolicy(app: App, exempt?: AddressPolicy['exempt']): AddressPolicy {
  return { allowPrivate: app.config.allowPrivateFeeds, exempt };
}

export const BATCH_GAP_MS = 250;

/**
 * What runs after a poll stored new items: they go straight into stories, and their topics' alerts are evaluated.
 * A poll that stores items while a run is under way, or within a quarter of a second after one ended, joins the
 * next run, which starts that long after the last one ended: a cycle of a thousand feeds clusters in a few dozen
 * runs, not a thousand (each run reads the topic's recent stories and evaluates its alerts once), and every
 * caller's items are in a story by the time its promise settles. `run` is a test seam.
 */
export function afterStored(app: App, run: typeof refresh = refresh): (items: StoredItem[], feed: Feed) => Promise<void> {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  let lastEnded = Number.NEGATIVE_INFINITY;
  let pending: UnclusteredItem[] = [];
  const start = (): Promise<void> => {
    const batch = pending;
    pending = [];
    const current = run(app, batch).finally(() => {
      lastEnded = performance.now();
      if (running === current) running = null;
    });
    running = current;
    return current;
  };
  return (items, feed) => {
    app.log.debug({ feedId: feed.id, stored: items.length }, 'new items stored');
    pending.push(...toCluster(items, feed.title));
    if (next) return next;
    if (!running && performance.now() - lastEnded >= BATCH_GAP_MS) return start();
    next = (running ?? Promise.resolve())
      .catch(() => {})
      .then(() => sleep(Math.max(0, lastEnded + BATCH_GAP_MS - performance.now())))
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

export function createFeedIngest(app: App, options: IngestOptions = {}): FeedIngest {
  const store = new DbFeedStore(app.database.db);
  const parser = createParser({ onError: (error) => app.log.error({ err: error }, 'a feed parser worker failed; it is replaced'), ...options.parser });
  const policy = addressPolicy(app, options.exempt);
  const connections = keptConnections();
  const after = options.onStored ?? afterStored(app);
  const poller = new Poller({
    store,
    fetch: (request) => fetchFeed(request, { policy, connections, userAgent: USER_AGENT, limits: options.limits, resolver: options.resolver }),
    parser,
    classifier: app.classifier,
    clock: app.clock,
    log: app.log,
    onStored: (items, feed) => {
      options.metrics?.stored(items);
      return after(items, feed);
    },
    concurrency: options.concurrency,
    // A claim must outlast a poll in real time (a fetch has 40 s at most, plus its wait for a slot); under a fast
    // test clock the calendar runs ahead, so the lease is stretched by the same factor.
    leaseMs: POLL_DEFAULTS.leaseMs * (app.config.fastClock?.speed ?? 1),
  });
  return {
    poller,
    store,
    close: () => {
      connections.close();
      return parser.close();
    },
  };
}

const defaultsFile = new URL('../feeds/default-feeds.yaml', import.meta.url);
const defaultsSchema = z.strictObject({
  feeds: z.array(z.strictObject({ url: z.url({ protocol: /^https?$/ }), title: z.string().min(1).optional(), topic: z.string().min(1).optional() })),
});

export function defaultFeeds(topic: string): NewFeed[] {
  const parsed = defaultsSchema.parse(parseYaml(readFileSync(defaultsFile, 'utf8')));
  return parsed.feeds.map((f) => ({ url: f.url, title: f.title ?? null, topic: f.topic ?? topic, addedBy: 'default' }));
}

export const DEFAULTS_MARKER = 'default-feeds-seeded';

/** Add the default feeds if this database never had them. Returns how many were added, or null if done before. */
export async function seedDefaultFeeds(app: App): Promise<number | null> {
  const store = new DbFeedStore(app.database.db);
  const added = await store.seedOnce(DEFAULTS_MARKER, defaultFeeds(app.defaultTopic), app.clock.now());
  if (added !== null) app.log.info({ added }, 'default feeds added (once per database; TALKWATCH_DEFAULT_FEEDS=0 skips this)');
  return added;
}
