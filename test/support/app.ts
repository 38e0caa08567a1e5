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
import type { ChatSender, DeliveryError } from '../../core/ports.ts';
import type { Reply } from '../../core/reply.ts';
import type { Label, Platform } from '../../core/types.ts';
import type { Database } from '../../db/connect.ts';
import { deliveries, feeds, items } from '../../db/schema.ts';

export interface Sent {
  channelId: string;
  reply: Reply;
  at: Date;
}

/** A sender that records what it sends, and can be told to fail. */
export class RecordingSender implements ChatSender {
  readonly sent: Sent[] = [];
  failures: DeliveryError[] = [];

  constructor(
    readonly platform: Platform,
    private readonly clock: ManualClock,
  ) {}

  async send(channelId: string, reply: Reply): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push({ channelId, reply, at: this.clock.now() });
  }
}

export interface TestApp {
  app: App;
  clock: ManualClock;
  sender: RecordingSender;
  deliverer: Deliverer;
  /** Run a chat command in a console channel, as an admin unless told otherwise. */
  command(text: string, channel?: string, admin?: boolean): Promise<Reply>;
}

export const silentLog = createLogger('silent');

export function testApp(database: Database, clock: ManualClock): TestApp {
  const app = createApp(loadConfig({}), silentLog, database, clock);
  const sender = new RecordingSender('console', clock);
  const deliverer = new Deliverer(app.outbox, new Map([['console', sender]]), clock, silentLog);
  return {
    app,
    clock,
    sender,
    deliverer,
    command(text, channel = 'desk', admin = true) {
      const invocation: Invocation = { channel: { platform: 'console', channelId: channel }, user: { id: 'tester' }, isAdmin: async () => admin };
      return app.run(text, invocation);
    },
  };
}

let feedCounter = 0;

export async function addTestFeed(database: Database, topic = 'iran-us', title = 'Test Wire'): Promise<number> {
  const [feed] = await database.db.insert(feeds).values({ url: `https://feeds.example/${++feedCounter}`, topic, title, backfilled: true }).returning();
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
  await database.db.insert(items).values(
    rows.map((r) => ({
      feedId,
      key: `item-${++itemCounter}`,
      title: r.title,
      url: r.url ?? `https://news.example/${itemCounter}`,
      canonicalUrl: r.url ?? `https://news.example/${itemCounter}`,
      publishedAt: r.at,
      fetchedAt: r.at,
      backfill: r.backfill ?? false,
      topic: 'iran-us',
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
  await database.db.execute('truncate deliveries, alert_state, channels, subscriptions, items, stories, feeds restart identity cascade');
}

