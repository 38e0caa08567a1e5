/**
 * The work a scheduler tick does, over the store port: enqueue due digests, evaluate alert rules. Each writes the
 * outbox row and the state change in one transaction, keyed so a restart or a second replica never sends twice.
 */
import { MINUTE, type Clock } from './clock.ts';
import { describeRule, evaluateAlert, formatWindow, type AlertRule, type Notification } from './alerts.ts';
import { buildDigest, gatherDigest, toStoryLine } from './digest.ts';
import type { Reply } from './reply.ts';
import { DEFAULT_TIMEZONE, localDay, nextDigestAt } from './schedule.ts';
import type { Store, StoryView, Subscription } from './store.ts';
import { DAY } from './clock.ts';

/** Enqueue every digest that is due. A digest missed while the service was down is sent once, not once per day. */
export async function runDueDigests(store: Store, clock: Clock): Promise<number> {
  let enqueued = 0;
  for (const sub of await store.dueDigests(clock.now())) {
    const now = clock.now();
    const zone = sub.timezone ?? DEFAULT_TIMEZONE;
    const scheduled = sub.nextDigestAt ?? now;
    const from = sub.lastDigestAt ?? new Date(now.getTime() - DAY);
    const reply = buildDigest(await gatherDigest(store, sub, from, now), sub.quietDay);
    const delivery = reply
      ? { key: `digest:${sub.id}:${localDay(scheduled, zone)}`, subscriptionId: sub.id, platform: sub.channel.platform, channelId: sub.channel.channelId, tenant: sub.channel.tenant, kind: 'digest' as const, payload: reply, at: now }
      : null;
    if (await store.commitDigest(sub.id, delivery, now, nextDigestAt(sub.digestTime ?? '09:00', zone, now))) enqueued++;
  }
  return enqueued;
}

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
