/**
 * The work a scheduler tick does, over the store port: enqueue due digests, evaluate alert rules. Each writes the
 * outbox row and the state change in one transaction, keyed so a restart or a second replica never sends twice.
 */
import { MINUTE, type Clock } from './clock.ts';
import { describeRule, evaluateAlert, formatWindow, type AlertRule, type Notification } from './alerts.ts';
import { buildDigest, gatherTopic, toStoryLine, type TopicDigest } from './digest.ts';
import type { Reply } from './reply.ts';
import { DEFAULT_TIMEZONE, localDay, nextDigestAt } from './schedule.ts';
import type { DigestCommit, SentAlert, Store, StoryView, Subscription } from './store.ts';
import type { ChannelRef } from './types.ts';
import { DAY } from './clock.ts';
import { CHART_DAYS } from './charts.ts';

/**
 * Enqueue every digest that is due. A digest missed while the service was down is sent once, not once per day.
 * Digests due together mostly share a topic, a period and an hour: each topic and period is read once, each
 * hour and timezone's next time worked out once, the alerts sent to every channel read in one query, and the
 * outbox written a batch at a time, so ten thousand channels due at 09:00 cost about what a few do.
 */
export async function runDueDigests(store: Store, clock: Clock): Promise<number> {
  const now = clock.now();
  const due = await store.dueDigests(now);
  if (due.length === 0) return 0;
  const periods = due.map((sub) => sub.lastDigestAt ?? new Date(now.getTime() - DAY));
  const earliest = new Date(Math.min(...periods.map((d) => d.getTime())));
  const channelKey = (c: ChannelRef) => `${c.tenant}\u0000${c.platform}\u0000${c.channelId}`;
  const alerts = new Map<string, SentAlert[]>();
  // the chart marks the alerts of its 14 days, which may reach further back than the period
  const chartFrom = new Date(Math.min(earliest.getTime(), now.getTime() - CHART_DAYS * DAY));
  const rules = new Map<string, AlertRule>();
  for (const s of await store.alertSubscriptions()) if (s.alertRule) rules.set(channelKey(s.channel), s.alertRule);
  for (const a of await store.alertsSentBetween(chartFrom, now)) {
    const key = channelKey(a.channel);
    alerts.set(key, [...(alerts.get(key) ?? []), a]);
  }
  const shared = new Map<string, TopicDigest>();
  const nextAt = new Map<string, Date>();
  let enqueued = 0;
  let batch: DigestCommit[] = [];
  for (const [i, sub] of due.entries()) {
    const zone = sub.timezone ?? DEFAULT_TIMEZONE;
    const scheduled = sub.nextDigestAt ?? now;
    const from = periods[i]!;
    // a tenant's channels share what they see of a topic; another tenant sees other feeds
    const topicKey = `${sub.channel.tenant}\u0000${sub.topic}\u0000${from.getTime()}`;
    let topic = shared.get(topicKey);
    if (!topic) shared.set(topicKey, (topic = await gatherTopic(store, { tenant: sub.channel.tenant }, sub.topic, from, now)));
    const chartAlerts = alerts.get(channelKey(sub.channel)) ?? [];
    const sent = chartAlerts.filter((a) => a.at > from);
    const reply = buildDigest({ ...topic, zone, alerts: sent, chartAlerts, rule: rules.get(channelKey(sub.channel)) ?? null }, sub.quietDay);
    const delivery = reply
      ? { key: `digest:${sub.id}:${localDay(scheduled, zone)}`, subscriptionId: sub.id, platform: sub.channel.platform, channelId: sub.channel.channelId, tenant: sub.channel.tenant, kind: 'digest' as const, payload: reply, at: now }
      : null;
    const time = sub.digestTime ?? '09:00';
    let next = nextAt.get(`${time} ${zone}`);
    if (!next) nextAt.set(`${time} ${zone}`, (next = nextDigestAt(time, zone, now)));
    batch.push({ subscriptionId: sub.id, delivery, periodEnd: now, nextDigestAt: next });
    if (batch.length >= DIGEST_BATCH) {
      enqueued += await store.commitDigests(batch);
      batch = [];
    }
  }
  if (batch.length) enqueued += await store.commitDigests(batch);
  return enqueued;
}

const DIGEST_BATCH = 1_000;

/** Evaluate the alert rules of every alert subscription (of one topic, after a poll; of all, on a tick). */
export async function evaluateAlerts(store: Store, clock: Clock, topic?: string): Promise<number> {
  let notified = 0;
  for (const sub of await store.alertSubscriptions(topic)) {
    const now = clock.now();
    const rule = sub.alertRule!;
    const from = new Date(now.getTime() - rule.windowMinutes * MINUTE);
    const scope = { tenant: sub.channel.tenant };
    const counts = await store.countStories(scope, sub.topic, from, now);
    const snoozedUntil = await store.snoozedUntil(sub.channel);
    const state = await store.alertState(sub.id);
    const { next, notify } = evaluateAlert({
      rule,
      counts: { stall: counts.stall, total: counts.stall + counts.progress + counts.neutral },
      state,
      now,
      repeatMinutes: sub.repeatMinutes,
      notifyResolved: sub.notifyResolved,
      snoozed: snoozedUntil !== null && snoozedUntil > now,
    });
    let delivery = null;
    if (notify) {
      const stall = await store.storiesBetween(scope, sub.topic, from, now, { label: 'stall', limit: 5 });
      const fingerprint = next.fingerprint ?? state.fingerprint ?? now.toISOString();
      const suffix = notify === 'repeat' ? `repeat:${now.toISOString()}` : notify;
      delivery = {
        key: `alert:${sub.id}:${fingerprint}:${suffix}`,
        subscriptionId: sub.id,
        platform: sub.channel.platform,
        channelId: sub.channel.channelId,
        tenant: sub.channel.tenant,
        kind: notify === 'resolved' ? ('resolved' as const) : ('alert' as const),
        payload: alertReply(sub, rule, notify, next.value ?? 0, stall),
        at: now,
      };
      notified++;
    }
    await store.saveAlertState(sub.id, next, now, delivery);
  }
  return notified;
}

export function alertReply(sub: Subscription, rule: AlertRule, notify: Notification, value: number, stall: StoryView[]): Reply {
  const window = formatWindow(rule.windowMinutes);
  const measure = rule.type === 'count' ? `${value} stall ${value === 1 ? 'story' : 'stories'}` : `stall share ${value}%`;
  if (notify === 'resolved') {
    return {
      kind: 'resolved',
      tone: 'info',
      title: `Resolved: stall news on ${sub.topic} has eased (${measure} in the last ${window})`,
      blocks: [{ type: 'context', text: `Rule: ${describeRule(rule)}.` }],
    };
  }
  return {
    kind: 'alert',
    tone: 'stall',
    title: `${notify === 'repeat' ? 'Still firing' : 'Stall alert'}: ${measure} on ${sub.topic} in the last ${window}`,
    blocks: [
      { type: 'stories', heading: 'Stall stories', stories: stall.map(toStoryLine) },
      { type: 'context', text: `Rule: ${describeRule(rule)}. Snooze with: alerts snooze 6h` },
    ],
  };
}
