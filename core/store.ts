/**
 * The storage port the command handler, digests and alerts use. db/ implements it on drizzle; core never sees SQL.
 * Times are passed in; the store never reads a clock.
 */
import type { AlertRule, AlertState } from './alerts.ts';
import type { ChannelRef, FeedStatus, FiredRule, Label, Platform, RelevanceResult } from './types.ts';
import type { Reply } from './reply.ts';
import type { Scope, TenantId } from './tenants.ts';

/**
 * A story as one scope sees it: clustered once for everyone, but its title, link, label, score and article count
 * come from the items that scope may see, so no tenant learns anything from another tenant's feeds.
 */
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
  /** the relevance score and its words; null for items stored before it was kept */
  relevance: RelevanceResult | null;
  storyId: number | null;
  publishedAt: Date | null;
  fetchedAt: Date;
  backfill: boolean;
}

/** A tenant feed: the id users see, the fetched feed's state. */
export interface FeedView {
  id: number;
  /** 'shared' (the operator's, read by every tenant) or the owning tenant's id */
  owner: string;
  url: string;
  title: string | null;
  topic: string;
  status: FeedStatus;
  lastError: string | null;
  itemCount: number;
  nextPollAt: Date;
  lastSuccessAt: Date | null;
  addedBy: string | null;
}

/** A scope's feeds at a glance, for `status`: counted by the database, however many feeds there are. */
export interface FeedHealth {
  /** active with no error */
  healthy: number;
  /** active, retrying after an error */
  retrying: number;
  /** ten errors in a row */
  failing: number;
  gone: number;
  lastSuccessAt: Date | null;
  /** the feeds with an error, most in need of an admin first (failing, then retrying, then gone), at most 3 */
  troubled: Array<{ id: number; lastError: string }>;
  /** how many feeds have an error in all */
  troubledCount: number;
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
  tenant: TenantId;
  kind: 'digest' | 'alert' | 'resolved';
  payload: Reply;
  /** when it was enqueued (the app's clock, not the database's) */
  at: Date;
}

/** An alert notification a channel got: firing or resolved, when, and its subscription's topic and rule (null once unsubscribed). */
export interface SentAlert {
  kind: 'alert' | 'resolved';
  at: Date;
  topic: string | null;
  rule: AlertRule | null;
}

/** What `status` says about a channel's deliveries. */
export interface DeliveryHealth {
  /** messages not yet sent (waiting for their time, or being sent) */
  waiting: number;
  /** the latest failure among the waiting messages, and when that message is tried again */
  lastFailure: { code: string; reason: string; nextAttemptAt: Date } | null;
  /** messages enqueued since `since` that were dropped or given up on, newest first */
  dropped: Array<{ reason: string; at: Date }>;
  /** why the channel's tenant gets at-least-once delivery, when it does */
  atLeastOnce: string | null;
}

export interface LabelCounts {
  progress: number;
  stall: number;
  neutral: number;
}

export type AddFeedResult<F extends FeedView = FeedView> =
  | { outcome: 'added'; feed: F }
  | { outcome: 'exists'; feed: F }
  | { outcome: 'limit'; limit: number };

/**
 * Every read a chat user can reach takes a Scope: a tenant sees the shared feeds and its own, and what comes from
 * them; another tenant's feed or item answers exactly like one that does not exist.
 */
export interface Store {
  /** Non-backfill stories of a topic first seen in (from, to], most covered first (articles, then |score|). */
  storiesBetween(scope: Scope, topic: string, from: Date, to: Date, options?: { label?: Label; limit?: number }): Promise<StoryView[]>;
  /** Stories first seen in (from, to] per label; backfill only when asked (status counts it, alerts never do). */
  countStories(scope: Scope, topic: string, from: Date, to: Date, options?: { includeBackfill?: boolean }): Promise<LabelCounts>;
  /** The newest stories of a topic, backfill included (it is history), newest first. */
  latestStories(scope: Scope, topic: string, limit: number, label?: Label): Promise<StoryView[]>;
  /** An item the scope may see, by its id or by its (canonical) URL; for a URL, the given topic's copy first. */
  findItem(scope: Scope, target: string, topic?: string): Promise<ItemView | null>;

  /** The feeds a scope sees: the shared ones and the tenant's own (everyone: all of them), by id. */
  listFeeds(scope: Scope): Promise<FeedView[]>;
  /** How the feeds a scope sees are doing, counted without listing them. */
  feedHealth(scope: Scope): Promise<FeedHealth>;
  /**
   * Add a feed for an owner (a tenant, or 'shared'), due for polling now. An address the owner already watches is
   * not added twice; an owner other than 'shared' holding `limit` feeds gets the limit instead.
   */
  addFeed(owner: string, url: string, topic: string, addedBy: string | null, now: Date, limit: number | null): Promise<AddFeedResult>;
  /** Remove a feed of one of these owners (null: any owner); null when no such feed (another owner's counts as none). */
  removeFeed(owners: string[] | null, id: number): Promise<FeedView | null>;

  channelSubscriptions(channel: ChannelRef): Promise<Subscription[]>;
  /** Every subscription of the scope's tenant across its channels (every tenant's for everyone): the status page. */
  tenantSubscriptions(scope: Scope): Promise<Subscription[]>;
  subscription(id: number): Promise<Subscription | null>;
  /** Subscriptions across a tenant's channels, for its limit. */
  countSubscriptions(tenant: TenantId): Promise<number>;
  /** Insert or replace the channel's subscription of that kind and topic; clears a pause. */
  saveSubscription(sub: Omit<Subscription, 'id' | 'lastDigestAt' | 'pausedReason'>): Promise<Subscription>;
  removeSubscriptions(channel: ChannelRef, kind: SubscriptionKind): Promise<number>;
  /** Digest subscriptions due at `now`, and alert subscriptions, that are not paused. */
  dueDigests(now: Date): Promise<Subscription[]>;
  alertSubscriptions(topic?: string): Promise<Subscription[]>;

  snoozedUntil(channel: ChannelRef): Promise<Date | null>;
  setSnooze(channel: ChannelRef, until: Date | null): Promise<void>;
  /**
   * Take the channel's `digest now` turn: true, and the time recorded, when the last one was at least `minMinutes`
   * ago; otherwise false and when the next turn comes.
   */
  takeDigestNow(channel: ChannelRef, now: Date, minMinutes: number): Promise<{ ok: true } | { ok: false; nextAt: Date }>;

  alertState(subscriptionId: number): Promise<AlertState>;
  /** Save the new state and, when there is one, the notification's outbox row, in one transaction. */
  saveAlertState(subscriptionId: number, state: AlertState, evaluatedAt: Date, delivery: NewDelivery | null): Promise<void>;

  /** Enqueue a digest and move the subscription's schedule, in one transaction; false if the key was there. */
  commitDigest(subscriptionId: number, delivery: NewDelivery | null, periodEnd: Date, nextDigestAt: Date): Promise<boolean>;
  /** commitDigest for many subscriptions, in one transaction; returns how many digests were enqueued. */
  commitDigests(commits: DigestCommit[]): Promise<number>;
  /** Enqueue a message; false when a row with the same key exists (it is never sent twice). */
  enqueue(delivery: NewDelivery): Promise<boolean>;
  /** Alert notifications enqueued for a channel in (from, to], for its digest. */
  alertsSent(channel: ChannelRef, from: Date, to: Date): Promise<SentAlert[]>;
  /** Every alert notification enqueued in (from, to], to any channel: for many digests at once. */
  alertsSentBetween(from: Date, to: Date): Promise<Array<SentAlert & { channel: ChannelRef }>>;
  /** The channel's messages waiting, failing or dropped (since `since`), and the delivery guarantee it gets. */
  deliveryHealth(channel: ChannelRef, since: Date): Promise<DeliveryHealth>;
  /** Pause every subscription of a tenant, and of its teams for an Enterprise Grid org (the app was uninstalled there), with the reason; how many. */
  pauseTenant(tenant: TenantId, reason: string, now: Date): Promise<number>;
}
