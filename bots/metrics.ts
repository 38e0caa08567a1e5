/**
 * GET /metrics on prom-client: what this process did (polls, items stored, deliveries, their latency), the state of
 * the shared database (feeds, outbox depth and oldest pending row, stories, alerts), and Node's own process metrics
 * with the event-loop delay. The database gauges count whole tables, so they are read at most every 15 seconds,
 * however often the endpoint is scraped, and scrapes that arrive together share one read. Counters are per
 * process: with several replicas, sum them in the query (`sum by (outcome) (rate(...))`).
 */
import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/connect.ts';

interface Row {
  name: string;
  key: string;
  n: number;
}

/** The shared state, read in one statement; the two ages come back as timestamps (the app's clock wrote them). */
const QUERY = sql`
  select 'feeds' as name, status as key, count(*)::int as n from feeds group by status
  union all select 'deliveries', status, count(*)::int from deliveries group by status
  union all select 'stories', label, count(*)::int from stories group by label
  union all select 'items', case when relevant then 'relevant' else 'off_topic' end, count(*)::int from items group by relevant
  union all select 'alerts', state, count(*)::int from alert_state group by state
  union all select 'subscriptions', case when paused_reason is null then kind else kind || '_paused' end, count(*)::int from subscriptions group by 2
  union all select 'oldest_pending', coalesce((extract(epoch from min(created_at)) * 1000)::bigint::text, ''), 0 from deliveries where status in ('pending', 'sending')
  union all select 'last_success', coalesce((extract(epoch from max(last_success_at)) * 1000)::bigint::text, ''), 0 from feeds`;

export const METRICS_MAX_AGE_MS = 15_000;

/** What /healthz tells from the shared state: how stale the newest successful poll and the oldest pending delivery are. */
export interface Freshness {
  lastSuccessfulPollAgeSeconds: number | null;
  oldestPendingDeliveryAgeSeconds: number | null;
}

/** The database's state, read at most every maxAgeMs; a failed read is not kept, so the next asks again. */
export class SharedState {
  private rows: Promise<Row[]> | null = null;
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = METRICS_MAX_AGE_MS,
  ) {}

  read(): Promise<Row[]> {
    const now = this.now();
    if (!this.rows || now - this.readAt >= this.maxAgeMs) {
      this.readAt = now;
      const reading = this.db.execute(QUERY).then((r) => (r as unknown as { rows: Row[] }).rows);
      reading.catch(() => {
        if (this.rows === reading) this.rows = null;
      });
      this.rows = reading;
    }
    return this.rows;
  }

  /** Ages by the app's clock (`appNow`), which wrote the timestamps. */
  async freshness(appNow: number): Promise<Freshness> {
    const rows = await this.read();
    const age = (name: string) => {
      const at = rows.find((r) => r.name === name)?.key;
      return at ? Math.max(0, Math.round((appNow - Number(at)) / 1000)) : null;
    };
    return { lastSuccessfulPollAgeSeconds: age('last_success'), oldestPendingDeliveryAgeSeconds: age('oldest_pending') };
  }
}

/** One delivery outcome as the deliverer reports it. */
export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'dropped' | 'paused';

export class Metrics {
  readonly registry = new Registry();
  readonly state: SharedState;
  private uptimeSeconds = 0;
  private readonly polls: Counter<'outcome' | 'code'>;
  private readonly pollSeconds: Histogram<'outcome'>;
  private readonly itemsStored: Counter<'label'>;
  private readonly deliveries: Counter<'status' | 'platform'>;
  private readonly latency: Histogram<'platform'>;

  /** `appNow`: the app's clock, for the ages; `now`: real time, for the 15 s cache. */
  constructor(db: Db, options: { appNow?: () => number; now?: () => number; maxAgeMs?: number; processMetrics?: boolean } = {}) {
    const appNow = options.appNow ?? Date.now;
    this.state = new SharedState(db, options.now, options.maxAgeMs);
    const registers = [this.registry];
    // Node's own: CPU, memory, handles, GC, and the event-loop delay (nodejs_eventloop_lag_*_seconds).
    if (options.processMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.polls = new Counter({ name: 'talkwatch_polls_total', help: 'feed polls by outcome, and error code when one failed', labelNames: ['outcome', 'code'], registers });
    this.pollSeconds = new Histogram({
      name: 'talkwatch_poll_duration_seconds',
      help: 'how long a feed poll took, fetch to stored',
      labelNames: ['outcome'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.itemsStored = new Counter({ name: 'talkwatch_items_stored_total', help: 'items stored by this process, by label', labelNames: ['label'], registers });
    this.deliveries = new Counter({
      name: 'talkwatch_deliveries_total',
      help: 'delivery attempts by this process, by outcome (sent, retry, failed, dropped, paused) and platform',
      labelNames: ['status', 'platform'],
      registers,
    });
    this.latency = new Histogram({
      name: 'talkwatch_delivery_latency_seconds',
      help: 'from a message entering the outbox to the platform accepting it',
      labelNames: ['platform'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    });
    const state = this.state;
    const uptime = () => this.uptimeSeconds;
    const gauge = (name: string, help: string, label: string | null, fill: (rows: Row[], set: (labels: Record<string, string>, n: number) => void) => void) =>
      new Gauge({
        name,
        help,
        labelNames: label ? [label] : [],
        registers,
        async collect() {
          const rows = await state.read();
          this.reset();
          fill(rows, (labels, n) => this.set(labels, n));
        },
      });
    const byName = (name: string, label: string) => (rows: Row[], set: (labels: Record<string, string>, n: number) => void) => {
      for (const r of rows.filter((x) => x.name === name)) set({ [label]: r.key }, r.n);
    };
    gauge('talkwatch_feeds', 'feeds by status (active, failing, gone)', 'status', byName('feeds', 'status'));
    gauge('talkwatch_deliveries', 'outbox rows by status (pending, sending, sent, failed)', 'status', byName('deliveries', 'status'));
    gauge('talkwatch_stories', 'stories by label', 'label', byName('stories', 'label'));
    gauge('talkwatch_items', 'stored items, relevant to their topic or not', 'kind', byName('items', 'kind'));
    gauge('talkwatch_alerts', 'alert rules by state (inactive, firing)', 'state', byName('alerts', 'state'));
    gauge('talkwatch_alerts_firing', 'alert rules firing now', null, (rows, set) => set({}, rows.find((r) => r.name === 'alerts' && r.key === 'firing')?.n ?? 0));
    gauge('talkwatch_subscriptions', 'subscriptions by kind, paused ones apart', 'kind', byName('subscriptions', 'kind'));
    gauge('talkwatch_outbox_depth', 'outbox rows waiting to be sent (pending or sending)', null, (rows, set) =>
      set({}, rows.filter((r) => r.name === 'deliveries' && (r.key === 'pending' || r.key === 'sending')).reduce((n, r) => n + r.n, 0)),
    );
    const ageGauge = (name: string, help: string, pick: keyof Freshness) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const age = (await state.freshness(appNow()))[pick];
          this.set(age ?? 0);
        },
      });
    ageGauge('talkwatch_outbox_oldest_pending_seconds', 'age of the oldest message waiting to be sent; 0 when none waits', 'oldestPendingDeliveryAgeSeconds');
    ageGauge('talkwatch_last_successful_poll_age_seconds', 'seconds since any replica last polled a feed successfully', 'lastSuccessfulPollAgeSeconds');
    new Gauge({
      name: 'talkwatch_uptime_seconds',
      help: 'seconds since the service started',
      registers,
      collect() {
        this.set(uptime());
      },
    });
  }

  polled(report: { outcome: string; errorCode: string | null; durationMs?: number }): void {
    this.polls.inc({ outcome: report.outcome, code: report.errorCode ?? '' });
    if (report.durationMs !== undefined) this.pollSeconds.observe({ outcome: report.outcome }, report.durationMs / 1000);
  }

  stored(items: Array<{ label: string }>): void {
    for (const item of items) this.itemsStored.inc({ label: item.label });
  }

  delivered(platform: string, outcome: DeliveryOutcome, enqueuedAt?: Date, at?: Date): void {
    this.deliveries.inc({ status: outcome, platform });
    if (outcome === 'sent' && enqueuedAt && at) this.latency.observe({ platform }, Math.max(0, (at.getTime() - enqueuedAt.getTime()) / 1000));
  }

  async render(uptimeSeconds: number): Promise<string> {
    this.uptimeSeconds = uptimeSeconds;
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
