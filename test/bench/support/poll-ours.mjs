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
// the operator at the console, as `talkwatch command -- status` is: it sees every feed and story
const invocation = { channel: { platform: 'console', channelId: 'bench', tenant: 'console' }, user: { id: 'bench' }, operator: true, isAdmin: async () => true };

const rssMb = () => process.memoryUsage.rss() / 2 ** 20;
const peakMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;

const failedReport = (r) => r.outcome === 'failed' || r.outcome === 'gone';

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
  const failures = reports.filter(failedReport);
  // A feed with more new items than one poll stores (500) has the rest waiting for its next poll, a minute later:
  // here it comes at once, and the cycle lasts until every new item is stored, so it stores what the baselines
  // read, and the next cycle starts from a database that holds everything.
  let rounds = 1;
  const stored = (rs) => rs.reduce((n, r) => n + r.stored, 0);
  let storedInAll = stored(reports);
  for (let waiting = reports.filter((r) => r.waiting > 0); waiting.length && rounds < 20; rounds++) {
    const ids = waiting.map((r) => r.feedId);
    await database.db.execute(sql`update feeds set next_poll_at = now() - interval '1 second' where id = any(${sql.param(ids)}::int[])`);
    const again = await ingest.poller.pollDue();
    storedInAll += stored(again);
    failures.push(...again.filter(failedReport));
    waiting = again.filter((r) => r.waiting > 0);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  polling = false;
  delay.disable();
  await prober;
  return {
    type: 'cycle',
    seconds,
    polled: reports.length,
    stored: storedInAll,
    failed: failures.length,
    errors: [...new Set(failures.map((r) => r.error ?? ''))].slice(0, 3),
    loopDelayP99Ms: probe ? delay.percentile(99) / 1e6 : null,
    commandMs,
    cpuSeconds: (used.user + used.system) / 1e6,
    rounds,
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
  const { heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const mb = (n) => Math.round(n / 2 ** 20);
  return { type: 'memory', samples, peakMb: peakMb(), parts: { heapTotal: mb(heapTotal), heapUsed: mb(heapUsed), external: mb(external), arrayBuffers: mb(arrayBuffers) } };
}

process.on('message', (message) => {
  void (async () => {
    if (message.type === 'init') {
      // What adding each as a shared feed does, in one statement: setting up is not what is measured.
      await database.db.execute(sql`
        with added as (insert into feeds (url, next_poll_at, added_at) select u, now(), now() from unnest(${sql.param(message.urls)}::text[]) as u returning id)
        insert into tenant_feeds (tenant, feed_id, topic, added_by, added_at) select 'shared', id, ${app.defaultTopic}, 'bench', now() from added`);
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
