/**
 * What happens after a poll stores items, and the one table of scheduled jobs: poll feeds, check the database,
 * cluster new items into stories and evaluate alert rules, enqueue due digests, deliver. Each job reads its work
 * from the database, so a missed or doubled tick, a restart or a second replica changes nothing.
 */
import { evaluateAlerts, runDueDigests } from '../core/jobs.ts';
import { clusterItems, clusterPending, type UnclusteredItem } from '../core/clustering.ts';
import { exclusive } from '../db/exclusive.ts';
import { claimPruningDay, prune } from '../db/retention.ts';
import { storyPort } from '../db/story-store.ts';
import { createStore } from '../db/store.ts';
import type { App } from './app.ts';
import type { FeedIngest } from './feed-ingest.ts';
import type { DatabaseWatch } from './health.ts';
import type { Metrics } from './metrics.ts';
import type { Tick } from './scheduler.ts';

/**
 * Cluster into stories and evaluate alerts. Given the items a poll just stored, those go straight into stories and
 * their topics' alerts are evaluated; without, whatever is still unclustered is swept up (`all`: every topic's
 * alerts are evaluated, as the minute tick does).
 */
export async function refresh(app: App, work: boolean | UnclusteredItem[] = false): Promise<void> {
  await exclusive(app.database.db, 'talkwatch:stories-and-alerts', async (tx) => {
    const port = storyPort(tx);
    const topics = Array.isArray(work) ? await clusterItems(port, work) : await clusterPending(port);
    const store = createStore(tx);
    if (work === true) await evaluateAlerts(store, app.clock);
    else for (const topic of topics) await evaluateAlerts(store, app.clock, topic);
  });
  app.wake();
}

/**
 * Once a day (by the app's clock), one replica prunes what is older than the retention period: the first to claim
 * the day does it, a batch per statement; the others skip.
 */
export async function pruneOld(app: App): Promise<void> {
  const now = app.clock.now();
  if (!(await claimPruningDay(app.database.db, now.toISOString().slice(0, 10), now))) return;
  const pruned = await prune(app.database.db, now, app.config.retentionDays);
  app.log.info({ ...pruned, retentionDays: app.config.retentionDays }, 'pruned stories and items older than the retention period; their counts are kept');
}

export async function enqueueDueDigests(app: App): Promise<void> {
  const n = await exclusive(app.database.db, 'talkwatch:digests', (tx) => runDueDigests(createStore(tx), app.clock));
  if (n) app.wake();
}

/** Cron expressions (with seconds) for the service's jobs. */
export interface Cadence {
  poll: string;
  digests: string;
  alerts: string;
  deliver: string;
  health: string;
  retention: string;
}

/** How often the jobs run: as in the README, or every 2 s under a fast test clock, whose hours pass in seconds. */
export function cadence(fastClock: boolean): Cadence {
  if (fastClock) return { poll: '*/2 * * * * *', digests: '*/2 * * * * *', alerts: '*/2 * * * * *', deliver: '*/2 * * * * *', health: '*/5 * * * * *', retention: '*/2 * * * * *' };
  // the poll every second: a feed is polled within a second of being due, and the query finds nothing most of the time
  return { poll: '* * * * * *', digests: '*/30 * * * * *', alerts: '0 * * * * *', deliver: '*/5 * * * * *', health: '*/10 * * * * *', retention: '0 17 * * * *' };
}

/** Every job the service schedules, in one table. `watch` says a database outage once, however many jobs notice. */
export function jobs(app: App, ingest: FeedIngest, deliver: () => Promise<unknown>, every: Cadence, watch: DatabaseWatch, metrics?: Pick<Metrics, 'polled'>): Tick[] {
  return [
    {
      name: 'feed-poll',
      every: every.poll,
      async run() {
        const reports = await ingest.poller.pollDue();
        if (reports.length === 0) return;
        for (const report of reports) metrics?.polled(report);
        const stored = reports.reduce((n, r) => n + r.stored, 0);
        const failed = reports.filter((r) => r.outcome === 'failed' || r.outcome === 'gone').length;
        app.log.info({ polled: reports.length, stored, failed }, 'feeds polled');
      },
    },
    {
      name: 'database-health',
      every: every.health,
      // A long query ahead of the ping on a busy machine is not an outage: the tick waits longer than /healthz does.
      run: () => watch.check(app.database, 10_000).catch(() => {}),
    },
    { name: 'digests', every: every.digests, run: () => enqueueDueDigests(app) },
    // every topic's alerts each minute (a window slides even when nothing new arrives), and any item left unclustered
    { name: 'alerts', every: every.alerts, run: () => refresh(app, true) },
    { name: 'deliver', every: every.deliver, run: async () => void (await deliver()) },
    // hourly, so a day missed while every replica was down is pruned within the hour after one starts
    { name: 'retention', every: every.retention, run: () => pruneOld(app) },
  ];
}
