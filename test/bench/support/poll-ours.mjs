/**
 * talkwatch's side of the poll and memory benchmarks, in a process of its own: the service's own wiring (config,
 * database, migrations, the poller with its parser workers, and what runs after items are stored: stories and
 * alerts), driven cycle by cycle over IPC. A cycle makes every feed due and runs the feed-poll tick's work once.
 * During a cycle it can watch the event loop and time `status` commands, which go through the same event loop
 * and database as they do from Slack, Discord or the CLI.
 *
 * Plain JavaScript on the compiled code in dist/, like `talkwatch start`: run through tsx, the process would
 * carry tsx's loader thread too, some 30 MB that the service does not have, and its memory is measured here.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { createApp, openDatabase } from '../../../dist/bots/app.js';
import { loadConfig } from '../../../dist/bots/config.js';
import { createFeedIngest } from '../../../dist/bots/feed-ingest.js';
import { createLogger } from '../../../dist/bots/logger.js';

const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'error');
const config = loadConfig({ ...process.env, TALKWATCH_ALLOW_PRIVATE_FEEDS: '1', TALKWATCH_DEFAULT_FEEDS: '0' });
const database = await openDatabase(config, log);
const app = createApp(config, log, database);
const ingest = createFeedIngest(app);
const invocation = { channel: { platform: 'console', channelId: 'bench' }, user: { id: 'bench' }, isAdmin: async () => true };

const rssMb = () => process.memoryUsage.rss() / 2 ** 20;
const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

async function cycle(probe) {
  await database.db.execute(sql`update feeds set next_poll_at = now() - interval '1 second', claimed_until = null`);
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const commandMs = [];
  let polling = true;
  // One status command at a time, a fresh one 100 ms after each answer, for as long as the cycle runs.
  const prober = (async () => {
    while (probe && polling) {
      const t = performance.now();
      const reply = await app.run('status', invocation);
      if (reply.kind === 'error') throw new Error('status failed during the cycle');
      commandMs.push(performance.now() - t);
      await sleep(100);
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
    cpuSeconds: (used.user + used.system) / 1e6,
    rssMb: rssMb(),
  };
}

/** Resident memory once the cycle's work has settled: samples over `ms`, and the peak so far. */
async function memory(ms) {
  const samples = [];
  for (let waited = 0; waited <= ms; waited += 250) {
    samples.push(rssMb());
    await sleep(250);
  }
  const { heapTotal, external, arrayBuffers } = process.memoryUsage();
  const mb = (n) => Math.round(n / 2 ** 20);
  return { type: 'memory', samples, peakMb: peakMb(), parts: { heapTotal: mb(heapTotal), external: mb(external), arrayBuffers: mb(arrayBuffers) } };
}

process.on('message', (message) => {
  void (async () => {
    if (message.type === 'init') {
      for (const url of message.urls) await app.store.addFeed(url, app.defaultTopic, 'bench', new Date());
      process.send({ type: 'ready' });
    } else if (message.type === 'cycle') {
      process.send(await cycle(message.probe));
    } else if (message.type === 'memory') {
      process.send(await memory(message.ms));
    } else {
      await ingest.close();
      await database.close();
      process.send({ type: 'closed' });
      process.disconnect();
    }
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
});
process.send({ type: 'started' });
