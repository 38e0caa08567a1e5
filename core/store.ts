/**
 * The storage port the command handler, digests and alerts use. db/ implements it on drizzle; core never sees SQL.
 * Times are passed in; the store never reads a clock.
 */
import type { AlertRule, AlertState } from './alerts.ts';
import type { ChannelRef, FeedStatus, FiredRule, Label, Platform } from './types.ts';
import type { Reply } from './reply.ts';

export interface StoryView {
  id: number;
  /** its first article, which `explain` takes */
  firstItemId: number;
  topic: string;
  title: string;
  url: string | null;
  source: string | null;
  label: Label;
  score: number;
  itemCount: number;
  firstSeenAt: Date;
  backfill: boolean;
}

export interface ItemView {
  id: number;
  title: string;
  summary: string;
  url: string | null;
  source: string | null;
  topic: string;
  relevant: boolean;
  label: Label;
  score: number;
  rules: FiredRule[];
  storyId: number | null;
  publishedAt: Date | null;
  fetchedAt: Date;
  backfill: boolean;
}

export interface FeedView {
  id: number;
  url: string;
  title: string | null;
  topic: string;
  status: FeedStatus;
  lastError: string | null;
  itemCount: number;
  nextPollAt: Date;
  lastSuccessAt: Date | null;
}

export type SubscriptionKind = 'digest' | 'alerts';

export interface Subscription {
  id: number;
  channel: ChannelRef;
  kind: SubscriptionKind;
  topic: string;
  digestTime: string | null;
  timezone: string | null;
  nextDigestAt: Date | null;
  lastDigestAt: Date | null;
  quietDay: 'line' | 'skip';
  alertRule: AlertRule | null;
  repeatMinutes: number | null;
  notifyResolved: boolean;
  pausedReason: string | null;
  createdBy: string | null;
}

export interface DigestCommit {
  subscriptionId: number;
  delivery: NewDelivery | null;
  periodEnd: Date;
  nextDigestAt: Date;
}

export interface NewDelivery {
  key: string;
  subscriptionId: number | null;
  platform: Platform;
  channelId: string;
  kind: 'digest' | 'alert' | 'resolved';
  payload: Reply;
  /** when it was enqueued (the app's clock, not the database's) */
  at: Date;
}

export interface LabelCounts {
  progress: number;
  stall: number;
  neutral: number;
}

export interface Store {
  /** Non-backfill stories of a topic first seen in (from, to], most covered first (articles, then |score|). */
  storiesBetween(topic: string, from: Date, to: Date, options?: { label?: Label; limit?: number }): Promise<StoryView[]>;
  /** Stories first seen in (from, to] per label; backfill only when asked (status counts it, alerts never do). */
  countStories(topic: string, from: Date, to: Date, options?: { includeBackfill?: boolean }): Promise<LabelCounts>;
  /** The newest stories of a topic, backfill included (it is history), newest first. */
  latestStories(topic: string, limit: number, label?: Label): Promise<StoryView[]>;
  /** An item by its id or by its (canonical) URL. */
  findItem(target: string): Promise<ItemView | null>;

  listFeeds(): Promise<FeedView[]>;
  /** Add a feed, due for polling now; `created` is false when the URL was already there. */
  addFeed(url: string, topic: string, addedBy: string | null, now: Date): Promise<{ feed: FeedView; created: boolean }>;
  removeFeed(id: number): Promise<FeedView | null>;

  channelSubscriptions(channel: ChannelRef): Promise<Subscription[]>;
  subscription(id: number): Promise<Subscription | null>;
  /** Insert or replace the channel's subscription of that kind and topic; clears a pause. */
  saveSubscription(sub: Omit<Subscription, 'id' | 'lastDigestAt' | 'pausedReason'>): Promise<Subscription>;
  removeSubscriptions(channel: ChannelRef, kind: SubscriptionKind): Promise<number>;
  /** Digest subscriptions due at `now`, and alert subscriptions, that are not paused. */
  dueDigests(now: Date): Promise<Subscription[]>;
  alertSubscriptions(topic?: string): Promise<Subscription[]>;

  snoozedUntil(channel: ChannelRef): Promise<Date | null>;
  setSnooze(channel: ChannelRef, until: Date | null): Promise<void>;

  alertState(subscriptionId: number): Promise<AlertState>;
  /** Save the new state and, when there is one, the notification's outbox row, in one transaction. */
  saveAlertState(subscriptionId: number, state: AlertState, evaluatedAt: Date, delivery: NewDelivery | null): Promise<void>;

  /** Enqueue a digest and move the subscription's schedule, in one transaction; false if the key was there. */
  commitDigest(subscriptionId: number, delivery: NewDelivery | null, periodEnd: Date, nextDigestAt: Date): Promise<boolean>;
  /** commitDigest for many subscriptions, in one transaction; returns how many digests were enqueued. */
  commitDigests(commits: DigestCommit[]): Promise<number>;
  /** Enqueue a message; false when a row with the same key exists (it is never sent twice). */
  enqueue(delivery: NewDelivery): Promise<boolean>;
  /** Alert notifications sent to a channel in (from, to], for its digest. */
  alertsSent(channel: ChannelRef, from: Date, to: Date): Promise<Array<{ kind: string; title: string; at: Date }>>;
  /** Every alert notification sent in (from, to], to any channel: for many digests at once. */
  alertsSentBetween(from: Date, to: Date): Promise<Array<{ channel: ChannelRef; kind: string; title: string; at: Date }>>;
}
