/**
 * The one drizzle schema (Postgres dialect) for PGlite and server PostgreSQL alike.
 * Migrations under db/migrations are generated from it with `npm run db:generate`.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * What is fetched: one row per address, however many tenants watch it, so a URL is polled once. Its poll state
 * lives here; who watches it, and for which topic, lives in tenant_feeds.
 */
export const feeds = pgTable('feeds', {
  id: serial('id').primaryKey(),
  url: text('url').notNull().unique(),
  title: text('title'),
  // active | failing | gone
  status: text('status').notNull().default('active'),
  intervalSeconds: integer('interval_seconds'),
  nextPollAt: ts('next_poll_at').notNull().defaultNow(),
  lastPolledAt: ts('last_polled_at'),
  lastSuccessAt: ts('last_success_at'),
  etag: text('etag'),
  lastModified: text('last_modified'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  lastError: text('last_error'),
  // the topics whose first successful poll is done: a topic's first poll is backfill
  backfilledTopics: text('backfilled_topics').array().notNull().default(sql`'{}'::text[]`),
  addedAt: ts('added_at').notNull().defaultNow(),
  // a replica polling the feed holds it until then, so no other replica polls it at the same time
  claimedUntil: ts('claimed_until'),
}, (t) => [index('feeds_next_poll_idx').on(t.nextPollAt)]);

/**
 * A tenant's feed: the id users see in `feeds list`. `tenant` is a tenant id (slack:T..., discord:..., see
 * core/tenants.ts) for a tenant's own feed, or 'shared' for the operator's feeds that every tenant reads.
 */
export const tenantFeeds = pgTable('tenant_feeds', {
  id: serial('id').primaryKey(),
  tenant: text('tenant').notNull(),
  feedId: integer('feed_id').notNull().references(() => feeds.id, { onDelete: 'cascade' }),
  topic: text('topic').notNull(),
  addedBy: text('added_by'),
  addedAt: ts('added_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('tenant_feeds_tenant_feed_idx').on(t.tenant, t.feedId),
  index('tenant_feeds_feed_topic_idx').on(t.feedId, t.topic),
]);

export const stories = pgTable('stories', {
  id: serial('id').primaryKey(),
  topic: text('topic').notNull(),
  title: text('title').notNull(),
  canonicalUrl: text('canonical_url'),
  // the outlet of its first item (feed title, else the link's host)
  source: text('source'),
  label: text('label').notNull().default('neutral'),
  score: real('score').notNull().default(0),
  firstSeenAt: ts('first_seen_at').notNull(),
  lastSeenAt: ts('last_seen_at').notNull(),
  itemCount: integer('item_count').notNull().default(1),
  // every item of the story came from a feed's first poll and was older than 24 h then
  backfill: boolean('backfill').notNull().default(false),
}, (t) => [
  index('stories_topic_first_seen_idx').on(t.topic, t.firstSeenAt),
  index('stories_canonical_url_idx').on(t.canonicalUrl),
  // retention finds the stories quiet for longer than it keeps
  index('stories_last_seen_idx').on(t.lastSeenAt),
]);

/**
 * Stories that retention pruned, counted by the day they were first seen (UTC), topic, label, backfill and who
 * could see them (the owners of their items, sorted): `status` and digests count these alongside the stories kept.
 */
export const storyDays = pgTable('story_days', {
  day: date('day', { mode: 'string' }).notNull(),
  topic: text('topic').notNull(),
  label: text('label').notNull(),
  backfill: boolean('backfill').notNull(),
  owners: text('owners').array().notNull(),
  stories: integer('stories').notNull(),
}, (t) => [
  primaryKey({ columns: [t.day, t.topic, t.label, t.backfill, t.owners] }),
  index('story_days_topic_day_idx').on(t.topic, t.day),
]);

export const items = pgTable('items', {
  id: serial('id').primaryKey(),
  // kept when a feed is removed: its items stay in history and stories
  feedId: integer('feed_id').references(() => feeds.id, { onDelete: 'set null' }),
  // guid, else normalised link, else a hash of title and date
  key: text('key').notNull(),
  guid: text('guid'),
  url: text('url'),
  canonicalUrl: text('canonical_url'),
  title: text('title').notNull(),
  summary: text('summary').notNull().default(''),
  publishedAt: ts('published_at'),
  fetchedAt: ts('fetched_at').notNull(),
  backfill: boolean('backfill').notNull().default(false),
  topic: text('topic').notNull(),
  // who may see the item: the tenants whose feeds carried it ('shared' for the shared feeds); kept when a feed is
  // removed, so history stays with whoever watched it
  owners: text('owners').array().notNull().default(sql`'{}'::text[]`),
  // when its news happened as far as we can tell (publication date unless missing or in the future)
  seenAt: ts('seen_at').notNull(),
  relevant: boolean('relevant').notNull().default(false),
  label: text('label').notNull().default('neutral'),
  score: real('score').notNull().default(0),
  // the rules that fired, with the words they matched, for `explain`
  rules: jsonb('rules').notNull().default(sql`'[]'::jsonb`),
  // the relevance score and the topic words that decided it, for `explain`; null for items stored before it was kept
  relevance: jsonb('relevance'),
  storyId: integer('story_id').references(() => stories.id, { onDelete: 'set null' }),
}, (t) => [
  uniqueIndex('items_feed_topic_key_idx').on(t.feedId, t.topic, t.key),
  index('items_story_idx').on(t.storyId),
  index('items_owners_idx').using('gin', t.owners),
  index('items_topic_fetched_idx').on(t.topic, t.fetchedAt),
  index('items_url_idx').on(t.url),
  // the items clustering still has to place: read a page at a time, without passing over the placed ones
  index('items_unclustered_idx').on(t.id).where(sql`${t.relevant} and ${t.storyId} is null`),
  // retention finds the items in no story (off topic, or never clustered) older than it keeps
  index('items_storyless_fetched_idx').on(t.fetchedAt).where(sql`${t.storyId} is null`),
]);

/** Per-channel settings that span its subscriptions. */
export const channels = pgTable('channels', {
  id: serial('id').primaryKey(),
  platform: text('platform').notNull(),
  channelId: text('channel_id').notNull(),
  tenant: text('tenant').notNull(),
  snoozedUntil: ts('snoozed_until'),
  // the last `digest now`, which a channel may ask for once per limits.digestNowMinutes
  digestNowAt: ts('digest_now_at'),
}, (t) => [uniqueIndex('channels_tenant_channel_idx').on(t.tenant, t.platform, t.channelId)]);

export const subscriptions = pgTable('subscriptions', {
  id: serial('id').primaryKey(),
  platform: text('platform').notNull(),
  channelId: text('channel_id').notNull(),
  tenant: text('tenant').notNull(),
  // digest | alerts
  kind: text('kind').notNull(),
  topic: text('topic').notNull(),
  // digest: local HH:MM in an IANA zone; the next due time is kept so a restart catches up once
  digestTime: text('digest_time'),
  timezone: text('timezone'),
  nextDigestAt: ts('next_digest_at'),
  lastDigestAt: ts('last_digest_at'),
  // what a quiet day sends: a one-line note, or nothing
  quietDay: text('quiet_day').notNull().default('line'),
  // alerts: the rule (count or share over a window), repeat interval and resolved notice
  alertRule: jsonb('alert_rule'),
  repeatMinutes: integer('repeat_minutes'),
  notifyResolved: boolean('notify_resolved').notNull().default(true),
  pausedReason: text('paused_reason'),
  pausedAt: ts('paused_at'),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  uniqueIndex('subscriptions_channel_kind_topic_idx').on(t.tenant, t.platform, t.channelId, t.kind, t.topic),
  index('subscriptions_next_digest_idx').on(t.nextDigestAt),
  index('subscriptions_tenant_idx').on(t.tenant),
]);

export const alertState = pgTable('alert_state', {
  subscriptionId: integer('subscription_id')
    .primaryKey()
    .references(() => subscriptions.id, { onDelete: 'cascade' }),
  // inactive | firing
  state: text('state').notNull().default('inactive'),
  fingerprint: text('fingerprint'),
  value: real('value'),
  firedAt: ts('fired_at'),
  resolvedAt: ts('resolved_at'),
  lastNotifiedAt: ts('last_notified_at'),
  // when the count first fell to the lower bound; resolution waits for it to stay there
  belowSince: ts('below_since'),
  evaluatedAt: ts('evaluated_at'),
});

/** The outbox: every message to a channel is a row here, with a unique key, before anything is sent. */
export const deliveries = pgTable('deliveries', {
  id: serial('id').primaryKey(),
  key: text('key').notNull().unique(),
  subscriptionId: integer('subscription_id').references(() => subscriptions.id, { onDelete: 'set null' }),
  platform: text('platform').notNull(),
  channelId: text('channel_id').notNull(),
  // the channel's tenant: on Slack it says which workspace's token sends the message
  tenant: text('tenant').notNull(),
  // digest | alert | resolved | reply
  kind: text('kind').notNull(),
  payload: jsonb('payload').notNull(),
  // pending | sending | sent | failed
  status: text('status').notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  claimedBy: text('claimed_by'),
  // the holder's fencing token: only the current holder may mark the row sent or failed
  claimToken: text('claim_token'),
  // by the database's clock, which every replica shares
  claimedUntil: ts('claimed_until'),
  // when the first attempt began (database clock): bounds the search for a message that may have arrived
  firstAttemptAt: ts('first_attempt_at'),
  // an earlier attempt may have reached the platform: look for it before sending again
  uncertain: boolean('uncertain').notNull().default(false),
  // the DeliveryError code of the last failure (channel_gone, no_access, bad_request, auth, rate_limited, transient)
  errorCode: text('error_code'),
  lastError: text('last_error'),
  createdAt: ts('created_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
}, (t) => [
  index('deliveries_due_idx').on(t.status, t.nextAttemptAt),
  // a channel's earlier rows, which hold its later ones back (rows of a channel go out in order)
  index('deliveries_channel_idx').on(t.tenant, t.platform, t.channelId, t.id),
]);

/**
 * Slack workspaces that installed the app through its OAuth flow (distributed apps). The installation, tokens
 * included, is stored encrypted (AES-256-GCM under TALKWATCH_SECRET_KEY); uninstalling keeps the row, marked.
 */
export const slackInstallations = pgTable('slack_installations', {
  // the tenant id: slack:<team> or slack:<enterprise>:<team>, or slack:<enterprise> for an org-wide install
  tenant: text('tenant').primaryKey(),
  enterpriseId: text('enterprise_id'),
  teamId: text('team_id'),
  orgWide: boolean('org_wide').notNull().default(false),
  sealed: text('sealed').notNull(),
  installedAt: ts('installed_at').notNull().defaultNow(),
  uninstalledAt: ts('uninstalled_at'),
});

/** One-off facts about this database, e.g. that the default feeds were added once (so a removed one stays removed). */
export const appState = pgTable('app_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
