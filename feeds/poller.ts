/**
 * The poll loop: claim the feeds that are due, fetch each (within a global and a per-host concurrency limit),
 * parse off the main thread, keep only items not already stored, classify and store them (at most 500 a poll per
 * topic, newest first; the rest wait for the next poll, see held.ts), record the outcome on the feed, then hand the
 * stored items to `onStored` (stories and alert evaluation attach there). The hook runs outside the fetch slots, so
 * the next feeds are fetched meanwhile.
 *
 * A feed's failure is recorded on that feed and never stops the others.
 */
import { setMaxListeners } from 'node:events';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Clock } from '../core/clock.ts';
import type { FeedStore, ItemToStore, NormalisedItem, StoredItem } from '../core/feeds.ts';
import type { Classifier } from '../core/ports.ts';
import type { Feed, FeedStatus } from '../core/types.ts';
import { FeedError } from './errors.ts';
import { HeldItems, type HeldRest } from './held.ts';
import type { FetchRequest, FetchResult } from './http.ts';
import { alreadyStored, candidateKeys } from './normalise.ts';
import type { FeedParser } from './parser.ts';
import { baseInterval, nextAfterFailure, nextAfterSuccess, POLICY, statusAfterFailure } from './policy.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The part of a pino logger the poller uses. */
export interface PollLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PollerDeps {
  store: FeedStore;
  fetch: (request: FetchRequest) => Promise<FetchResult>;
  parser: FeedParser;
  classifier: Classifier;
  clock: Clock;
  log: PollLog;
  /** Called after a poll stored new items; an error here is logged, the items stay stored. */
  onStored?: (items: StoredItem[], feed: Feed) => Promise<void> | void;
  concurrency?: { global: number; perHost: number };
  /** feeds claimed per round, and how long a claim holds */
  batchSize?: number;
  /** new items stored per feed per poll; the rest wait for the next poll */
  maxItemsPerPoll?: number;
  leaseMs?: number;
}

export type PollOutcome = 'new-items' | 'unchanged' | 'not-modified' | 'failed' | 'gone';

export interface PollReport {
  feedId: number;
  url: string;
  title: string | null;
  outcome: PollOutcome;
  /** items in the document this poll read */
  seen: number;
  /** items stored by this poll */
  stored: number;
  /** new items past the per-poll cap, left for the next poll */
  waiting: number;
  status: FeedStatus;
  error: string | null;
  errorCode: string | null;
  nextPollAt: Date;
  /** how long the poll took, fetch to stored, in real milliseconds */
  durationMs?: number;
}

export const INTERNAL_ERROR = 'talkwatch could not store or record this poll (an error on our side, not the feed\'s; the service log has the details); it tries again at the next poll';

export const POLL_DEFAULTS = { global: 8, perHost: 2, batchSize: 20, leaseMs: 10 * 60_000, maxRounds: 100, maxItemsPerPoll: 500 } as const;

/**
 * The newest `cap` of a poll's new items: dated ones newest first, then undated ones in the feed's order. A feed
 * with more new items than that (a flood, or a first poll of a long archive) is stored a cap's worth at a time, so
 * one poll's storing and clustering stay bounded; the rest wait in `HeldItems` (held.ts) for the next poll.
 */
export function newestFirst<T extends { publishedAt: Date | null }>(items: T[], cap: number): T[] {
  if (items.length <= cap) return items;
  const order = items.map((item, i) => ({ item, i, at: item.publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY }));
  order.sort((a, b) => b.at - a.at || a.i - b.i);
  return order.slice(0, cap).map((o) => o.item);
}

export class Poller {
  private readonly global: LimitFunction;
  private readonly hosts = new Map<string, LimitFunction>();
  private readonly perHost: number;
  private readonly stopping = new AbortController();
  /** after-store work in flight: it runs outside the fetch slots, and pollDue waits for it */
  private readonly afterStore = new Set<Promise<void>>();
  /** the rest of long feeds, between polls */
  private readonly held = new HeldItems();

  constructor(private readonly deps: PollerDeps) {
    // Every poll in hand (up to two batches) listens for stopping, in the fetch and in the parse.
    setMaxListeners(0, this.stopping.signal);
    this.global = pLimit(deps.concurrency?.global ?? POLL_DEFAULTS.global);
    this.perHost = deps.concurrency?.perHost ?? POLL_DEFAULTS.perHost;
  }

  /** Cut polls in flight short (their feeds are released, not marked failed) and start no new ones. */
  stop(): void {
    this.stopping.abort();
  }

  /**
   * Poll every feed that is due now, once. Feeds are claimed a batch at a time while fewer than two batches are
   * in hand, so the fetch slots never wait for the slowest feed of a batch. At most maxRounds batches are claimed;
   * a feed polled here is not due again for minutes. Returns once the feeds and their after-store work are done.
   */
  async pollDue(): Promise<PollReport[]> {
    const batch = this.deps.batchSize ?? POLL_DEFAULTS.batchSize;
    const reports: PollReport[] = [];
    const inHand = new Set<Promise<void>>();
    let rounds = 0;
    let claimed = 0;
    let exhausted = false;
    while (!this.stopping.signal.aborted) {
      while (!exhausted && inHand.size < 2 * batch && rounds < POLL_DEFAULTS.maxRounds && !this.stopping.signal.aborted) {
        rounds++;
        const due = await this.deps.store.claimDue(this.deps.clock.now(), batch, this.deps.leaseMs ?? POLL_DEFAULTS.leaseMs);
        if (due.length < batch) exhausted = true;
        for (const feed of due) {
          // reports come back in the order the feeds were claimed, whichever finishes first
          const at = claimed++;
          const polled: Promise<void> = this.limited(feed).then((report) => {
            reports[at] = report;
            inHand.delete(polled);
          });
          inHand.add(polled);
        }
      }
      if (inHand.size === 0) break;
      await Promise.race(inHand);
    }
    await Promise.all(inHand);
    await Promise.all(this.afterStore);
    return reports;
  }

  private limited(feed: Feed): Promise<PollReport> {
    let host: string;
    try {
      host = new URL(feed.url).host;
    } catch {
      host = feed.url;
    }
    let hostLimit = this.hosts.get(host);
    if (!hostLimit) {
      hostLimit = pLimit(this.perHost);
      this.hosts.set(host, hostLimit);
    }
    const limit = hostLimit;
    return limit(() => this.global(() => this.pollFeed(feed))).finally(() => {
      if (limit.activeCount === 0 && limit.pendingCount === 0) this.hosts.delete(host);
    });
  }

  /** Poll one feed that the caller has claimed. Never throws for a feed's own failure. */
  async pollFeed(feed: Feed): Promise<PollReport> {
    const started = performance.now();
    const report = await this.pollOnce(feed);
    return { ...report, durationMs: performance.now() - started };
  }

  private async pollOnce(feed: Feed): Promise<PollReport> {
    const { store, clock } = this.deps;
    const now = clock.now();
    // stopped while this poll waited for a slot: it never asked the server
    if (this.stopping.signal.aborted) return this.failed(feed, now, null, false);
    try {
      // A long feed's rest, kept from the last poll, is asked for with the validators of the document it came from.
      const held = this.held.get(feed.id, feed.url, now.getTime());
      const validators = held ?? feed;
      const result = await this.deps.fetch({ url: feed.url, etag: validators.etag, lastModified: validators.lastModified, signal: this.stopping.signal });
      // The interval runs from the answer, not the request: another replica never asks again sooner than that.
      const answered = clock.now();
      let read: HeldRest;
      if (result.kind === 'ok') read = await this.read(result, now);
      else if (held) read = held;
      else {
        const nextPollAt = nextAfterSuccess(answered, feed.intervalSeconds, result.hints);
        await store.recordPoll(feed.id, { status: 'active', nextPollAt, lastPolledAt: now, lastSuccessAt: now, consecutiveFailures: 0, lastError: null });
        return this.report(feed, 'not-modified', 0, 0, 'active', null, nextPollAt);
      }
      this.held.drop(feed.id);
      // One document read, stored once per topic it is watched for, visible to the owners watching that topic.
      const stored: StoredItem[] = [];
      const keys = [...new Set(read.items.flatMap(candidateKeys))];
      const rest = new Set<NormalisedItem>();
      const backfilledTopics: string[] = [];
      for (const watch of feed.topics) {
        const existing = await store.existingKeys(feed.id, watch.topic, keys);
        const fresh = read.items.filter((item) => !alreadyStored(item, existing));
        const taken = newestFirst(fresh, this.deps.maxItemsPerPoll ?? POLL_DEFAULTS.maxItemsPerPoll);
        if (taken.length < fresh.length) {
          const took = new Set(taken);
          for (const item of fresh) if (!took.has(item)) rest.add(item);
        }
        // A topic's first successful poll is backfill: what is older than a day (or undated) was not news when we met it.
        const firstPoll = !watch.backfilled;
        const toStore: ItemToStore[] = taken.map((item) => ({
          ...item,
          topic: watch.topic,
          owners: watch.owners,
          fetchedAt: now,
          backfill: firstPoll && (item.publishedAt === null || now.getTime() - item.publishedAt.getTime() > DAY_MS),
          classification: this.deps.classifier.classify({ title: item.title, summary: item.summary }, watch.topic),
        }));
        if (toStore.length) stored.push(...(await store.storeItems(feed.id, toStore)));
        // Until a first poll's items are all in, the topic stays in backfill, so its older items never alert.
        if (watch.backfilled || fresh.length === taken.length) backfilledTopics.push(watch.topic);
      }
      const waiting = rest.size;
      // Items past the cap wait for the next poll, a minute later. The feed's stored validators are cleared, so a
      // replica without the rest in memory reads the whole feed; this one keeps them and asks whether it changed.
      if (waiting) this.held.hold(feed.id, feed.url, { ...read, items: read.items.filter((item) => rest.has(item)) }, now.getTime());
      const nextPollAt = waiting
        ? new Date(answered.getTime() + POLICY.minIntervalMs)
        : nextAfterSuccess(answered, feed.intervalSeconds, { ...result.hints, ttlMinutes: read.ttlMinutes });
      await store.recordPoll(feed.id, {
        status: 'active',
        nextPollAt,
        lastPolledAt: now,
        lastSuccessAt: now,
        consecutiveFailures: 0,
        lastError: null,
        etag: waiting ? null : read.etag,
        lastModified: waiting ? null : read.lastModified,
        title: read.title ?? feed.title,
        backfilledTopics,
      });
      if (waiting) this.deps.log.info({ feedId: feed.id, stored: stored.length, waiting }, 'the feed has more new items than one poll stores; the rest wait for the next poll');
      // the feed's own title, as this poll read it: stories say where their articles come from
      if (stored.length && this.deps.onStored) this.runAfterStore(this.deps.onStored, stored, { ...feed, title: read.title ?? feed.title });
      return { ...this.report(feed, stored.length ? 'new-items' : 'unchanged', read.seen, stored.length, 'active', null, nextPollAt, read.title), waiting };
    } catch (error) {
      return this.failed(feed, now, error);
    }
  }

  /** The document fetched, parsed in a worker, with the validators it came with. */
  private async read(result: Extract<FetchResult, { kind: 'ok' }>, now: Date): Promise<HeldRest> {
    const parsed = await this.deps.parser.parse({ bytes: result.body, contentType: result.contentType, url: result.finalUrl, now: now.getTime() }, this.stopping.signal);
    return { items: parsed.items, seen: parsed.items.length, title: parsed.title, ttlMinutes: parsed.ttlMinutes, etag: result.etag, lastModified: result.lastModified };
  }

  private runAfterStore(hook: NonNullable<PollerDeps['onStored']>, stored: StoredItem[], feed: Feed): void {
    const run: Promise<void> = Promise.resolve()
      .then(() => hook(stored, feed))
      .catch((error: unknown) => this.deps.log.error({ err: error, feedId: feed.id }, 'after-store hook failed; the items are stored'))
      .finally(() => this.afterStore.delete(run));
    this.afterStore.add(run);
  }

  private async failed(feed: Feed, now: Date, error: unknown, asked = true): Promise<PollReport> {
    if (this.stopping.signal.aborted) {
      // The request may have reached the server: the feed's interval runs from now, so another replica (or the
      // next start) does not ask again sooner.
      const next = asked ? new Date(this.deps.clock.now().getTime() + baseInterval(feed.intervalSeconds)) : feed.nextPollAt;
      await this.deps.store.releaseClaim(feed.id, asked ? next : undefined).catch(() => {});
      const message = 'talkwatch stopped during this poll; the feed is polled again an interval later';
      return { ...this.report(feed, 'failed', 0, 0, feed.status, message, next), errorCode: 'cancelled' };
    }
    let feedError: FeedError;
    if (error instanceof FeedError) feedError = error;
    else {
      // Not a feed's fault: a bug or the database. Its text (a statement, a stack) is for the log, never for a
      // channel: the feed records a sentence, and the next feed goes on.
      this.deps.log.error({ err: error, feedId: feed.id }, 'polling a feed failed unexpectedly');
      feedError = new FeedError('internal', INTERNAL_ERROR);
    }
    const failures = feed.consecutiveFailures + 1;
    const gone = feedError.code === 'gone';
    const status = statusAfterFailure(failures, gone);
    const nextPollAt = nextAfterFailure(now, failures, feedError.retryAfterSeconds);
    try {
      await this.deps.store.recordPoll(feed.id, { status, nextPollAt, lastPolledAt: now, consecutiveFailures: failures, lastError: feedError.message });
    } catch (recordError) {
      this.deps.log.error({ err: recordError, feedId: feed.id }, 'could not record a failed poll; the claim expires on its own');
    }
    this.deps.log.info({ feedId: feed.id, url: feed.url, code: feedError.code, failures, detail: feedError.detail ?? undefined }, `feed poll failed: ${feedError.message}`);
    return { ...this.report(feed, gone ? 'gone' : 'failed', 0, 0, status, feedError.message, nextPollAt), errorCode: feedError.code };
  }

  private report(feed: Feed, outcome: PollOutcome, seen: number, stored: number, status: FeedStatus, error: string | null, nextPollAt: Date, title?: string | null): PollReport {
    return { feedId: feed.id, url: feed.url, title: title ?? feed.title, outcome, seen, stored, waiting: 0, status, error, errorCode: null, nextPollAt };
  }
}
