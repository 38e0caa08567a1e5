/**
 * The momentum chart's data: the last 14 days of a topic as one tenant sees it. Stories first seen per day by label
 * (bars), the net momentum per day (progress minus stall, a line), the channel's stall-alert threshold, and the
 * alerts that fired (markers). Pure: bots/charts draws it (SVG, PNG), the status page makes it interactive, and
 * the alt text carries every number so a reader without the picture loses nothing.
 *
 * A "day" is a 24-hour window ending at the chart's end, as the digest's 7-day sparkline counts them, labelled by
 * the local date at its middle: a 09:00-to-09:00 digest day is named after the day it mostly covers.
 */
import { DateTime } from 'luxon';
import { describeRule, type AlertRule } from './alerts.ts';
import { DAY } from './clock.ts';
import { signed } from './format.ts';
import type { LabelCounts, SentAlert, Store } from './store.ts';
import type { Scope } from './tenants.ts';
import { LABELS, type ChannelRef } from './types.ts';

export const CHART_DAYS = 14;

const net = (c: LabelCounts) => c.progress - c.stall;

export interface ChartDay {
  /** the local date at the window's middle, e.g. 2026-04-08 */
  date: string;
  /** short label for an axis, e.g. "8 Apr" */
  label: string;
  counts: LabelCounts;
  /** progress minus stall */
  momentum: number;
  /** stall alerts that fired that day, and resolved notices */
  fired: number;
  resolved: number;
}

export interface ChartData {
  topic: string;
  zone: string;
  /** oldest first; the last ends at `end` */
  days: ChartDay[];
  end: string;
  /** the channel's count rule: its threshold, on the bars' scale (stall stories); null for share rules or none */
  threshold: { value: number; label: string } | null;
  title: string;
  /** every number in words, for screen readers and the alt text of the image */
  alt: string;
}

export interface ChartInput {
  topic: string;
  zone: string;
  end: Date;
  /** per day, oldest first */
  counts: LabelCounts[];
  alerts: Array<Pick<SentAlert, 'kind' | 'at'>>;
  rule: AlertRule | null;
}

export function buildChart(input: ChartInput): ChartData {
  const end = input.end.getTime();
  const n = input.counts.length;
  const days: ChartDay[] = input.counts.map((counts, i) => {
    const to = end - (n - 1 - i) * DAY;
    const from = to - DAY;
    const local = DateTime.fromMillis(to - DAY / 2, { zone: input.zone });
    const inDay = input.alerts.filter((a) => a.at.getTime() > from && a.at.getTime() <= to);
    return {
      date: local.toISODate()!,
      label: local.toFormat('d LLL'),
      counts: { ...counts },
      momentum: net(counts),
      fired: inDay.filter((a) => a.kind === 'alert').length,
      resolved: inDay.filter((a) => a.kind === 'resolved').length,
    };
  });
  const threshold = input.rule?.type === 'count' ? { value: input.rule.threshold, label: `alert: ${describeRule(input.rule)}` } : null;
  const first = days[0]?.label ?? '';
  const last = days.at(-1)?.label ?? '';
  const title = `${input.topic}: stories per day and momentum, ${first} to ${last}`;
  return { topic: input.topic, zone: input.zone, days, end: input.end.toISOString(), threshold, title, alt: altText(title, days, threshold) };
}

function altText(title: string, days: ChartDay[], threshold: ChartData['threshold']): string {
  const totals = Object.fromEntries(LABELS.map((l) => [l, days.reduce((s, d) => s + d.counts[l], 0)])) as unknown as LabelCounts;
  const perDay = days.map((d) => `${d.label} ${d.counts.progress}/${d.counts.stall}/${d.counts.neutral} (${signed(d.momentum)})${d.fired ? `, alert` : ''}`);
  const fired = days.filter((d) => d.fired > 0).map((d) => d.label);
  return [
    `Chart: ${title}.`,
    `Totals: ${totals.progress} progress, ${totals.stall} stall, ${totals.neutral} neutral stories; net momentum ${signed(net(totals))}.`,
    `Per day, progress/stall/neutral (momentum): ${perDay.join('; ')}.`,
    threshold ? `Alert rule: ${threshold.label.replace(/^alert: /, '')}.` : null,
    fired.length ? `Stall alerts fired on ${fired.join(', ')}.` : 'No stall alert fired.',
  ]
    .filter(Boolean)
    .join(' ');
}

/** One count per day for the 14 days ending at `end`, as the scope sees them (backfill included: it is history). */
export async function dailyCounts(store: Store, scope: Scope, topic: string, end: Date, days = CHART_DAYS): Promise<LabelCounts[]> {
  const windows = Array.from({ length: days }, (_, i) => end.getTime() - (days - 1 - i) * DAY);
  return Promise.all(windows.map((to) => store.countStories(scope, topic, new Date(to - DAY), new Date(to), { includeBackfill: true })));
}

/** The chart `status` shows a channel: its tenant's view of the topic, the channel's alert rule and alerts. */
export async function channelChart(store: Store, channel: ChannelRef, topic: string, zone: string, end: Date, rule: AlertRule | null): Promise<ChartData> {
  const [counts, alerts] = await Promise.all([dailyCounts(store, { tenant: channel.tenant }, topic, end), store.alertsSent(channel, chartStart(end), end)]);
  return buildChart({ topic, zone, end, counts, alerts, rule });
}

/** The start of the chart's first day. */
export const chartStart = (end: Date, days = CHART_DAYS) => new Date(end.getTime() - days * DAY);
