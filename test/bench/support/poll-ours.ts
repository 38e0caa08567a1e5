/**
 * talkwatch's side of the poll benchmarks, in a process of its own: the service's own wiring (config, database,
 * migrations, the poller with its parser workers, and what runs after items are stored: stories and alerts),
 * driven cycle by cycle over IPC. A cycle makes every feed due and runs the poll tick's work once, as the
 * service's feed-poll tick does. During a cycle it can watch the event loop and time `status` commands, which
 * go through the same event loop and database as they would from Slack, Discord or the CLI.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { createApp, openDatabase } from '../../../bots/app.ts';
import { loadConfig } from '../../../bots/config.ts';
import { createFeedIngest } from '../../../bots/feed-ingest.ts';
import { createLogger } from '../../../bots/logger.ts';

export type OursMessage = { type: 'init'; urls: string[] } | { type: 'cycle'; probe: boolean } | { type: 'close' };
export interface CycleResult {
  type: 'cycle';
  seconds: number;
  polled: number;
  stored: number;
  failed: number;
  errors: string[];
  loopDelayP99Ms: number | null;
  commandMs: number[];
  rssMb: number;
  /** CPU time of the whole process, worker threads included */
  cpuSeconds: number;
}

const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'error');
const config = loadConfig({ ...process.env, TALKWATCH_ALLOW_PRIVATE_FEEDS: '1', TALKWATCH_DEFAULT_FEEDS: '0' });
const database = await openDatabase(config, log);
const app = createApp(config, log, database);
const ingest = createFeedIngest(app);
const invocation = { channel: { platform: 'console' as const, channelId: 'bench' }, user: { id: 'bench' }, isAdmin: async () => true };

async function cycle(probe: boolean): Promise<CycleResult> {
  await database.db.execute(sql`update feeds set next_poll_at = now() - interval '1 second', claimed_until = null`);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const commandMs: number[] = [];
  let polling = true;
  // One status command at a time, a fresh one 100 ms after each answer, for as long as the cycle runs.
  const prober = (async () => {
    while (probe && polling) {
      const t = performance.now();
      const reply = await app.run('status', invocation);
      if (reply.kind === 'error') throw new Error('status failed during the cycle');
      commandMs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  if (probe) delay.enable();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const reports = await ingest.poller.pollDue();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  polling = false;
  delay.disable();
  await prober;
  const failed = reports.filter((r) => r.outcome === 'failed' || r.outcome === 'gone');
  return {
    type: 'cycle',
    seconds,
    polled: reports.length,
    stored: reports.reduce((n, r) => n + r.stored, 0),
    failed: failed.length,
    errors: [...new Set(failed.map((r) => r.error ?? ''))].slice(0, 3),
    loopDelayP99Ms: probe ? delay.percentile(99) / 1e6 : null,
    commandMs,
    rssMb: process.memoryUsage.rss() / 2 ** 20,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

process.on('message', (message: OursMessage) => {
  void (async () => {
    if (message.type === 'init') {
      for (const url of message.urls) await app.store.addFeed(url, app.defaultTopic, 'bench', new Date());
      process.send!({ type: 'ready' });
    } else if (message.type === 'cycle') {
      process.send!(await cycle(message.probe));
    } else {
      await ingest.close();
      await database.close();
      process.send!({ type: 'closed' });
      process.disconnect();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.send!({ type: 'started' });
