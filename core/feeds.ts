/**
 * The feed-ingestion contract between the poller (feeds/) and storage (db/): what a poll stores and records.
 * It lives in core so that neither side imports the other.
 */
import type { Classification, Feed, FeedStatus } from './types.ts';

/** One item of a feed after normalising: plain-text title and summary, a clean absolute link, a stable key. */
export interface NormalisedItem {
  /** guid, else normalised link, else a hash of title and date; see feeds/normalise.ts for collisions */
  key: string;
  /** the key before a same-document collision was told apart by title (equal to key when there was none) */
  baseKey: string;
  guid: string | null;
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  summary: string;
  publishedAt: Date | null;
}

/** An item ready to be stored: normalised, classified, and marked backfill or not. */
export interface ItemToStore extends NormalisedItem {
  topic: string;
  /** who may see it: the owners of the tenant feeds watching this feed for this topic */
  owners: string[];
  fetchedAt: Date;
  backfill: boolean;
  classification: Classification;
}

/** An item as stored, handed to whatever runs after a poll (stories, alert evaluation). */
export interface StoredItem {
  id: number;
  feedId: number;
  key: string;
  title: string;
  summary: string;
  url: string | null;
  canonicalUrl: string | null;
  publishedAt: Date | null;
  fetchedAt: Date;
  topic: string;
  backfill: boolean;
  relevant: boolean;
  label: Classification['label'];
  score: number;
}

/** What one poll changes on the feed row. Fields left undefined keep their value. */
export interface FeedUpdate {
  status: FeedStatus;
  nextPollAt: Date;
  lastPolledAt: Date;
  consecutiveFailures: number;
  lastError: string | null;
  lastSuccessAt?: Date;
  etag?: string | null;
  lastModified?: string | null;
  title?: string | null;
  /** the topics whose first poll is now done */
  backfilledTopics?: string[];
}

/** Storage as the poller needs it. */
export interface FeedStore {
  /**
   * Take up to `limit` feeds that are due at `now` and not gone, and hold them for `leaseMs` so no other replica
   * polls them meanwhile. A feed whose lease ran out (its poller died) can be claimed again.
   */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<Feed[]>;
  /** Of these keys, the ones already stored for the feed and topic, with the title they were stored with. */
  existingKeys(feedId: number, topic: string, keys: string[]): Promise<Map<string, string>>;
  /** Store new items; an item whose (feed, topic, key) is already stored is skipped. Returns the rows inserted. */
  storeItems(feedId: number, items: ItemToStore[]): Promise<StoredItem[]>;
  /** Record a poll's outcome and release the claim. */
  recordPoll(feedId: number, update: FeedUpdate): Promise<void>;
  /**
   * Release a claim without recording an outcome: the poll was cut short by talkwatch stopping. `nextPollAt`, when
   * given, is when the feed is due again.
   */
  releaseClaim(feedId: number, nextPollAt?: Date): Promise<void>;
}
