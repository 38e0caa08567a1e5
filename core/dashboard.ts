/**
 * What the status page shows a scope (one tenant, or the operator's everyone): the momentum chart with each day's
 * stories, the latest stories per label with the rules that labelled them, the feeds' health, the alerts firing
 * and sent, and the subscriptions. Every read goes through the scope, so a tenant's page holds nothing of another
 * tenant's feeds, channels or alerts.
 */
import type { AlertState } from './alerts.ts';
import { buildChart, chartStart, dailyCounts, type ChartData } from './charts.ts';
import { DAY } from './clock.ts';
import { ruleLine } from './rules/describe.ts';
import type { FeedView, SentAlert, Store, StoryView, Subscription } from './store.ts';
import type { Scope } from './tenants.ts';
import { LABELS, type ChannelRef, type Label } from './types.ts';

export const PAGE_LATEST = 5;
/** how many stories each day's tooltip lists */
export const DAY_STORIES = 5;
/** how far back the alert history goes */
export const HISTORY_DAYS = 14;

export interface PageStory {
  title: string;
  url: string | null;
  source: string | null;
  label: Label;
  itemCount: number;
  firstSeenAt: Date;
  /** the rules that labelled its first article, one line each ("why") */
  why: string[];
}

export interface DashboardData {
  /** whose page: a tenant id, or null for the operator's page of every tenant */
  tenant: string | null;
  now: Date;
  topic: string;
  topics: string[];
  chart: ChartData;
  /** per chart day, its most covered stories */
  dayStories: Array<Array<Pick<PageStory, 'title' | 'label' | 'source'>>>;
  latest: Record<Label, PageStory[]>;
  feeds: FeedView[];
  subscriptions: Array<Subscription & { alert: AlertState | null }>;
  alertHistory: Array<SentAlert & { channel: ChannelRef }>;
}

export interface DashboardRequest {
  scope: Scope;
  topic: string;
  topics: string[];
  now: Date;
  zone?: string;
}

export async function gatherDashboard(store: Store, req: DashboardRequest): Promise<DashboardData> {
  const { scope, topic, now } = req;
  const start = chartStart(now);
  const tenant = 'everyone' in scope ? null : scope.tenant;
  const mine = (c: ChannelRef) => tenant === null || c.tenant === tenant;
  const [counts, feeds, subs, sent, stories] = await Promise.all([
    dailyCounts(store, scope, topic, now),
    store.listFeeds(scope),
    store.tenantSubscriptions(scope),
    store.alertsSentBetween(new Date(now.getTime() - HISTORY_DAYS * DAY), now),
    store.storiesBetween(scope, topic, start, now, { limit: 500 }),
  ]);
  const alertHistory = sent.filter((a) => mine(a.channel)).reverse();
  const rule = subs.find((s) => s.kind === 'alerts' && s.topic === topic)?.alertRule ?? null;
  const chart = buildChart({ topic, zone: req.zone ?? 'UTC', end: now, counts, alerts: alertHistory.filter((a) => a.topic === topic || a.topic === null), rule });

  const dayStories = chart.days.map((_, i) => {
    const to = now.getTime() - (chart.days.length - 1 - i) * DAY;
    return stories
      .filter((s) => s.firstSeenAt.getTime() > to - DAY && s.firstSeenAt.getTime() <= to)
      .slice(0, DAY_STORIES)
      .map((s) => ({ title: s.title, label: s.label, source: s.source }));
  });

  const latest = {} as Record<Label, PageStory[]>;
  for (const label of LABELS) {
    const views = await store.latestStories(scope, topic, PAGE_LATEST, label);
    latest[label] = await Promise.all(views.map((v) => withWhy(store, scope, v)));
  }
  const withState = await Promise.all(subs.map(async (s) => ({ ...s, alert: s.kind === 'alerts' ? await store.alertState(s.id) : null })));
  return { tenant, now, topic, topics: req.topics, chart, dayStories, latest, feeds, subscriptions: withState, alertHistory };
}

async function withWhy(store: Store, scope: Scope, s: StoryView): Promise<PageStory> {
  const item = await store.findItem(scope, String(s.firstItemId), s.topic);
  return { title: s.title, url: s.url, source: s.source, label: s.label, itemCount: s.itemCount, firstSeenAt: s.firstSeenAt, why: item ? item.rules.map(ruleLine) : [] };
}
