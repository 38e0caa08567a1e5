/** Subscriptions, channel snooze, alert state and the outbox rows they produce. */
import { and, asc, count, eq, gt, inArray, isNull, like, lte, or, sql } from 'drizzle-orm';
import { INACTIVE, type AlertRule, type AlertState } from '../core/alerts.ts';
import type { DigestCommit, NewDelivery, SentAlert, Subscription, SubscriptionKind } from '../core/store.ts';
import type { ChannelRef, Platform } from '../core/types.ts';
import type { Db } from './connect.ts';
import { alertState, channels, deliveries, subscriptions } from './schema.ts';

type SubRow = typeof subscriptions.$inferSelect;

export function toSubscription(r: SubRow): Subscription {
  return {
    id: r.id,
    channel: { platform: r.platform as Platform, channelId: r.channelId, tenant: r.tenant },
    kind: r.kind as SubscriptionKind,
    topic: r.topic,
    digestTime: r.digestTime,
    timezone: r.timezone,
    nextDigestAt: r.nextDigestAt,
    lastDigestAt: r.lastDigestAt,
    quietDay: r.quietDay === 'skip' ? 'skip' : 'line',
    alertRule: r.alertRule as AlertRule | null,
    repeatMinutes: r.repeatMinutes,
    notifyResolved: r.notifyResolved,
    pausedReason: r.pausedReason,
    createdBy: r.createdBy,
  };
}

const ofChannel = (c: ChannelRef) =>
  and(eq(subscriptions.tenant, c.tenant), eq(subscriptions.platform, c.platform), eq(subscriptions.channelId, c.channelId));
const channelRow = (c: ChannelRef) => and(eq(channels.tenant, c.tenant), eq(channels.platform, c.platform), eq(channels.channelId, c.channelId));

// outbox rows per statement when many digests are committed at once
const COMMIT_CHUNK = 500;

export function deliveryRow(d: NewDelivery) {
  return { key: d.key, subscriptionId: d.subscriptionId, platform: d.platform, channelId: d.channelId, tenant: d.tenant, kind: d.kind, payload: d.payload, createdAt: d.at, nextAttemptAt: d.at };
}

export function subscriptionStore(db: Db) {
  return {
    async channelSubscriptions(channel: ChannelRef): Promise<Subscription[]> {
      const rows = await db.select().from(subscriptions).where(ofChannel(channel)).orderBy(asc(subscriptions.id));
      return rows.map(toSubscription);
    },

    async subscription(id: number): Promise<Subscription | null> {
      const [row] = await db.select().from(subscriptions).where(eq(subscriptions.id, id));
      return row ? toSubscription(row) : null;
    },

    async saveSubscription(sub: Omit<Subscription, 'id' | 'lastDigestAt' | 'pausedReason'>): Promise<Subscription> {
      const values = {
        platform: sub.channel.platform,
        channelId: sub.channel.channelId,
        tenant: sub.channel.tenant,
        kind: sub.kind,
        topic: sub.topic,
        digestTime: sub.digestTime,
        timezone: sub.timezone,
        nextDigestAt: sub.nextDigestAt,
        quietDay: sub.quietDay,
        alertRule: sub.alertRule,
        repeatMinutes: sub.repeatMinutes,
        notifyResolved: sub.notifyResolved,
        createdBy: sub.createdBy,
        pausedReason: null,
        pausedAt: null,
      };
      return db.transaction(async (tx) => {
        const [before] = await tx
          .select({ id: subscriptions.id, pausedReason: subscriptions.pausedReason })
          .from(subscriptions)
          .where(and(ofChannel(sub.channel), eq(subscriptions.kind, sub.kind), eq(subscriptions.topic, sub.topic)));
        const [row] = await tx
          .insert(subscriptions)
          .values(values)
          .onConflictDoUpdate({
            target: [subscriptions.tenant, subscriptions.platform, subscriptions.channelId, subscriptions.kind, subscriptions.topic],
            set: { ...values, createdBy: undefined },
          })
          .returning();
        // Resuming a paused channel: an alert it never received is announced afresh.
        if (before?.pausedReason) await tx.delete(alertState).where(eq(alertState.subscriptionId, before.id));
        return toSubscription(row!);
      });
    },

    async removeSubscriptions(channel: ChannelRef, kind: SubscriptionKind): Promise<number> {
      const gone = await db.delete(subscriptions).where(and(ofChannel(channel), eq(subscriptions.kind, kind))).returning({ id: subscriptions.id });
      return gone.length;
    },

    async dueDigests(now: Date): Promise<Subscription[]> {
      const rows = await db
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.kind, 'digest'), isNull(subscriptions.pausedReason), lte(subscriptions.nextDigestAt, now)))
        .orderBy(asc(subscriptions.nextDigestAt));
      return rows.map(toSubscription);
    },

    async alertSubscriptions(topic?: string): Promise<Subscription[]> {
      const rows = await db
        .select()
        .from(subscriptions)
        .where(and(eq(subscriptions.kind, 'alerts'), isNull(subscriptions.pausedReason), topic ? eq(subscriptions.topic, topic) : undefined))
        .orderBy(asc(subscriptions.id));
      return rows.map(toSubscription);
    },

    async countSubscriptions(tenant: string): Promise<number> {
      const [row] = await db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.tenant, tenant));
      return Number(row?.n ?? 0);
    },

    async snoozedUntil(channel: ChannelRef): Promise<Date | null> {
      const [row] = await db.select({ until: channels.snoozedUntil }).from(channels).where(channelRow(channel));
      return row?.until ?? null;
    },

    async setSnooze(channel: ChannelRef, until: Date | null): Promise<void> {
      await db
        .insert(channels)
        .values({ platform: channel.platform, channelId: channel.channelId, tenant: channel.tenant, snoozedUntil: until })
        .onConflictDoUpdate({ target: [channels.tenant, channels.platform, channels.channelId], set: { snoozedUntil: until } });
    },

    async takeDigestNow(channel: ChannelRef, now: Date, minMinutes: number): Promise<{ ok: true } | { ok: false; nextAt: Date }> {
      const earliest = new Date(now.getTime() - minMinutes * 60_000);
      // One statement decides: two requests at once cannot both take the turn.
      const [taken] = await db
        .insert(channels)
        .values({ platform: channel.platform, channelId: channel.channelId, tenant: channel.tenant, digestNowAt: now })
        .onConflictDoUpdate({
          target: [channels.tenant, channels.platform, channels.channelId],
          set: { digestNowAt: now },
          setWhere: or(isNull(channels.digestNowAt), lte(channels.digestNowAt, earliest)),
        })
        .returning({ at: channels.digestNowAt });
      if (taken) return { ok: true };
      const [row] = await db.select({ at: channels.digestNowAt }).from(channels).where(channelRow(channel));
      return { ok: false, nextAt: new Date((row?.at ?? now).getTime() + minMinutes * 60_000) };
    },

    async pauseTenant(tenant: string, reason: string, now: Date): Promise<number> {
      const paused = await db
        .update(subscriptions)
        .set({ pausedReason: reason, pausedAt: now })
        // an Enterprise Grid org (slack:E1) holds its teams' tenants (slack:E1:T1)
        .where(and(or(eq(subscriptions.tenant, tenant), like(subscriptions.tenant, `${tenant.replace(/[\\%_]/g, '\\$&')}:%`)), isNull(subscriptions.pausedReason)))
        .returning({ id: subscriptions.id });
      return paused.length;
    },

    async alertState(subscriptionId: number): Promise<AlertState> {
      const [row] = await db.select().from(alertState).where(eq(alertState.subscriptionId, subscriptionId));
      if (!row) return INACTIVE;
      return {
        state: row.state === 'firing' ? 'firing' : 'inactive',
        fingerprint: row.fingerprint,
        value: row.value,
        firedAt: row.firedAt,
        lastNotifiedAt: row.lastNotifiedAt,
        belowSince: row.belowSince,
      };
    },

    async saveAlertState(subscriptionId: number, state: AlertState, evaluatedAt: Date, delivery: NewDelivery | null): Promise<void> {
      await db.transaction(async (tx) => {
        const values = { ...state, evaluatedAt, resolvedAt: state.state === 'inactive' ? evaluatedAt : null };
        await tx
          .insert(alertState)
          .values({ subscriptionId, ...values })
          .onConflictDoUpdate({ target: alertState.subscriptionId, set: values });
        if (delivery) await tx.insert(deliveries).values(deliveryRow(delivery)).onConflictDoNothing();
      });
    },

    async commitDigest(subscriptionId: number, delivery: NewDelivery | null, periodEnd: Date, next: Date): Promise<boolean> {
      return db.transaction(async (tx) => {
        const inserted = delivery ? await tx.insert(deliveries).values(deliveryRow(delivery)).onConflictDoNothing().returning({ id: deliveries.id }) : [];
        await tx.update(subscriptions).set({ lastDigestAt: periodEnd, nextDigestAt: next }).where(eq(subscriptions.id, subscriptionId));
        return inserted.length > 0;
      });
    },

    async commitDigests(commits: DigestCommit[]): Promise<number> {
      let enqueued = 0;
      await db.transaction(async (tx) => {
        for (let i = 0; i < commits.length; i += COMMIT_CHUNK) {
          const chunk = commits.slice(i, i + COMMIT_CHUNK);
          const rows = chunk.flatMap((c) => (c.delivery ? [deliveryRow(c.delivery)] : []));
          if (rows.length) enqueued += (await tx.insert(deliveries).values(rows).onConflictDoNothing().returning({ id: deliveries.id })).length;
          const values = chunk.map((c) => sql`(${c.subscriptionId}::int, ${c.periodEnd.toISOString()}::timestamptz, ${c.nextDigestAt.toISOString()}::timestamptz)`);
          await tx.execute(
            sql`update subscriptions set last_digest_at = v.period_end, next_digest_at = v.next_at from (values ${sql.join(values, sql`, `)}) as v(id, period_end, next_at) where subscriptions.id = v.id`,
          );
        }
      });
      return enqueued;
    },

    async enqueue(delivery: NewDelivery): Promise<boolean> {
      const inserted = await db.insert(deliveries).values(deliveryRow(delivery)).onConflictDoNothing().returning({ id: deliveries.id });
      return inserted.length > 0;
    },

    async alertsSentBetween(from: Date, to: Date): Promise<Array<SentAlert & { channel: ChannelRef }>> {
      const rows = await db
        .select({
          tenant: deliveries.tenant,
          platform: deliveries.platform,
          channelId: deliveries.channelId,
          kind: deliveries.kind,
          at: deliveries.createdAt,
          topic: subscriptions.topic,
          rule: subscriptions.alertRule,
        })
        .from(deliveries)
        .leftJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
        .where(and(inArray(deliveries.kind, ['alert', 'resolved']), gt(deliveries.createdAt, from), lte(deliveries.createdAt, to)))
        .orderBy(asc(deliveries.createdAt));
      return rows.map((r) => ({
        channel: { platform: r.platform as Platform, channelId: r.channelId, tenant: r.tenant },
        kind: r.kind === 'resolved' ? 'resolved' : 'alert',
        at: r.at,
        topic: r.topic,
        rule: r.rule as AlertRule | null,
      }));
    },

    async alertsSent(channel: ChannelRef, from: Date, to: Date): Promise<SentAlert[]> {
      const rows = await db
        .select({ kind: deliveries.kind, at: deliveries.createdAt, topic: subscriptions.topic, rule: subscriptions.alertRule })
        .from(deliveries)
        .leftJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
        .where(
          and(
            eq(deliveries.tenant, channel.tenant),
            eq(deliveries.platform, channel.platform),
            eq(deliveries.channelId, channel.channelId),
            inArray(deliveries.kind, ['alert', 'resolved']),
            gt(deliveries.createdAt, from),
            lte(deliveries.createdAt, to),
          ),
        )
        .orderBy(asc(deliveries.createdAt));
      return rows.map((r) => ({ kind: r.kind === 'resolved' ? 'resolved' : 'alert', at: r.at, topic: r.topic, rule: r.rule as AlertRule | null }));
    },
  };
}
