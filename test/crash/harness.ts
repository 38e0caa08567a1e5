/**
 * The crash test: `talkwatch start` (the real binary, on its embedded database) against the fake Slack and Discord
 * and the scenario's feeds, on a fast clock, killed with SIGKILL at chosen moments (during polls, on the scheduler's
 * ticks when digests are enqueued, while a platform holds a message before answering, right after it answered and
 * before the send is recorded, or at a random time) and restarted each time. At the end every message the service
 * committed to send, and every daily digest its subscriptions were due, must have reached its channel exactly once.
 */
import { performance } from 'node:perf_hooks';
import { FastClock, HOUR } from '../../core/clock.ts';
import { localDay, nextDigestAt } from '../../core/schedule.ts';
import { SHARED } from '../../core/tenants.ts';
import { openEmbedded } from '../../db/connect.ts';
import { migrate } from '../../db/migrate.ts';
import { deliveries, subscriptions } from '../../db/schema.ts';
import { createStore } from '../../db/store.ts';
import { startFakeSlack, type FakeSlack } from '../slack/fake-slack.ts';
import { countArrivals } from '../support/arrivals.ts';
import { cleanEnv, scratchDir, startTalkwatch, type Running } from '../support/cli.ts';
import { APPLICATION_ID, TOKEN } from '../support/discord-harness.ts';
import { FakeDiscord } from '../support/fake-discord.ts';
import { CHANNELS, SCENARIO_START, startScenarioFeeds, type ScenarioFeeds } from './scenario.ts';

export interface CrashOptions {
  kills: number;
  /** simulated seconds per real second */
  speed?: number;
  /** a data directory with a migrated embedded database to start from (else one is made) */
  dataDir?: string;
  seed?: number;
  /** the moments to kill at, in turn (default: chosen at random) */
  moments?: Moment[];
  say?: (line: string) => void;
}

export interface CrashResult {
  kills: number;
  expected: number;
  delivered: number;
  duplicates: number;
  lost: number;
  /** the last line of `npm run test:crash` */
  line: string;
  digests: number;
  alerts: number;
  /** kills per moment */
  moments: Record<string, number>;
  /** what went wrong, one line per lost or doubled message */
  problems: string[];
}

export type Moment = 'random time' | 'feed poll' | 'scheduler tick' | 'Slack holds a post' | 'Slack answered' | 'Discord holds a post' | 'Discord answered';
const MOMENTS: Moment[] = ['random time', 'feed poll', 'scheduler tick', 'Slack holds a post', 'Slack answered', 'Discord holds a post', 'Discord answered'];
const RUNNING = /"msg":"talkwatch is running"/;
/**
 * How long after its time a digest may be enqueued, in real time: the next tick (every 2 s) on a machine that may
 * be busy. Near the end of the run, and around a restart, a digest this late is not required.
 */
const TICK_LAG_MS = 30_000;
/** If the chosen moment does not come within this, kill anyway (counted as a random time). */
const MOMENT_WAIT_MS = 8_000;

/** A small seeded generator, so a run can be repeated with the seed it printed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function runCrashTest(options: CrashOptions): Promise<CrashResult> {
  const say = options.say ?? (() => {});
  const seed = options.seed ?? Math.floor(Math.random() * 1e9);
  const rand = random(seed);
  const speed = options.speed ?? 1440;
  const simulatedStart = new Date(SCENARIO_START.getTime() + 48 * HOUR);
  const realAt = new Date();
  const clock = new FastClock(simulatedStart, realAt, speed, () => Date.now());
  say(`crash-test: seed ${seed}, ${options.kills} kills, the calendar ${speed} times as fast as real time`);

  const slack = await startFakeSlack();
  const discord = await FakeDiscord.start({ token: TOKEN, applicationId: APPLICATION_ID });
  const feeds = await startScenarioFeeds(clock);
  const dataDir = options.dataDir ?? `${scratchDir('talkwatch-crash-')}/data`;
  const env = cleanEnv({
    TALKWATCH_DATA_DIR: dataDir,
    PORT: '0',
    TALKWATCH_ALLOW_PRIVATE_FEEDS: '1',
    TALKWATCH_FAST_CLOCK: `${simulatedStart.toISOString()},${realAt.toISOString()},${speed}`,
    SLACK_BOT_TOKEN: 'xoxb-crash',
    SLACK_SIGNING_SECRET: 'crash-secret',
    SLACK_API_URL: slack.apiUrl,
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: discord.apiUrl,
  });
  let service: Running | null = null;
  try {
    const seededAt = clock.now();
    await seedDatabase(dataDir, feeds, seededAt);
    const moments: Record<string, number> = {};
    // when the service ran, in simulated time: what it had to enqueue depends on it (see tally)
    const up: Array<[Date, Date]> = [];
    for (let kill = 1; kill <= options.kills; kill++) {
      service = await start(env);
      const running = clock.now();
      const moment = options.moments?.[(kill - 1) % options.moments.length] ?? MOMENTS[Math.floor(rand() * MOMENTS.length)]!;
      const when = await killAt(moment, service, { slack, discord, feeds }, rand);
      up.push([running, clock.now()]);
      await service.exited;
      moments[when] = (moments[when] ?? 0) + 1;
      say(`kill ${kill}: ${when} (simulated ${clock.now().toISOString().slice(0, 16)}Z)`);
    }

    // No new messages from here: what was committed must now drain, once.
    const pausedAt = clock.now();
    await pauseSubscriptions(dataDir);
    service = await start(env);
    const port = Number(/"port":(\d+)/.exec(service.stderr())![1]);
    await drained(port, service);
    service.child.kill('SIGTERM');
    const { code } = await service.exited;
    if (code !== 0) throw new Error(`the last talkwatch did not stop cleanly (exit ${code})\n${service.stderr().slice(-2_000)}`);
    return await tally(dataDir, { slack, discord }, { kills: options.kills, moments, pausedAt, lag: TICK_LAG_MS * speed, seededAt, up });
  } finally {
    if (service && service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
    await Promise.all([slack.close(), discord.close(), feeds.close()]);
  }
}

async function start(env: NodeJS.ProcessEnv): Promise<Running> {
  const service = startTalkwatch(['start'], env);
  await service.waitFor(RUNNING);
  return service;
}

/** Arm the chosen moment and kill the service there; returns the moment it was killed at. */
async function killAt(moment: Moment, service: Running, world: { slack: FakeSlack; discord: FakeDiscord; feeds: ScenarioFeeds }, rand: () => number): Promise<string> {
  const { slack, discord, feeds } = world;
  return new Promise<string>((resolve) => {
    let done = false;
    const kill = (when: string) => {
      if (done) return;
      done = true;
      service.child.kill('SIGKILL');
      clearTimeout(fallback);
      clearTimeout(timer);
      slack.hooks.received = slack.hooks.answered = undefined;
      discord.hooks.received = discord.hooks.answered = undefined;
      feeds.onRequest = undefined;
      resolve(when);
    };
    const fallback = setTimeout(() => kill('random time'), MOMENT_WAIT_MS);
    let timer: NodeJS.Timeout | undefined;
    switch (moment) {
      case 'random time':
        timer = setTimeout(() => kill(moment), 200 + rand() * 5_000);
        break;
      case 'scheduler tick':
        // every tick runs on even seconds under the fast clock: digests are enqueued, alerts evaluated, feeds polled
        timer = setTimeout(() => kill(moment), 2_000 - (Date.now() % 2_000) + rand() * 150);
        break;
      case 'feed poll':
        feeds.onRequest = () => kill(moment);
        break;
      case 'Slack holds a post':
        slack.hooks.received = () => kill(moment);
        break;
      case 'Slack answered':
        slack.hooks.answered = () => kill(moment);
        break;
      case 'Discord holds a post':
        discord.hooks.received = () => kill(moment);
        break;
      case 'Discord answered':
        discord.hooks.answered = () => kill(moment);
        break;
    }
  });
}

/** The channels' subscriptions and the scenario's feeds, written before the first start. */
async function seedDatabase(dataDir: string, feeds: ScenarioFeeds, now: Date): Promise<void> {
  const database = await openEmbedded(dataDir);
  try {
    await migrate(database);
    const store = createStore(database.db);
    for (const c of CHANNELS) {
      const channel = { platform: c.platform, channelId: c.channelId, tenant: c.tenant };
      const common = { channel, topic: 'iran-us', quietDay: 'line' as const, repeatMinutes: null, notifyResolved: true, createdBy: 'crash-test' };
      await store.saveSubscription({ ...common, kind: 'digest', digestTime: c.digest.time, timezone: c.digest.timezone, nextDigestAt: nextDigestAt(c.digest.time, c.digest.timezone, now), alertRule: null });
      await store.saveSubscription({ ...common, kind: 'alerts', digestTime: null, timezone: null, nextDigestAt: null, alertRule: c.rule });
    }
    for (const url of feeds.urls) await store.addFeed(SHARED, url, 'iran-us', 'crash-test', now, null);
  } finally {
    await database.close();
  }
}

async function pauseSubscriptions(dataDir: string): Promise<void> {
  const database = await openEmbedded(dataDir);
  try {
    await database.db.update(subscriptions).set({ pausedReason: 'the crash test is over', pausedAt: new Date() });
  } finally {
    await database.close();
  }
}

/** Wait until nothing is pending or being sent (claims left by the last kill run out first). */
async function drained(port: number, service: Running): Promise<void> {
  const started = performance.now();
  for (let quiet = 0; quiet < 3; ) {
    if (service.child.exitCode !== null) throw new Error(`talkwatch exited while draining\n${service.stderr().slice(-2_000)}`);
    if (performance.now() - started > 10 * 60_000) throw new Error('the outbox did not drain within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    quiet = /talkwatch_deliveries\{status="(pending|sending)"\} [1-9]/.test(metrics) ? 0 : quiet + 1;
  }
}

/**
 * The digests a subscription must have enqueued, given when the service ran. A tick enqueues what is due every 2 s
 * while it runs; after downtime, the first tick catches up with one digest for every day missed (README: "a missed
 * digest once, not once per missed day"). A running spell is counted on only from `lag` after it began, and a
 * digest only if the service kept running `lag` after it was due: so a machine too busy to tick misses nothing
 * here, while a digest a running service never enqueued is caught.
 */
export function requiredDigests(time: string, zone: string, run: { seededAt: Date; up: Array<[Date, Date]>; lag: number }): Date[] {
  const required: Date[] = [];
  let due = nextDigestAt(time, zone, run.seededAt);
  for (const [from, to] of run.up) {
    const firstTick = new Date(from.getTime() + run.lag);
    if (firstTick > to) continue;
    if (due <= firstTick) {
      required.push(due);
      due = nextDigestAt(time, zone, firstTick);
    }
    while (due.getTime() + run.lag <= to.getTime()) {
      required.push(due);
      due = nextDigestAt(time, zone, due);
    }
  }
  return required;
}

async function tally(
  dataDir: string,
  fakes: { slack: FakeSlack; discord: FakeDiscord },
  run: { kills: number; moments: Record<string, number>; pausedAt: Date; lag: number; seededAt: Date; up: Array<[Date, Date]> },
): Promise<CrashResult> {
  const database = await openEmbedded(dataDir);
  let rows: Array<typeof deliveries.$inferSelect>;
  let subs: Array<typeof subscriptions.$inferSelect>;
  try {
    rows = await database.db.select().from(deliveries);
    subs = await database.db.select().from(subscriptions);
  } finally {
    await database.close();
  }

  // Every message the service committed to, and every digest it had to enqueue: each must arrive once.
  const expected = new Set(rows.map((r) => r.key));
  for (const sub of subs.filter((s) => s.kind === 'digest')) {
    for (const at of requiredDigests(sub.digestTime!, sub.timezone!, run)) expected.add(`digest:${sub.id}:${localDay(at, sub.timezone!)}`);
  }

  const { counts, duplicates, lost, problems } = countArrivals(expected, rows, fakes);
  const delivered = [...expected].filter((key) => counts.has(key)).length;
  const line = `crash-test: kills ${run.kills} expected ${expected.size} delivered ${delivered} duplicates ${duplicates} lost ${lost}`;
  const kinds = (kind: string) => rows.filter((r) => r.kind === kind).length;
  return { kills: run.kills, expected: expected.size, delivered, duplicates, lost, line, digests: kinds('digest'), alerts: kinds('alert') + kinds('resolved'), moments: run.moments, problems };
}
