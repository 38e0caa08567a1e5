/**
 * Polling 1,000 real-world feeds (about 100 MB of XML on 50 loopback hosts, see support/farm.ts) on a PostgreSQL
 * server, three cycles a run: everything new (`poll_first`), nothing changed so 95% answer 304 (`poll_steady`),
 * and 5 new items in every feed (`poll_changed`). `parse_floor` parses the same bytes in worker threads (one per
 * core) with nothing else: no fetching, no database. The baselines run the same cycles on the same farm in the
 * same run, taking turns with talkwatch: rss-parser's parseURL in a loop, rss-feed-emitter, and newsboat.
 * During talkwatch's first cycle, `responsiveness` watches its event loop and times `status` commands. `memory`
 * is read after a first cycle on the server database and on a new embedded one (steady: the median of 2 s of
 * samples once settled; peak: the most it had).
 */
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { createParser } from '../../feeds/parser.ts';
import { startContender } from './support/child.ts';
import { startFarm, type Farm } from './support/farm.ts';
import { newsboat, newsboatVersion } from './support/newsboat.ts';
import type { CycleResult, MemoryResult } from './support/poll-types.ts';
import { median, percentile, row, type Row } from './support/report.ts';
import { scratchDir } from '../support/cli.ts';
import { createScratchDatabase } from '../support/scratch-db.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CYCLES = ['poll_first', 'poll_steady', 'poll_changed'] as const;
type Cycle = (typeof CYCLES)[number];

const GENERATION: Record<Cycle, number> = { poll_first: 0, poll_steady: 0, poll_changed: 1 };
type Series = Record<Cycle, number[]>;
/**
 * Memory is read once the process has settled after its first cycle: parser workers end 5 s after their last
 * feed, and V8 gives back the heap a burst of work grew some 25 s after the burst (its memory reducer).
 */
const SETTLE_MS = 30_000;
const series = (): Series => ({ poll_first: [], poll_steady: [], poll_changed: [] });
const s = (n: number) => `${n.toFixed(2)} s`;

/** talkwatch in its own process on a database of its own, with the farm's feeds added. */
async function startOurs(farm: Farm, env: NodeJS.ProcessEnv, dispose: () => Promise<void>) {
  const ours = await startContender(new URL('./support/poll-ours.mjs', import.meta.url), env);
  await ours.ask({ type: 'init', urls: farm.urls });
  let cycleEnded = 0;
  return {
    async cycle(farmGeneration: number, label: string, probe: boolean): Promise<CycleResult> {
      await farm.setGeneration(farmGeneration);
      await farm.stats(true);
      const result = await ours.ask<CycleResult>({ type: 'cycle', probe });
      cycleEnded = performance.now();
      const served = await farm.stats();
      if (result.failed) throw new Error(`talkwatch: ${result.failed} feeds failed in ${label}: ${result.errors.join('; ')}`);
      console.log(
        `  talkwatch ${label.padEnd(12)} ${s(result.seconds)}: ${result.polled} feeds, ${result.stored} items stored${result.rounds > 1 ? ` (the feeds with more than 500 new items asked ${result.rounds - 1} more time${result.rounds > 2 ? 's' : ''})` : ''}, ` +
          `${served.notModified} answered 304, ${(served.bytes / 1e6).toFixed(1)} MB served; ${result.cpuSeconds.toFixed(1)} s of CPU`,
      );
      return result;
    },
    /** Memory once settled: at least SETTLE_MS after the last cycle (see the header), sampled for 2 s. */
    async memory(label: string): Promise<MemoryResult> {
      const wait = SETTLE_MS - (performance.now() - cycleEnded);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const m = await ours.ask<MemoryResult>({ type: 'memory', ms: 2_000 });
      console.log(`  talkwatch ${label}: ${median(m.samples).toFixed(0)} MB resident once settled, ${m.peakMb.toFixed(0)} MB at most`);
      return m;
    },
    async close() {
      await ours.close();
      await dispose();
    },
  };
}

async function baselineRun(mode: 'parseurl' | 'emitter', farm: Farm, times: Series): Promise<void> {
  const contender = await startContender(new URL('./support/poll-baselines.ts', import.meta.url), {}, [mode]);
  try {
    await contender.ask({ type: 'init', urls: farm.urls });
    for (const cycle of CYCLES) {
      await farm.setGeneration(GENERATION[cycle]);
      const result = await contender.ask<{ seconds: number; items: number; failures: number; rssMb: number }>({ type: 'cycle' });
      times[cycle].push(result.seconds);
      console.log(
        `  ${mode.padEnd(9)} ${cycle.padEnd(12)} ${s(result.seconds)}: ${result.items} new items, ${result.failures} feeds it could not read; RSS ${result.rssMb.toFixed(0)} MB`,
      );
    }
  } finally {
    await contender.close();
  }
}

async function newsboatRun(farm: Farm, times: Series): Promise<void> {
  const reader = newsboat(farm.urls);
  try {
    for (const cycle of CYCLES) {
      await farm.setGeneration(GENERATION[cycle]);
      await farm.stats(true);
      const seconds = await reader.reload();
      const served = await farm.stats();
      times[cycle].push(seconds);
      console.log(`  newsboat  ${cycle.padEnd(12)} ${s(seconds)}: ${served.notModified} answered 304`);
    }
  } finally {
    reader.dispose();
  }
}

type Body = { bytes: Uint8Array; contentType: string | null; url: string };
let fetched: Body[] | null = null;

async function fetchAll(farm: Farm): Promise<Body[]> {
  await farm.setGeneration(0);
  return Promise.all(farm.urls.map(async (url) => {
    const res = await fetch(url);
    return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type'), url };
  }));
}

/**
 * Every feed's bytes, parsed by a pool of one worker per core, all submitted at once. The first cycle's bytes:
 * the changed cycle's are 1.6% more, so one floor serves both.
 */
async function parseFloor(farm: Farm): Promise<number> {
  // the same bytes every run: fetched once
  const bodies = (fetched ??= await fetchAll(farm));
  // All submitted at once, so the pool is never idle; a parse's time limit counts from its submission, so it is
  // as long as the whole floor may take.
  const parser = createParser({ threads: availableParallelism(), timeoutMs: 10 * 60_000 });
  try {
    await Promise.all(bodies.slice(0, availableParallelism()).map((b) => parser.parse({ ...b, bytes: b.bytes.slice(), now: Date.now() })));
    const copies = bodies.map((b) => ({ ...b, bytes: b.bytes.slice(), now: Date.now() }));
    const started = performance.now();
    await Promise.all(copies.map((b) => parser.parse(b)));
    return (performance.now() - started) / 1000;
  } finally {
    await parser.close();
  }
}

export default async function poll(): Promise<Row[]> {
  const farm = await startFarm();
  const version = newsboatVersion();
  console.log(`${farm.urls.length} feeds, ${(farm.bytes / 1e6).toFixed(1)} MB, on 50 loopback hosts; ${RUNS} runs, the contenders taking turns`);
  if (!version) console.log('newsboat is not installed (apt-get install newsboat): its rows are left out');
  const ours = series();
  const parseurl = series();
  const emitter = series();
  const reader = series();
  const firstCycles: CycleResult[] = [];
  const memory = { server: [] as MemoryResult[], embedded: [] as MemoryResult[] };
  const embeddedFirst: number[] = [];
  const floor: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      console.log(`run ${run + 1} of ${RUNS}`);
      // A process that has just finished a cycle settles while baselines run: it is idle meanwhile.
      const scratch = await createScratchDatabase();
      const server = await startOurs(farm, { DATABASE_URL: scratch.url }, () => scratch.drop());
      try {
        const first = await server.cycle(0, 'poll_first', true);
        ours.poll_first.push(first.seconds);
        firstCycles.push(first);
        // the baselines that read the farm one feed or a few at a time take their turns while it settles
        await baselineRun('parseurl', farm, parseurl);
        if (version) await newsboatRun(farm, reader);
        memory.server.push(await server.memory('(server) after the first cycle'));
        ours.poll_steady.push((await server.cycle(0, 'poll_steady', false)).seconds);
        ours.poll_changed.push((await server.cycle(1, 'poll_changed', false)).seconds);
      } finally {
        await server.close();
      }
      const dir = scratchDir('talkwatch-bench-embedded-');
      const embedded = await startOurs(farm, { TALKWATCH_DATA_DIR: path.join(dir, 'data') }, async () => rmSync(dir, { recursive: true, force: true }));
      try {
        embeddedFirst.push((await embedded.cycle(0, '(embedded) first', false)).seconds);
        await baselineRun('emitter', farm, emitter);
        memory.embedded.push(await embedded.memory('(embedded) after the first cycle'));
      } finally {
        await embedded.close();
      }
      floor.push(await parseFloor(farm));
      console.log(`  parse floor  ${s(floor.at(-1)!)}, ${availableParallelism()} worker threads`);
    }
  } finally {
    await farm.close();
  }

  const rows: Row[] = [];
  for (const cycle of CYCLES) {
    const mine = median(ours[cycle]);
    const floorOf = cycle === 'poll_steady' ? null : median(floor);
    rows.push(
      row({ case: cycle, metric: 'seconds', value: mine, unit: 's', baseline: floorOf, target: cycle === 'poll_steady' ? '<= 2' : 'ratio <= 1.5' }),
      row({ case: cycle, metric: 'parseurl_loop_seconds', value: median(parseurl[cycle]), unit: 's', ratio: mine / median(parseurl[cycle]) }),
      row({ case: cycle, metric: 'rss_feed_emitter_seconds', value: median(emitter[cycle]), unit: 's', ratio: mine / median(emitter[cycle]) }),
    );
    if (version) {
      rows.push(row({ case: cycle, metric: 'newsboat_seconds', value: median(reader[cycle]), unit: 's', ratio: mine / median(reader[cycle]), target: cycle === 'poll_steady' ? null : 'ratio <= 1' }));
    }
  }
  rows.push(row({ case: 'parse_floor', metric: 'seconds', value: median(floor), unit: 's' }));
  const probes = firstCycles.flatMap((c) => c.commandMs);
  rows.push(
    row({ case: 'responsiveness', metric: 'loop_delay_p99_ms', value: median(firstCycles.map((c) => c.loopDelayP99Ms!)), unit: 'ms', target: '<= 50' }),
    row({ case: 'responsiveness', metric: 'command_ms', value: median(probes), unit: 'ms', target: '<= 200' }),
    row({ case: 'responsiveness', metric: 'command_p95_ms', value: percentile(probes, 95), unit: 'ms' }),
  );
  for (const [variant, target] of [['server', '<= 200'], ['embedded', '<= 250']] as const) {
    rows.push(
      row({ case: 'memory', variant, metric: 'steady_rss_mb', value: median(memory[variant].map((m) => median(m.samples))), unit: 'MB', target }),
      row({ case: 'memory', variant, metric: 'peak_rss_mb', value: median(memory[variant].map((m) => m.peakMb)), unit: 'MB' }),
    );
  }
  rows.push(row({ case: 'memory', variant: 'embedded', metric: 'first_cycle_seconds', value: median(embeddedFirst), unit: 's' }));
  console.log(`status during the first cycles: ${probes.length} answered, median ${median(probes).toFixed(0)} ms, p95 ${percentile(probes, 95).toFixed(0)} ms, max ${Math.max(...probes).toFixed(0)} ms`);
  return rows;
}
