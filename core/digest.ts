/**
 * The daily digest: what happened since the channel's last digest. Stories per label with the change from the
 * window before, a momentum line (net score: progress stories minus stall stories) with a 7-day sparkline, the top
 * stories per label, and the alerts that fired. A quiet day is one line, or no message, per subscription.
 */
import { DAY } from './clock.ts';
import type { Block, Reply, StoryLine } from './reply.ts';
import { signed } from './format.ts';
import { describeLocal } from './schedule.ts';
import type { LabelCounts, SentAlert, Store, StoryView, Subscription } from './store.ts';
import { describeRule, type AlertRule } from './alerts.ts';
import { buildChart, CHART_DAYS } from './charts.ts';
import { LABELS, type Label } from './types.ts';
import type { Scope } from './tenants.ts';

export const TOP_PER_LABEL = 3;
const SPARK = '▁▂▃▄▅▆▇█';

export interface DigestData {
  topic: string;
  zone: string;
  from: Date;
  to: Date;
  counts: LabelCounts;
  previous: LabelCounts;
  top: Record<Label, StoryView[]>;
  /** net score per day, oldest first, the last entry ending at `to` */
  daily: number[];
  /** stories per label per day for the chart (CHART_DAYS), oldest first, the last ending at `to` */
  history: LabelCounts[];
  alerts: SentAlert[];
  /** for the chart: the alerts sent to the channel over its days, and the channel's alert rule */
  chartAlerts?: SentAlert[];
  rule?: AlertRule | null;
}

export function sparkline(values: number[]): string {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => SPARK[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARK.length - 1))]).join('');
}

/** Momentum: progress stories minus stall stories. */
export const net = (c: LabelCounts) => c.progress - c.stall;
const total = (c: LabelCounts) => c.progress + c.stall + c.neutral;

export function toStoryLine(s: StoryView): StoryLine {
  return { label: s.label, title: s.title, url: s.url, source: s.source, itemCount: s.itemCount, ref: String(s.firstItemId) };
}

/** The digest reply, or null for a quiet day when the subscription wants no message then. */
export function buildDigest(d: DigestData, quietDay: 'line' | 'skip'): Reply | null {
  const since = describeLocal(d.from, d.zone);
  if (total(d.counts) === 0 && d.alerts.length === 0) {
    if (quietDay === 'skip') return null;
    return { kind: 'digest', tone: 'neutral', title: `Quiet day on ${d.topic}: no new stories since ${since}.`, blocks: [] };
  }
  const momentum = net(d.counts);
  const tone: Label = momentum > 0 ? 'progress' : momentum < 0 ? 'stall' : 'neutral';
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: LABELS.map((label) => ({
        name: label,
        value: `${d.counts[label]} (${signed(d.counts[label] - d.previous[label])})`,
      })),
    },
    {
      type: 'text',
      text: `Momentum ${signed(momentum)} (was ${signed(net(d.previous))}); 7-day net ${sparkline(d.daily)} (${d.daily.map(signed).join(' ')})`,
    },
  ];
  for (const label of LABELS) {
    const stories = d.top[label];
    if (stories.length === 0) continue;
    const more = d.counts[label] - stories.length;
    blocks.push({ type: 'stories', heading: `Top ${label}`, stories: stories.map(toStoryLine), ...(more > 0 ? { more } : {}) });
  }
  if (d.alerts.length) {
    blocks.push({ type: 'context', text: `Alerts: ${d.alerts.map((a) => alertLine(a, d.zone)).join('; ')}` });
  }
  blocks.push({ type: 'context', text: `Stories first seen since ${since}; in brackets, the change from the window before. Ask why with: explain <id>` });
  const chart = d.history.length
    ? buildChart({ topic: d.topic, zone: d.zone, end: d.to, counts: d.history, alerts: d.chartAlerts ?? d.alerts, rule: d.rule ?? null })
    : undefined;
  return {
    kind: 'digest',
    tone,
    title: `${d.topic} digest: ${d.counts.progress} progress, ${d.counts.stall} stall, ${d.counts.neutral} neutral`,
    blocks,
    ...(chart ? { chart } : {}),
  };
}

/** "Stall alert on iran-us (3 or more stall stories within 6 h) at Wed 8 Apr 14:00 Asia/Karachi (09:00 UTC)" */
function alertLine(a: SentAlert, zone: string): string {
  const what = `${a.kind === 'resolved' ? 'Resolved' : 'Stall alert'}${a.topic ? ` on ${a.topic}` : ''}${a.rule ? ` (${describeRule(a.rule)})` : ''}`;
  return `${what} at ${describeLocal(a.at, zone)}`;
}

/** What every channel of one tenant shares in its digest of a topic for the window (from, to]: all of it but the alerts. */
export type TopicDigest = Omit<DigestData, 'zone' | 'alerts' | 'chartAlerts' | 'rule'>;

/** A tenant's view of a topic for a window: the shared feeds and its own, nothing of another tenant's. */
export async function gatherTopic(store: Store, scope: Scope, topic: string, from: Date, to: Date): Promise<TopicDigest> {
  const length = Math.max(to.getTime() - from.getTime(), 60_000);
  const [counts, previous] = await Promise.all([store.countStories(scope, topic, from, to), store.countStories(scope, topic, new Date(from.getTime() - length), from)]);
  const top = {} as Record<Label, StoryView[]>;
  for (const label of LABELS) top[label] = await store.storiesBetween(scope, topic, from, to, { label, limit: TOP_PER_LABEL });
  // one count per day serves both the 7-day sparkline and the 14-day chart
  const history: LabelCounts[] = [];
  for (let day = CHART_DAYS - 1; day >= 0; day--) {
    const end = new Date(to.getTime() - day * DAY);
    history.push(await store.countStories(scope, topic, new Date(end.getTime() - DAY), end));
  }
  const daily = history.slice(-7).map(net);
  return { topic, from, to, counts, previous, top, daily, history };
}

/** Gather what a digest for this subscription would say for the window (from, to]. */
export async function gatherDigest(store: Store, sub: Pick<Subscription, 'topic' | 'timezone' | 'channel'>, from: Date, to: Date): Promise<DigestData> {
  const scope = { tenant: sub.channel.tenant };
  const [shared, chartAlerts, subs] = await Promise.all([
    gatherTopic(store, scope, sub.topic, from, to),
    store.alertsSent(sub.channel, new Date(Math.min(from.getTime(), to.getTime() - CHART_DAYS * DAY)), to),
    store.channelSubscriptions(sub.channel),
  ]);
  const alerts = chartAlerts.filter((a) => a.at > from);
  return { ...shared, zone: sub.timezone ?? 'UTC', alerts, chartAlerts, rule: subs.find((s) => s.kind === 'alerts')?.alertRule ?? null };
}
