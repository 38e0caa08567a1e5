/**
 * The replicas test: three `talkwatch start` (the real binary) on one PostgreSQL database, against the fake Slack
 * and Discord and many feeds on 127.0.0.1, through simulated days on a fast clock. Midway the replica holding
 * Discord's gateway is killed with SIGKILL (a standby must take the gateway over; the time is measured), later
 * another is stopped and started again. At the end: no feed was fetched twice within its interval, every digest
 * the subscriptions were due arrived, and no message arrived twice.
 */
import { performance } from 'node:perf_hooks';
import { FastClock, DAY, HOUR } from '../../core/clock.ts';
import { localDay, nextDigestAt } from '../../core/schedule.ts';
import { SHARED } from '../../core/tenants.ts';
import { openServer } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { deliveries, feeds, subscriptions } from '../../db/schema.ts';
import { createStore } from '../../db/store.ts';
import { inArray, sql } from 'drizzle-orm';
import { startFakeSlack } from '../slack/fake-slack.ts';
import { countArrivals } from '../support/arrivals.ts';
import { cleanEnv, scratchDir, startTalkwatch, type Running } from '../support/cli.ts';
import { APPLICATION_ID, TOKEN } from '../support/discord-harness.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { createScratchDatabase, serverUrl } from '../support/scratch-db.ts';
import { requiredDigests } from '../crash/harness.ts';
import { DISCORD_TENANT, SCENARIO_START, SLACK_TENANT } from '../crash/scenario.ts';
import type { AlertRule } from '../../core/alerts.ts';
import { startCountingFeeds } from './feeds.ts';

export interface ReplicasOptions {
  replicas?: number;
  feeds?: number;
  subscriptions?: number;
  days?: number;
  /** simulated seconds per real second */
  speed?: number;
  say?: (line: string) => void;
}

export interface ReplicasResult {
  feeds: number;
  polls: number;
  doublePolls: number;
  expected: number;
  delivered: number;
  duplicates: number;
  /** real milliseconds from killing the gateway's holder to a standby's gateway being ready */
  takeoverMs: number;
  alerts: number;
  /** one replica's GET /metrics at the end of the run, talkwatch's own lines */
  metrics: string;
  line: string;
  problems: string[];
}

/** Each feed's interval, set per feed: polled every 6 simulated hours. */
export const FEED_INTERVAL_MS = 6 * HOUR;
const RUNNING = /"msg":"talkwatch is running"/;
const GATEWAY_READY = /"msg":"Discord front end ready"/;
const STANDING_BY = /this one stands by to take over/;
/** A digest is required only if replicas ran this long (real time) after it was due: the next tick on a busy machine. */
const TICK_LAG_MS = 30_000;

const RULES: AlertRule[] = [
  { type: 'count', threshold: 3, windowMinutes: 360 },
  { type: 'count', threshold: 2, windowMinutes: 720 },
  { type: 'share', percent: 50, windowMinutes: 1440, min: 3 },
];
const DIGESTS = [
  { time: '09:00', timezone: 'Asia/Karachi' },
  { time: '07:30', timezone: 'UTC' },
  { time: '18:00', timezone: 'America/New_York' },
  { time: '00:15', timezone: 'Europe/Berlin' },
  { time: '12:45', timezone: 'Asia/Tokyo' },
];

/** Half the subscriptions are daily digests, half alert rules, over channels alternating Slack and Discord. */
function channels(subscriptions: number) {
  return Array.from({ length: Math.ceil(subscriptions / 2) }, (_, i) =>
    i % 2 === 0
      ? { platform: 'slack' as const, channelId: `C0REPL${String(i).padStart(3, '0')}`, tenant: SLACK_TENANT }
      : { platform: 'discord' as const, channelId: `7410000000000${String(i).padStart(5, '0')}`, tenant: DISCORD_TENANT },
  );
}

/** null when no PostgreSQL server is configured (TEST_DATABASE_URL): replicas need one. */
export async function runReplicasTest(options: ReplicasOptions = {}): Promise<ReplicasResult | null> {
  if (!serverUrl) return null;
  const say = options.say ?? (() => {});
  const count = options.replicas ?? 3;
  const feedCount = options.feeds ?? 200;
  const subCount = options.subscriptions ?? 50;
  const days = options.days ?? 10;
  const speed = options.speed ?? 3600;
  const simulatedStart = new Date(SCENARIO_START.getTime() + 48 * HOUR);
  const realAt = new Date();
  const clock = new FastClock(simulatedStart, realAt, speed, () => Date.now());
  const endAt = simulatedStart.getTime() + days * DAY;
  say(`replicas: ${count} replicas, ${feedCount} feeds, ${subCount} subscriptions, ${days} simulated days at ${speed} times real time`);

  const slack = await startFakeSlack();
  const discord = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
  const world = await startCountingFeeds(clock, feedCount);
  const scratch = await createScratchDatabase();
  const running = new Set<Running>();
  const env = (n: number) =>
    cleanEnv({
      DATABASE_URL: scratch.url,
      TALKWATCH_DATA_DIR: `${scratchDir(`talkwatch-replica-${n}-`)}/data`,
      PORT: '0',
      TALKWATCH_ALLOW_PRIVATE_FEEDS: '1',
      TALKWATCH_FAST_CLOCK: `${simulatedStart.toISOString()},${realAt.toISOString()},${speed}`,
      SLACK_BOT_TOKEN: 'xoxb-replicas',
      SLACK_SIGNING_SECRET: 'replicas-secret',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
      DISCORD_API_URL: discord.apiUrl,
    });
  const start = async (n: number, expect: RegExp) => {
    const r = startTalkwatch(['start'], env(n));
    running.add(r);
    void r.exited.then(() => running.delete(r));
    await r.waitFor(RUNNING);
    await r.waitFor(expect);
    return r;
  };
  const untilSimulated = async (at: number) => {
    while (clock.now().getTime() < at) {
      for (const r of running) if (r.child.exitCode !== null) throw new Error(`a replica exited (${r.child.exitCode})\n${r.stderr().slice(-2_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const problems: string[] = [];
  let gatewaysAtOnce = 0;
  const watchGateway = setInterval(() => (gatewaysAtOnce = Math.max(gatewaysAtOnce, discord.connections)), 100);
  try {
    const seededAt = clock.now();
    await seed(scratch.url, world.urls, subCount, seededAt);

    // The first replica holds the gateway; the others stand by.
    const replicas: Running[] = [await start(0, GATEWAY_READY)];
    for (let n = 1; n < count; n++) replicas.push(await start(n, STANDING_BY));
    const firstRunning = clock.now();
    say(`replicas: all ${count} running at simulated ${firstRunning.toISOString().slice(0, 16)}Z`);

    // Midway: kill the gateway's holder; a standby must take over.
    await untilSimulated(simulatedStart.getTime() + (days * DAY) / 2);
    const holder = replicas[0]!;
    const others = replicas.slice(1);
    const killedAt = performance.now();
    holder.child.kill('SIGKILL');
    // the standbys never held the gateway: the first to say it is ready took it over
    const taker = await Promise.any(others.map((r) => r.waitFor(GATEWAY_READY).then(() => r)));
    const takeoverMs = Math.round(performance.now() - killedAt);
    say(`replicas: killed the gateway's holder (SIGKILL) at simulated ${clock.now().toISOString().slice(0, 16)}Z; a standby held the gateway ${takeoverMs} ms later`);

    // Later: stop and start again a replica that did not take the gateway.
    await untilSimulated(simulatedStart.getTime() + (days * DAY * 3) / 4);
    const restarting = others.find((r) => r !== taker) ?? taker;
    restarting.child.kill('SIGTERM');
    const { code } = await restarting.exited;
    if (code !== 0) problems.push(`a replica did not stop cleanly on SIGTERM (exit ${code})`);
    await start(count, restarting === taker ? GATEWAY_READY : STANDING_BY);
    say(`replicas: restarted one replica at simulated ${clock.now().toISOString().slice(0, 16)}Z`);

    await untilSimulated(endAt);
    // No new messages from here: what was committed must drain, once.
    const pausedAt = clock.now();
    await pauseAll(scratch.url);
    await drained(scratch.url, running);
    const some = [...running][0]!;
    const port = Number(/"port":(\d+)/.exec(some.stderr())![1]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const r of running) r.child.kill('SIGTERM');
    for (const r of [...running]) {
      const exit = await r.exited;
      if (exit.code !== 0) problems.push(`a replica did not stop cleanly (exit ${exit.code})`);
    }
    if (gatewaysAtOnce > 1) problems.push(`${gatewaysAtOnce} gateway connections were open at once`);

    const doubles = world.doublePolls(FEED_INTERVAL_MS);
    for (const d of doubles.slice(0, 10)) problems.push(`double poll: ${d.url} fetched again after ${Math.round(d.gapMs / 60_000)} simulated minutes`);
    const tally = await tallyMessages(scratch.url, { slack, discord }, { seededAt, up: [[firstRunning, pausedAt]], lag: TICK_LAG_MS * speed });
    problems.push(...tally.problems);
    const line = `replicas: feeds ${feedCount} polls ${world.polls()} double-polls ${doubles.length} digests expected ${tally.expected} delivered ${tally.delivered} duplicates ${tally.duplicates}`;
    return { feeds: feedCount, polls: world.polls(), doublePolls: doubles.length, expected: tally.expected, delivered: tally.delivered, duplicates: tally.duplicates, takeoverMs, alerts: tally.alerts, metrics, line, problems };
  } finally {
    clearInterval(watchGateway);
    for (const r of running) r.child.kill('SIGKILL');
    await Promise.all([...running].map((r) => r.exited));
    await Promise.all([slack.close(), discord.close(), world.close()]);
    await scratch.drop();
  }
}

async function seed(url: string, feedUrls: string[], subCount: number, now: Date): Promise<void> {
  const database = await openServer(url);
  try {
    await migrate(database);
    const store = createStore(database.db);
    const list = channels(subCount);
    for (const [i, channel] of list.entries()) {
      const digest = DIGESTS[i % DIGESTS.length]!;
      const common = { channel, topic: 'iran-us', quietDay: 'line' as const, repeatMinutes: null, notifyResolved: true, createdBy: 'replicas-test' };
      await store.saveSubscription({ ...common, kind: 'digest', digestTime: digest.time, timezone: digest.timezone, nextDigestAt: nextDigestAt(digest.time, digest.timezone, now), alertRule: null });
      if (2 * i + 1 < subCount) await store.saveSubscription({ ...common, kind: 'alerts', digestTime: null, timezone: null, nextDigestAt: null, alertRule: RULES[i % RULES.length]! });
    }
    for (const feedUrl of feedUrls) await store.addFeed(SHARED, feedUrl, 'iran-us', 'replicas-test', now, null);
    await database.db.update(feeds).set({ intervalSeconds: FEED_INTERVAL_MS / 1000 });
  } finally {
    await database.close();
  }
}

async function pauseAll(url: string): Promise<void> {
  const database = await openServer(url);
  try {
    await database.db.update(subscriptions).set({ pausedReason: 'the replicas test is over', pausedAt: new Date() });
  } finally {
    await database.close();
  }
}

/** Wait until nothing is pending or being sent (claims a killed replica left run out first). */
async function drained(url: string, running: Set<Running>): Promise<void> {
  const database = await openServer(url);
  try {
    const started = performance.now();
    for (let quiet = 0; quiet < 3; ) {
      if (running.size === 0) throw new Error('every replica exited while draining');
      if (performance.now() - started > 10 * 60_000) throw new Error('the outbox did not drain within 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(deliveries).where(inArray(deliveries.status, ['pending', 'sending']));
      quiet = Number(row?.n ?? 0) > 0 ? 0 : quiet + 1;
    }
  } finally {
    await database.close();
  }
}

async function tallyMessages(
  url: string,
  fakes: { slack: Awaited<ReturnType<typeof startFakeSlack>>; discord: FakeDiscord },
  run: { seededAt: Date; up: Array<[Date, Date]>; lag: number },
): Promise<{ expected: number; delivered: number; duplicates: number; alerts: number; problems: string[] }> {
  const database = await openServer(url);
  let rows: Array<typeof deliveries.$inferSelect>;
  let subs: Array<typeof subscriptions.$inferSelect>;
  try {
    rows = await database.db.select().from(deliveries);
    subs = await database.db.select().from(subscriptions);
  } finally {
    await database.close();
  }
  // Every message committed to the outbox must arrive once; every digest the subscriptions were due must be among them.
  const expected = new Set(rows.map((r) => r.key));
  const digests = new Set(rows.filter((r) => r.kind === 'digest').map((r) => r.key));
  for (const sub of subs.filter((s) => s.kind === 'digest')) {
    for (const at of requiredDigests(sub.digestTime!, sub.timezone!, run)) {
      const key = `digest:${sub.id}:${localDay(at, sub.timezone!)}`;
      expected.add(key);
      digests.add(key);
    }
  }
  const { counts, duplicates, problems } = countArrivals(expected, rows, fakes);
  const delivered = [...digests].filter((key) => counts.has(key)).length;
  const alerts = rows.filter((r) => r.kind === 'alert' || r.kind === 'resolved').length;
  return { expected: digests.size, delivered, duplicates, alerts, problems };
}
