/** Read-only commands: status, latest, explain, rules test. */
import { DAY } from '../clock.ts';
import { net, toStoryLine } from '../digest.ts';
import { signed } from '../format.ts';
import { note, type Block, type Reply } from '../reply.ts';
import type { FeedHealth, LabelCounts } from '../store.ts';
import { describe, describeRelevance, ruleLine } from '../rules/describe.ts';
import { SHARED } from '../tenants.ts';
import type { Classification, FiredRule, Label } from '../types.ts';
import type { HandlerDeps } from './deps.ts';
import type { Invocation } from './grammar.ts';
import type { Scope } from '../tenants.ts';
import { describeRule } from '../alerts.ts';
import { describeLocal } from '../schedule.ts';
import { deliveryLines } from '../delivery-status.ts';
import { channelChart } from '../charts.ts';

const countsText = (c: LabelCounts) => `${c.progress} progress, ${c.stall} stall, ${c.neutral} neutral`;

/** The scope a command sees: the shared feeds and the caller's tenant's own. */
export const scopeOf = (inv: Invocation): Scope => ({ tenant: inv.channel.tenant });

/** The topic a channel follows: its digest's, else its alerts', else the configured one. */
export async function channelTopic(inv: Invocation, deps: HandlerDeps): Promise<string> {
  const subs = await deps.store.channelSubscriptions(inv.channel);
  return (subs.find((s) => s.kind === 'digest') ?? subs[0])?.topic ?? deps.defaultTopic;
}

export function unknownTopic(topic: string, deps: HandlerDeps): Reply | null {
  if (deps.topics.includes(topic)) return null;
  return note('usage', 'warning', `Unknown topic "${topic}". Known topics: ${deps.topics.join(', ')}.`, undefined, true);
}

export async function status(topicArg: string | undefined, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const topic = topicArg ?? (await channelTopic(inv, deps));
  const unknown = unknownTopic(topic, deps);
  if (unknown) return unknown;
  const { store, clock } = deps;
  const now = clock.now();
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  // Status is history: a new feed's backfill counts here, though it never alerts or shows as new in a digest.
  const history = { includeBackfill: true };
  const scope = scopeOf(inv);
  const [day, dayBefore, week, feeds, subs, snoozed, delivery] = await Promise.all([
    store.countStories(scope, topic, ago(1), now, history),
    store.countStories(scope, topic, ago(2), ago(1), history),
    store.countStories(scope, topic, ago(7), now, history),
    store.feedHealth(scope),
    store.channelSubscriptions(inv.channel),
    store.snoozedUntil(inv.channel),
    store.deliveryHealth(inv.channel, ago(7)),
  ]);
  const trend = net(day) - net(dayBefore);
  const blocks: Block[] = [
    {
      type: 'fields',
      fields: [
        { name: 'last 24 h', value: countsText(day) },
        { name: 'last 7 d', value: countsText(week) },
        { name: 'momentum (24 h)', value: `${signed(net(day))}, ${trend > 0 ? 'improving' : trend < 0 ? 'worsening' : 'flat'} (${signed(trend)} on the day before)` },
      ],
    },
  ];
  const alertLines: string[] = [];
  for (const sub of subs.filter((s) => s.kind === 'alerts')) {
    const state = await store.alertState(sub.id);
    alertLines.push(
      state.state === 'firing'
        ? `FIRING since ${describeLocal(state.firedAt!, 'UTC')} on ${sub.topic} (${describeRule(sub.alertRule!)}; now ${state.value})`
        : `quiet on ${sub.topic} (${describeRule(sub.alertRule!)})`,
    );
  }
  if (snoozed && snoozed > now) alertLines.push(`snoozed until ${describeLocal(snoozed, 'UTC')}`);
  blocks.push({ type: 'text', text: `Alerts: ${alertLines.length ? alertLines.join('; ') : 'none in this channel (subscribe alerts)'}` });
  for (const sub of subs.filter((s) => s.pausedReason)) {
    blocks.push({ type: 'text', text: `Paused ${sub.kind} on ${sub.topic}: ${sub.pausedReason}. Subscribe again once fixed.` });
  }
  for (const line of deliveryLines(delivery)) blocks.push({ type: 'text', text: line });
  blocks.push({ type: 'context', text: feedHealth(feeds) });
  const rule = subs.find((s) => s.kind === 'alerts' && s.topic === topic)?.alertRule ?? null;
  const chart = await channelChart(store, inv.channel, topic, 'UTC', now, rule);
  return { kind: 'status', tone: net(day) > 0 ? 'progress' : net(day) < 0 ? 'stall' : 'neutral', title: `${topic}: ${countsText(day)} in the last 24 h`, blocks, chart };
}

/** Feeds: healthy, retrying after an error, failing (10 errors in a row), gone; the worst ones named. */
function feedHealth(h: FeedHealth): string {
  if (h.healthy + h.retrying + h.failing + h.gone === 0) return 'Feeds: none yet (an admin can add one with feeds add <url>)';
  return (
    `Feeds: ${h.healthy} healthy, ${h.retrying} retrying, ${h.failing} failing, ${h.gone} gone; ` +
    (h.lastSuccessAt ? `last successful poll ${describeLocal(h.lastSuccessAt, 'UTC')}` : 'no successful poll yet') +
    (h.troubled.length ? `. ${h.troubled.map((f) => `#${f.id} ${f.lastError}`).join('; ')}${h.troubledCount > 3 ? `; and ${h.troubledCount - 3} more` : ''}` : '')
  );
}

export async function latest(label: Label | undefined, count: number, topicArg: string | undefined, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const topic = topicArg ?? (await channelTopic(inv, deps));
  const unknown = unknownTopic(topic, deps);
  if (unknown) return unknown;
  const stories = await deps.store.latestStories(scopeOf(inv), topic, count, label);
  const what = label ? `${label} stories` : 'stories';
  if (stories.length === 0) return note('latest', 'info', `No ${what} on ${topic} yet.`);
  return {
    kind: 'latest',
    tone: label ?? 'info',
    title: `Latest ${stories.length} ${what} on ${topic}`,
    blocks: [{ type: 'stories', stories: stories.map(toStoryLine) }, { type: 'context', text: 'Ask why with: explain <url>' }],
  };
}

/** The rules stored with an item, one line each, as `rules test` shows them. */
export function ruleLines(rules: FiredRule[]): string {
  return rules.length ? rules.map(ruleLine).join('\n') : 'no rule fired';
}

function verdict(c: Classification, topic: string): string {
  return `${c.label} (score ${signed(Math.round(c.score * 100) / 100)}); ${c.relevant ? `relevant to ${topic}` : `not about ${topic}`}`;
}

export async function explain(target: string, topicArg: string | undefined, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const topic = topicArg ?? (await channelTopic(inv, deps));
  // Another tenant's item answers exactly like one that does not exist.
  const item = await deps.store.findItem(scopeOf(inv), target.replace(/^<([^|>]+)(\|[^>]*)?>$/, '$1').replace(/^#/, ''), topic);
  if (!item) return note('usage', 'warning', `No stored item matches "${target.slice(0, 200)}". Give an item id or its link, e.g. from latest.`, undefined, true);
  return {
    kind: 'explain',
    tone: item.label,
    title: `${item.title}: ${verdict(item, item.topic)}`,
    blocks: [
      { type: 'text', text: `${describeRelevance(item.topic, item.relevant, item.relevance)}\n${ruleLines(item.rules)}` },
      { type: 'context', text: [item.source, item.url, `item ${item.id}`, item.storyId ? `story ${item.storyId}` : null, item.backfill ? 'backfill' : null].filter(Boolean).join(' | ') },
    ],
  };
}

export async function rulesTest(text: string, topicArg: string | undefined, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const topic = topicArg ?? (await channelTopic(inv, deps));
  const unknown = unknownTopic(topic, deps);
  if (unknown) return unknown;
  const explanation = deps.classifier.explain({ title: text, summary: '' }, topic);
  const [verdictLine, relevanceLine, ...rules] = describe(explanation);
  return {
    kind: 'rules',
    tone: explanation.label,
    title: `${verdictLine}; ${relevanceLine}`,
    blocks: [{ type: 'text', text: rules.join('\n') }, { type: 'context', text: `Text: ${text}` }],
  };
}

/** What a tenant's feeds are called: its workspace's or its server's. */
export const tenantWord = (inv: Invocation) => (inv.channel.platform === 'discord' ? 'server' : 'workspace');

/** The topics a channel can follow: what each is about, the feeds this tenant sees for it, and what the channel gets. */
export async function topics(inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const [feeds, subs] = await Promise.all([deps.store.listFeeds(scopeOf(inv)), deps.store.channelSubscriptions(inv.channel)]);
  const fields = deps.topics.map((name) => {
    const watched = feeds.filter((f) => f.topic === name);
    const own = watched.filter((f) => f.owner !== SHARED).length;
    const gets = subs.filter((s) => s.topic === name).map((s) => s.kind);
    const about = deps.classifier.topic(name)?.description;
    return {
      name: name === deps.defaultTopic ? `${name} (default)` : name,
      value: [
        about ? `${about[0]!.toUpperCase()}${about.slice(1)}.` : null,
        `${watched.length} ${watched.length === 1 ? 'feed' : 'feeds'}: ${watched.length - own} shared, ${own} of this ${tenantWord(inv)}'s own.`,
        gets.length ? `This channel gets its ${gets.join(' and ')}.` : null,
      ].filter(Boolean).join(' '),
    };
  });
  return {
    kind: 'help',
    tone: 'info',
    title: `${deps.topics.length} ${deps.topics.length === 1 ? 'topic' : 'topics'} this channel can follow`,
    blocks: [{ type: 'fields', fields }, { type: 'context', text: 'Follow one with: subscribe digest [HH:MM] [timezone] <topic>, or subscribe alerts <topic>' }],
  };
}
