/**
 * Polling 1,000 real-world feeds (about 100 MB of XML on 50 loopback hosts, see support/farm.ts) on a PostgreSQL
 * server, three cycles a run: everything new (`poll_first`), nothing changed so 95% answer 304 (`poll_steady`),
 * and 5 new items in every feed (`poll_changed`). `parse_floor` parses the same bytes in worker threads (one per
 * core) with nothing else: no fetching, no database. The baselines run the same cycles on the same farm in the
 * same run, taking turns with talkwatch: rss-parser's parseURL in a loop, rss-feed-emitter, and newsboat.
 * During talkwatch's first cycle, `responsiveness` watches its event loop and times `status` commands.
 */
import { availableParallelism } from 'node:os';
import { createParser } from '../../feeds/parser.ts';
import { startContender } from './support/child.ts';
import { startFarm, type Farm } from './support/farm.ts';
import { newsboat, newsboatVersion } from './support/newsboat.ts';
import type { CycleResult } from './support/poll-ours.ts';
import { median, percentile, row, type Row } from './support/report.ts';
import { createScratchDatabase } from '../support/scratch-db.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CYCLES = ['poll_first', 'poll_steady', 'poll_changed'] as const;
type Cycle = (typeof CYCLES)[number];
const GENERATION: Record<Cycle, number> = { poll_first: 0, poll_steady: 0, poll_changed: 1 };

type Series = Record<Cycle, number[]>;
const series = (): Series => ({ poll_first: [], poll_steady: [], poll_changed: [] });
const s = (n: number) => `${n.toFixed(2)} s`;

async function oursRun(farm: Farm, times: Series, first: CycleResult[]): Promise<void> {
  const scratch = await createScratchDatabase();
  const ours = await startContender(new URL('./support/poll-ours.ts', import.meta.url), { DATABASE_URL: scratch.url });
  try {
    await ours.ask({ type: 'init', urls: farm.urls });
    for (const cycle of CYCLES) {
      await farm.setGeneration(GENERATION[cycle]);
      await farm.stats(true);
      const result = await ours.ask<CycleResult>({ type: 'cycle', probe: cycle === 'poll_first' });
      const served = await farm.stats();
      if (result.failed) throw new Error(`talkwatch: ${result.failed} feeds failed in ${cycle}: ${result.errors.join('; ')}`);
      times[cycle].push(result.seconds);
      if (cycle === 'poll_first') first.push(result);
      console.log(
        `  talkwatch ${cycle.padEnd(12)} ${s(result.seconds)}: ${result.polled} feeds, ${result.stored} items stored, ` +
          `${served.notModified} answered 304, ${(served.bytes / 1e6).toFixed(1)} MB served; RSS ${result.rssMb.toFixed(0)} MB`,
      );
    }
  } finally {
    await ours.close();
    await scratch.drop();
  }
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

/** Every feed's bytes of one generation, parsed by a pool of one worker per core, all submitted at once. */
async function parseFloor(farm: Farm, generation: number): Promise<number> {
  await farm.setGeneration(generation);
  const bodies = await Promise.all(farm.urls.map(async (url) => {
    const res = await fetch(url);
    return { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type'), url };
  }));
  const parser = createParser({ threads: availableParallelism() });
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
  const floor: Record<'first' | 'changed', number[]> = { first: [], changed: [] };
  try {
    for (let run = 0; run < RUNS; run++) {
      console.log(`run ${run + 1} of ${RUNS}`);
      await oursRun(farm, ours, firstCycles);
      await baselineRun('parseurl', farm, parseurl);
      await baselineRun('emitter', farm, emitter);
      if (version) await newsboatRun(farm, reader);
      floor.first.push(await parseFloor(farm, 0));
      floor.changed.push(await parseFloor(farm, 1));
      console.log(`  parse floor  ${s(floor.first.at(-1)!)} (first), ${s(floor.changed.at(-1)!)} (changed), ${availableParallelism()} worker threads`);
    }
  } finally {
    await farm.close();
  }

  const rows: Row[] = [];
  for (const cycle of CYCLES) {
    const mine = median(ours[cycle]);
    const floorOf = cycle === 'poll_first' ? median(floor.first) : cycle === 'poll_changed' ? median(floor.changed) : null;
    rows.push(
      row({ case: cycle, metric: 'seconds', value: mine, unit: 's', baseline: floorOf, target: cycle === 'poll_steady' ? '<= 2' : 'ratio <= 1.5' }),
      row({ case: cycle, metric: 'parseurl_loop_seconds', value: median(parseurl[cycle]), unit: 's', ratio: mine / median(parseurl[cycle]) }),
      row({ case: cycle, metric: 'rss_feed_emitter_seconds', value: median(emitter[cycle]), unit: 's', ratio: mine / median(emitter[cycle]) }),
    );
    if (version) {
      rows.push(row({ case: cycle, metric: 'newsboat_seconds', value: median(reader[cycle]), unit: 's', ratio: mine / median(reader[cycle]), target: cycle === 'poll_steady' ? null : 'ratio <= 1' }));
    }
  }
  rows.push(
    row({ case: 'parse_floor', variant: 'first', metric: 'seconds', value: median(floor.first), unit: 's' }),
    row({ case: 'parse_floor', variant: 'changed', metric: 'seconds', value: median(floor.changed), unit: 's' }),
  );
  const probes = firstCycles.flatMap((c) => c.commandMs);
  rows.push(
    row({ case: 'responsiveness', metric: 'loop_delay_p99_ms', value: median(firstCycles.map((c) => c.loopDelayP99Ms!)), unit: 'ms', target: '<= 50' }),
    row({ case: 'responsiveness', metric: 'command_ms', value: median(probes), unit: 'ms', target: '<= 200' }),
    row({ case: 'responsiveness', metric: 'command_p95_ms', value: percentile(probes, 95), unit: 'ms' }),
  );
  console.log(`status during the first cycles: ${probes.length} answered, median ${median(probes).toFixed(0)} ms, p95 ${percentile(probes, 95).toFixed(0)} ms, max ${Math.max(...probes).toFixed(0)} ms`);
  return rows;
}
