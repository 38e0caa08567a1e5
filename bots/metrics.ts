/** GET /metrics: the service's state in the Prometheus text format, read from the database at each scrape. */
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

export async function renderMetrics(db: Db, uptimeSeconds: number): Promise<string> {
  const rows = ((await db.execute(QUERY)) as unknown as { rows: Row[] }).rows;
  const lines = ['# HELP talkwatch_uptime_seconds seconds since the service started', '# TYPE talkwatch_uptime_seconds gauge', `talkwatch_uptime_seconds ${uptimeSeconds}`];
  for (const [name, [label, help]] of Object.entries(HELP)) {
    lines.push(`# HELP talkwatch_${name} ${help}`, `# TYPE talkwatch_${name} gauge`);
    const mine = rows.filter((r) => r.name === name);
    if (!label) lines.push(`talkwatch_${name} ${mine[0]?.n ?? 0}`);
    for (const r of label ? mine : []) lines.push(`talkwatch_${name}{${label}="${r.key}"} ${r.n}`);
  }
  return `${lines.join('\n')}\n`;
}
