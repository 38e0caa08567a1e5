/**
 * `talkwatch demo`: the whole pipeline on a bundled scenario, offline, with a clock that runs five days in well
 * under a minute. Feeds on a loopback server -> poll, parse, classify -> stories -> alerts and digests -> outbox
 * -> deliverer -> a console channel. Nothing is faked past the feed server: the same code as `talkwatch start`.
 */
import { CONSOLE_TENANT, SHARED } from '../../core/tenants.ts';
import { ManualClock, MINUTE } from '../../core/clock.ts';
import type { Invocation } from '../../core/commands/grammar.ts';
import { toPlainText, type Reply } from '../../core/reply.ts';
import { describeLocal } from '../../core/schedule.ts';
import { openMemory } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { createApp, type App } from '../app.ts';
import { writeChart } from '../charts/files.ts';
import type { Io } from '../commands/types.ts';
import { loadConfig } from '../config.ts';
import { Deliverer } from '../deliverer.ts';
import { createFeedIngest } from '../feed-ingest.ts';
import { createLogger } from '../logger.ts';
import { enqueueDueDigests, refresh } from '../pipeline.ts';
import { startDemoFeeds } from './feed-server.ts';
import { DEMO_DAYS, DEMO_START } from './scenario.ts';

export const DEMO_CHANNEL = 'risk-desk';
const STEP = 30 * MINUTE;

export interface DemoResult {
  digests: Reply[];
  alerts: Reply[];
  items: number;
  stories: number;
}

export interface DemoOptions {
  quiet?: boolean;
  /** write each digest's chart as a PNG into this directory, and say where */
  charts?: string;
  /** called with the app once the five days have run, before the database closes (tests look at the result) */
  onDone?: (app: App) => Promise<void>;
}

export async function runDemo(io: Io, options: DemoOptions = {}): Promise<DemoResult> {
  const say = (text: string) => options.quiet || io.out(text);
  const start = new Date(DEMO_START);
  const clock = new ManualClock(start);
  const feeds = await startDemoFeeds(clock, start);
  const database = await openMemory();
  const digests: Reply[] = [];
  const alerts: Reply[] = [];
  try {
    await migrate(database);
    // The demo's feeds live on its own loopback server, so private addresses are allowed here and only here.
    const config = loadConfig({ TALKWATCH_ALLOW_PRIVATE_FEEDS: '1', TALKWATCH_DEFAULT_FEEDS: '0' });
    const app = createApp(config, createLogger('silent'), database, clock);
    const invocation: Invocation = { channel: { platform: 'console', channelId: DEMO_CHANNEL, tenant: CONSOLE_TENANT }, user: { id: 'demo' }, operator: true, isAdmin: async () => true };
    say(`talkwatch demo: ${DEMO_DAYS} days of the Iran-US talks in Islamabad, as three outlets report them, replayed in seconds.`);
    say(`Channel #${DEMO_CHANNEL} subscribes to a 09:00 Asia/Karachi digest and to stall alerts (3 stall stories in 6 h):\n`);
    for (const command of ['subscribe digest 09:00 Asia/Karachi', 'subscribe alerts']) {
      say(`  > ${command}\n  ${toPlainText(await app.run(command, invocation)).replace(/\n/g, '\n  ')}`);
    }
    for (const url of feeds.urls) await app.store.addFeed(SHARED, url, app.defaultTopic, 'demo', clock.now(), null);

    const sender = {
      platform: 'console' as const,
      async send(channelId: string, reply: Reply) {
        (reply.kind === 'digest' ? digests : alerts).push(reply);
        say(`\n[${describeLocal(clock.now(), 'Asia/Karachi')}] #${channelId} receives this ${reply.kind === 'digest' ? 'digest' : 'alert'}:\n${toPlainText(reply)}`);
        if (options.charts && reply.chart) say(`  chart: ${await writeChart(options.charts, reply.kind, reply.chart)}`);
      },
    };
    const deliverer = new Deliverer(app.outbox, new Map([['console', sender]]), clock, app.log);
    const ingest = createFeedIngest(app);
    try {
      const end = start.getTime() + (DEMO_DAYS * 24 + 5) * 60 * MINUTE;
      while (clock.now().getTime() < end) {
        clock.advance(STEP);
        await ingest.poller.pollDue();
        await refresh(app, true);
        await enqueueDueDigests(app);
        await deliverer.runOnce();
      }
    } finally {
      await ingest.close();
    }
    const count = async (table: string) =>
      Number(((await database.db.execute(`select count(*)::int as n from ${table}`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
    const result = { digests, alerts, items: await count('items'), stories: await count('stories') };
    await options.onDone?.(app);
    say(
      `\nDone: ${result.items} articles polled from 3 feeds became ${result.stories} stories; #${DEMO_CHANNEL} received ` +
        `${digests.length} digests and ${alerts.length} alert messages. Try it for real: npm start, then ` +
        `npx talkwatch command --channel ${DEMO_CHANNEL} -- subscribe alerts`,
    );
    return result;
  } finally {
    await database.close();
    await feeds.close();
  }
}
