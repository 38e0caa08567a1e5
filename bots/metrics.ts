/**
 * GET /metrics: the service's state in the Prometheus text format. The database gauges count whole tables, so
 * they are read at most every 15 seconds, however often the endpoint is scraped, and scrapes that arrive
 * together share one read.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/connect.ts';

interface Row {
  name: string;
  key: string;
  n: number;
}

const QUERY = sql`
  select 'feeds' as name, status as key, count(*)::int as n from feeds group by status
  union all select 'deliveries', status, count(*)::int from deliveries group by status
  union all select 'stories', label, count(*)::int from stories group by label
  union all select 'items', case when relevant then 'relevant' else 'off_topic' end, count(*)::int from items group by relevant
  union all select 'alerts_firing', '', count(*)::int from alert_state where state = 'firing'
  union all select 'subscriptions', case when paused_reason is null then kind else kind || '_paused' end, count(*)::int from subscriptions group by 2`;

const HELP: Record<string, [string, string]> = {
  feeds: ['status', 'feeds by status (active, failing, gone)'],
  deliveries: ['status', 'outbox rows by status (pending, sending, sent, failed)'],
  stories: ['label', 'stories by label'],
  items: ['kind', 'stored items, relevant to their topic or not'],
  alerts_firing: ['', 'alert rules firing now'],
  subscriptions: ['kind', 'subscriptions by kind, paused ones apart'],
};

export const METRICS_MAX_AGE_MS = 15_000;

export class MetricsCache {
  private rows: Promise<Row[]> | null = null;
  private readAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = METRICS_MAX_AGE_MS,
  ) {}

  private gauges(): Promise<Row[]> {
    const now = this.now();
    if (!this.rows || now - this.readAt >= this.maxAgeMs) {
      this.readAt = now;
      const reading = this.db.execute(QUERY).then((r) => (r as unknown as { rows: Row[] }).rows);
      // A failed read is not kept: the next scrape tries again.
      reading.catch(() => {
        if (this.rows === reading) this.rows = null;
      });
      this.rows = reading;
    }
    return this.rows;
  }

  async render(uptimeSeconds: number): Promise<string> {
    return renderMetrics(await this.gauges(), uptimeSeconds);
  }
}

function renderMetrics(rows: Row[], uptimeSeconds: number): string {
  const lines = ['# HELP talkwatch_uptime_seconds seconds since the service started', '# TYPE talkwatch_uptime_seconds gauge', `talkwatch_uptime_seconds ${uptimeSeconds}`];
  for (const [name, [label, help]] of Object.entries(HELP)) {
    lines.push(`# HELP talkwatch_${name} ${help}`, `# TYPE talkwatch_${name} gauge`);
    const mine = rows.filter((r) => r.name === name);
    if (!label) lines.push(`talkwatch_${name} ${mine[0]?.n ?? 0}`);
    for (const r of label ? mine : []) lines.push(`talkwatch_${name}{${label}="${r.key}"} ${r.n}`);
  }
  return `${lines.join('\n')}\n`;
}
