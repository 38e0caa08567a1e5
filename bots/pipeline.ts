/**
 * What happens after a poll stores items, and on the scheduler's ticks: cluster new items into stories, evaluate
 * alert rules, enqueue due digests, deliver. Each step reads its work from the database, so a missed or doubled
 * tick, a restart or a second replica changes nothing.
 */
import { evaluateAlerts, runDueDigests } from '../core/jobs.ts';
import { clusterPending } from '../core/clustering.ts';
import { exclusive } from '../db/exclusive.ts';
import { storyPort } from '../db/story-store.ts';
import { createStore } from '../db/store.ts';
import type { App } from './app.ts';
import type { Tick } from './scheduler.ts';

/** Cluster pending items and evaluate the alerts of the topics that got stories (all topics when `all`). */
export async function refresh(app: App, all = false): Promise<void> {
  await exclusive(app.database.db, 'talkwatch:stories-and-alerts', async (tx) => {
    const topics = await clusterPending(storyPort(tx));
    const store = createStore(tx);
    if (all) await evaluateAlerts(store, app.clock);
    else for (const topic of topics) await evaluateAlerts(store, app.clock, topic);
  });
  app.wake();
}

export async function enqueueDueDigests(app: App): Promise<void> {
  const n = await exclusive(app.database.db, 'talkwatch:digests', (tx) => runDueDigests(createStore(tx), app.clock));
  if (n) app.wake();
}

/** Cron expressions (with seconds) for the service's ticks. */
export interface Cadence {
  poll: string;
  digests: string;
  alerts: string;
  deliver: string;
  health: string;
}

export function pipelineTicks(app: App, deliver: () => Promise<unknown>, every: Cadence): Tick[] {
  return [
    { name: 'digests', every: every.digests, run: () => enqueueDueDigests(app) },
    { name: 'alerts', every: every.alerts, run: () => refresh(app, true) },
    { name: 'deliver', every: every.deliver, run: async () => void (await deliver()) },
  ];
}
