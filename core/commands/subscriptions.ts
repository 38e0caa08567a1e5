/** Commands that change what a channel receives: digests, alerts, snooze. */
import { DEFAULT_ALERT_RULE, describeRule, type AlertRule } from '../alerts.ts';
import { DAY, MINUTE } from '../clock.ts';
import { buildDigest, gatherDigest } from '../digest.ts';
import { note, type Reply } from '../reply.ts';
import { describeLocal, nextDigestAt } from '../schedule.ts';
import type { Subscription } from '../store.ts';
import type { HandlerDeps } from './deps.ts';
import type { Command, Invocation } from './grammar.ts';
import { unknownTopic } from './queries.ts';

async function digestSubscription(inv: Invocation, deps: HandlerDeps): Promise<Subscription | null> {
  const subs = await deps.store.channelSubscriptions(inv.channel);
  return subs.find((s) => s.kind === 'digest') ?? null;
}

export async function digest(action: 'preview' | 'now', inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const now = deps.clock.now();
  const sub = await digestSubscription(inv, deps);
  const target = sub ?? { topic: deps.defaultTopic, timezone: deps.digestDefaults.timezone, channel: inv.channel };
  const from = sub?.lastDigestAt ?? new Date(now.getTime() - DAY);
  const reply = buildDigest(await gatherDigest(deps.store, target, from, now), 'line')!;
  if (action === 'preview') return reply;
  // A digest to the whole channel, on demand: once per channel per limits.digestNowMinutes, however many ask.
  const turn = await deps.store.takeDigestNow(inv.channel, now, deps.limits.digestNowMinutes);
  if (!turn.ok) {
    return note('limit', 'info', `A digest was sent to this channel in the last ${deps.limits.digestNowMinutes} minutes; the next can go at ${describeLocal(turn.nextAt, 'UTC')}.`, 'digest preview shows it to you alone at any time.', true);
  }
  await deps.store.enqueue({
    key: `digest-now:${inv.channel.tenant}:${inv.channel.platform}:${inv.channel.channelId}:${now.toISOString()}`,
    subscriptionId: sub?.id ?? null,
    platform: inv.channel.platform,
    channelId: inv.channel.channelId,
    tenant: inv.channel.tenant,
    kind: 'digest',
    payload: reply,
    at: now,
  });
  deps.wake();
  return note('ok', 'info', 'The digest is on its way to this channel.', undefined, true);
}

/** A new subscription past the tenant's limit gets this sentence instead (replacing one never counts). */
async function overLimit(inv: Invocation, deps: HandlerDeps, kind: 'digest' | 'alerts', topic: string): Promise<Reply | null> {
  const existing = (await deps.store.channelSubscriptions(inv.channel)).some((s) => s.kind === kind && s.topic === topic);
  if (existing || (await deps.store.countSubscriptions(inv.channel.tenant)) < deps.limits.subscriptions) return null;
  return note('limit', 'warning', `This workspace already has ${deps.limits.subscriptions} subscriptions across its channels, the most it may have.`, 'Unsubscribe a channel first, or ask the operator to raise limits.subscriptions.', true);
}

export async function subscribeDigest(cmd: Extract<Command, { name: 'subscribe-digest' }>, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const topic = cmd.topic ?? deps.defaultTopic;
  const unknown = unknownTopic(topic, deps);
  if (unknown) return unknown;
  const limited = await overLimit(inv, deps, 'digest', topic);
  if (limited) return limited;
  const time = cmd.time ?? deps.digestDefaults.time;
  const timezone = cmd.timezone ?? deps.digestDefaults.timezone;
  const next = nextDigestAt(time, timezone, deps.clock.now());
  await deps.store.saveSubscription({
    channel: inv.channel,
    kind: 'digest',
    topic,
    digestTime: time,
    timezone,
    nextDigestAt: next,
    quietDay: cmd.quiet ?? 'line',
    alertRule: null,
    repeatMinutes: null,
    notifyResolved: true,
    createdBy: inv.user.id,
  });
  return note(
    'subscription',
    'info',
    `Daily digest on ${topic} at ${time} ${timezone}. Next: ${describeLocal(next, timezone)}.`,
    cmd.quiet === 'skip' ? 'Quiet days send nothing.' : 'Quiet days send one line.',
  );
}

async function alertSubscriptions(inv: Invocation, deps: HandlerDeps): Promise<Subscription[]> {
  return (await deps.store.channelSubscriptions(inv.channel)).filter((s) => s.kind === 'alerts');
}

function saveAlerts(inv: Invocation, deps: HandlerDeps, topic: string, rule: AlertRule, previous?: Subscription): Promise<Subscription> {
  return deps.store.saveSubscription({
    channel: inv.channel,
    kind: 'alerts',
    topic,
    digestTime: null,
    timezone: null,
    nextDigestAt: null,
    quietDay: 'line',
    alertRule: rule,
    repeatMinutes: previous?.repeatMinutes ?? null,
    notifyResolved: previous?.notifyResolved ?? true,
    createdBy: previous?.createdBy ?? inv.user.id,
  });
}

export async function subscribeAlerts(topicArg: string | undefined, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const topic = topicArg ?? deps.defaultTopic;
  const unknown = unknownTopic(topic, deps);
  if (unknown) return unknown;
  const limited = await overLimit(inv, deps, 'alerts', topic);
  if (limited) return limited;
  const previous = (await alertSubscriptions(inv, deps)).find((s) => s.topic === topic);
  const rule = previous?.alertRule ?? DEFAULT_ALERT_RULE;
  await saveAlerts(inv, deps, topic, rule, previous);
  return note('subscription', 'info', `Stall alerts on ${topic}: when there are ${describeRule(rule)}.`, 'Change it with: alerts set stall <count> <window>');
}

export async function unsubscribe(what: 'digest' | 'alerts', inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const removed = await deps.store.removeSubscriptions(inv.channel, what);
  return removed
    ? note('subscription', 'info', `This channel no longer gets the ${what === 'digest' ? 'daily digest' : 'stall alerts'}.`)
    : note('subscription', 'info', `This channel had no ${what} subscription.`, undefined, true);
}

export async function alertsSet(rule: AlertRule, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const subs = await alertSubscriptions(inv, deps);
  if (subs.length === 0) {
    const limited = await overLimit(inv, deps, 'alerts', deps.defaultTopic);
    if (limited) return limited;
    await saveAlerts(inv, deps, deps.defaultTopic, rule);
  }
  for (const sub of subs) await saveAlerts(inv, deps, sub.topic, rule, sub);
  const topics = subs.length ? subs.map((s) => s.topic).join(', ') : deps.defaultTopic;
  return note('subscription', 'info', `Alerts on ${topics} now fire at ${describeRule(rule)}.`);
}

export async function snooze(minutes: number | null, inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  if (minutes === null) {
    await deps.store.setSnooze(inv.channel, null);
    return note('subscription', 'info', 'Alerts in this channel are on again.');
  }
  const until = new Date(deps.clock.now().getTime() + minutes * MINUTE);
  await deps.store.setSnooze(inv.channel, until);
  return note('subscription', 'info', `Alerts in this channel are snoozed until ${describeLocal(until, 'UTC')}.`, 'An alert still firing then is sent then. Undo with: alerts unsnooze');
}

export async function alertsShow(inv: Invocation, deps: HandlerDeps): Promise<Reply> {
  const subs = await alertSubscriptions(inv, deps);
  if (subs.length === 0) return note('subscription', 'info', 'No alerts in this channel. Start them with: subscribe alerts');
  const now = deps.clock.now();
  const snoozed = await deps.store.snoozedUntil(inv.channel);
  const lines: string[] = [];
  for (const sub of subs) {
    const state = await deps.store.alertState(sub.id);
    lines.push(
      `${sub.topic}: ${describeRule(sub.alertRule!)}; ` +
        (state.state === 'firing' ? `FIRING since ${describeLocal(state.firedAt!, 'UTC')}` : 'not firing') +
        `; repeat ${sub.repeatMinutes ? `every ${sub.repeatMinutes} min` : 'never'}; resolved notice ${sub.notifyResolved ? 'on' : 'off'}` +
        (sub.pausedReason ? `; PAUSED: ${sub.pausedReason}` : ''),
    );
  }
  if (snoozed && snoozed > now) lines.push(`Snoozed until ${describeLocal(snoozed, 'UTC')}.`);
  return { kind: 'subscription', tone: 'info', title: 'Alerts in this channel', blocks: [{ type: 'text', text: lines.join('\n') }] };
}
