/**
 * An App on a test database with a hand-moved clock and recording chat senders: the pipeline as the service runs
 * it, minus the network.
 */
import { createApp, type App } from '../../bots/app.ts';
import { loadConfig } from '../../bots/config.ts';
import { Deliverer } from '../../bots/deliverer.ts';
import { createLogger } from '../../bots/logger.ts';
import type { ManualClock } from '../../core/clock.ts';
import type { Invocation } from '../../core/commands/grammar.ts';
import type { ChatSender, DeliveryError, DeliveryRef } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import type { Label, Platform } from '../../core/types.ts';
import type { Database } from '../../db/connect.ts';
import { deliveries, feeds, items, tenantFeeds } from '../../db/schema.ts';
import { CONSOLE_TENANT, platformOf, SHARED } from '../../core/tenants.ts';
import { eq } from 'drizzle-orm';

export interface Sent {
  channelId: string;
  tenant: string;
  reply: Reply;
  at: Date;
  /** the outbox row it was sent as */
  ref?: DeliveryRef;
}

/** A sender that records what it sends, and can be told to fail. */
export class RecordingSender implements ChatSender {
  readonly sent: Sent[] = [];
  failures: DeliveryError[] = [];

  constructor(
    readonly platform: Platform,
    private readonly clock: ManualClock,
  ) {}

  async send(channelId: string, reply: Reply, tenant: string, ref?: DeliveryRef): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ channelId, tenant, reply, at: this.clock.now(), ref });
  }
}

export interface TestApp {
  app: App;
  clock: ManualClock;
  /** what went to console channels; `slack` and `discord` record theirs */
  sender: RecordingSender;
  slack: RecordingSender;
  discord: RecordingSender;
  deliverer: Deliverer;
  /** Run a chat command in a console channel (the operator's), as an admin unless told otherwise. */
  command(text: string, channel?: string, admin?: boolean): Promise<Reply>;
  /** Run a chat command in another tenant's channel: not an operator, an admin unless told otherwise. */
  commandAs(tenant: string, text: string, channel?: string, admin?: boolean): Promise<Reply>;
}

export const silentLog = createLogger('silent');

export function testApp(database: Database, clock: ManualClock): TestApp {
  const app = createApp(loadConfig({}), silentLog, database, clock);
  const sender = new RecordingSender('console', clock);
  const slack = new RecordingSender('slack', clock);
  const discord = new RecordingSender('discord', clock);
  const deliverer = new Deliverer(app.outbox, new Map<Platform, ChatSender>([['console', sender], ['slack', slack], ['discord', discord]]), clock, silentLog);
  return {
    app,
    clock,
    sender,
    slack,
    discord,
    deliverer,
    command(text, channel = 'desk', admin = true) {
      const invocation: Invocation = {
        channel: { platform: 'console', channelId: channel, tenant: CONSOLE_TENANT },
        user: { id: 'tester' },
        operator: admin,
        isAdmin: async () => admin,
      };
      return app.run(text, invocation);
    },
    commandAs(tenant, text, channel = 'C1', admin = true) {
      const invocation: Invocation = {
        channel: { platform: platformOf(tenant), channelId: channel, tenant },
        user: { id: `user-of-${tenant}` },
        operator: false,
        isAdmin: async () => admin,
      };
      return app.run(text, invocation);
    },
  };
}

let feedCounter = 0;

/** A fetched feed watched by one owner (shared unless told), already past its first poll. Returns the feed's id. */
export async function addTestFeed(database: Database, topic = 'iran-us', title = 'Test Wire', owner = SHARED): Promise<number> {
  const [feed] = await database.db.insert(feeds).values({ url: `https://feeds.example/${++feedCounter}`, title, backfilledTopics: [topic] }).returning();
  await database.db.insert(tenantFeeds).values({ tenant: owner, feedId: feed!.id, topic });
  return feed!.id;
}

let itemCounter = 0;

/** Store items as a poll would, with labels given rather than classified. */
export async function addTestItems(
  database: Database,
  feedId: number,
  rows: Array<{ title: string; label: Label; at: Date; url?: string; backfill?: boolean; relevant?: boolean }>,
): Promise<void> {
  if (rows.length === 0) return;
  const owners = (await database.db.select({ tenant: tenantFeeds.tenant }).from(tenantFeeds).where(eq(tenantFeeds.feedId, feedId))).map((r) => r.tenant);
  await database.db.insert(items).values(
    rows.map((r) => ({
      feedId,
      key: `item-${++itemCounter}`,
      title: r.title,
      url: r.url ?? `https://news.example/${itemCounter}`,
      canonicalUrl: r.url ?? `https://news.example/${itemCounter}`,
      publishedAt: r.at,
      fetchedAt: r.at,
      seenAt: r.at,
      backfill: r.backfill ?? false,
      topic: 'iran-us',
      owners: owners.length ? owners : [SHARED],
      relevant: r.relevant ?? true,
      label: r.label,
      score: r.label === 'stall' ? -2 : r.label === 'progress' ? 2 : 0,
      rules: [],
    })),
  );
}

export async function outboxRows(database: Database, channel?: string) {
  const rows = await database.db.select().from(deliveries).orderBy(deliveries.id);
  return channel ? rows.filter((r) => r.channelId === channel) : rows;
}

export async function clearTables(database: Database): Promise<void> {
  await database.db.execute('truncate deliveries, alert_state, channels, subscriptions, items, stories, story_days, tenant_feeds, feeds, slack_installations restart identity cascade');
}

