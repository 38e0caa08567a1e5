/**
 * Polls that store items close together share clustering runs: a poll arriving while a run is under way, or soon
 * after one ended, joins the next run, which starts BATCH_GAP_MS after the last one ended; every caller's items
 * are in a run by the time its promise settles.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../bots/app.ts';
import { afterStored, BATCH_GAP_MS } from '../../bots/feed-ingest.ts';
import type { StoredItem } from '../../core/feeds.ts';
import type { Feed } from '../../core/types.ts';

const app = { log: { debug() {} } } as unknown as App;
const feed = { id: 1, title: 'Wire' } as Feed;
const stored = (id: number) => [{ id, topic: 'iran-us', title: `t${id}`, canonicalUrl: null, relevant: true, label: 'stall', score: -2, publishedAt: null, fetchedAt: new Date(), backfill: false } as unknown as StoredItem];

describe('after-store runs', () => {
  it('gathers the polls that store while a run is under way or just after it into one run, a gap after the last', async () => {
    const runs: Array<{ ids: number[]; started: number; ended: number }> = [];
    let release: () => void = () => {};
    const hook = afterStored(app, async (_app, batch) => {
      const run = { ids: Array.isArray(batch) ? batch.map((i) => i.id) : [], started: performance.now(), ended: 0 };
      runs.push(run);
      if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
      run.ended = performance.now();
    });
    const first = hook(stored(1), feed);
    // stored while the first run is under way
    const second = hook(stored(2), feed);
    release();
    await first;
    // stored after the first run ended, within the gap: joins the second, rather than starting a run of its own
    const third = hook(stored(3), feed);
    expect(third).toBe(second);
    await Promise.all([second, third]);
    expect(runs.map((r) => r.ids)).toEqual([[1], [2, 3]]);
    expect(runs[1]!.started - runs[0]!.ended).toBeGreaterThanOrEqual(BATCH_GAP_MS - 1);
  });

  it('starts at once when nothing ran within the gap', async () => {
    const runs: number[][] = [];
    const hook = afterStored(app, async (_app, batch) => void runs.push(Array.isArray(batch) ? batch.map((i) => i.id) : []));
    await hook(stored(1), feed);
    expect(runs).toEqual([[1]]);
  });
});
