/**
 * The poll benchmark's own parts, on a farm of a few feeds: talkwatch's contender polls them all, stores every
 * item, answers `status` during the cycle and reports its memory. Nothing here is timed; it keeps the benchmark
 * runnable as the service changes (its contender runs the compiled code, which the type checker does not see).
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededDataDir } from '../support/seeded.ts';
import { startContender, type Contender } from './support/child.ts';
import type { Farm } from './support/farm.ts';
import type { CycleResult, MemoryResult } from './support/poll-types.ts';

const FEEDS = 34;
let farm: Farm;
let ours: Contender;
let dataDir: string;

beforeAll(async () => {
  // the farm's size is read when its module loads
  process.env.BENCH_FEEDS = String(FEEDS);
  const { startFarm } = await import('./support/farm.ts');
  farm = await startFarm();
  dataDir = seededDataDir();
  ours = await startContender(new URL('./support/poll-ours.mjs', import.meta.url), { TALKWATCH_DATA_DIR: dataDir });
  await ours.ask({ type: 'init', urls: farm.urls });
}, 120_000);

afterAll(async () => {
  await ours?.close();
  await farm?.close();
  if (dataDir) rmSync(path.dirname(dataDir), { recursive: true, force: true });
});

describe('the poll benchmark', () => {
  it('polls every feed of the farm, stores what is new, and answers status meanwhile', async () => {
    await farm.setGeneration(0);
    const first = await ours.ask<CycleResult>({ type: 'cycle', probe: true });
    expect(first.errors).toEqual([]);
    expect(first).toMatchObject({ polled: FEEDS, failed: 0 });
    expect(first.stored).toBeGreaterThan(1_000);
    // the farm's largest feed has more items than one poll stores: the cycle asks again until all are in
    expect(first.rounds).toBeGreaterThan(1);
    expect(first.commandMs.length).toBeGreaterThan(0);
    expect(first.loopDelayP99Ms).toBeGreaterThan(0);

    const steady = await ours.ask<CycleResult>({ type: 'cycle', probe: false });
    expect(steady).toMatchObject({ polled: FEEDS, failed: 0, stored: 0, rounds: 1 });

    await farm.setGeneration(1);
    const changed = await ours.ask<CycleResult>({ type: 'cycle', probe: false });
    expect(changed).toMatchObject({ polled: FEEDS, failed: 0, stored: FEEDS * 5 });

    const memory = await ours.ask<MemoryResult>({ type: 'memory', ms: 250 });
    expect(memory.samples.length).toBeGreaterThan(0);
    expect(memory.peakMb).toBeGreaterThanOrEqual(Math.max(...memory.samples) - 1);
  }, 240_000);
});
