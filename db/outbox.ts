/**
 * The deliverer's side of the outbox. Rows are claimed with a lease (FOR UPDATE SKIP LOCKED), so replicas share
 * the work and a row whose sender died is claimed again once its lease runs out.
 */
import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Reply } from '../core/reply.ts';
import type { Platform } from '../core/types.ts';
import type { Db } from './connect.ts';
import { deliveries, subscriptions } from './schema.ts';

export interface ClaimedDelivery {
  id: number;
  key: string;
  subscriptionId: number | null;
  platform: Platform;
  channelId: string;
  tenant: string;
  kind: string;
  payload: Reply;
  attempts: number;
}

export function outbox(db: Db) {
  return {
    async claim(now: Date, worker: string, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
      const due = db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(
          or(
            and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)),
            and(eq(deliveries.status, 'sending'), lt(deliveries.claimedUntil, now)),
          ),
        )
        .orderBy(asc(deliveries.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      const rows = await db
        .update(deliveries)
        .set({ status: 'sending', claimedBy: worker, claimedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${deliveries.attempts} + 1` })
        .where(inArray(deliveries.id, due))
        .returning();
      return rows
        .sort((a, b) => a.id - b.id)
        .map((r) => ({
          id: r.id,
          key: r.key,
          subscriptionId: r.subscriptionId,
          platform: r.platform as Platform,
          channelId: r.channelId,
          tenant: r.tenant,
          kind: r.kind,
          payload: r.payload as Reply,
          attempts: r.attempts,
        }));
    },

    async markSent(id: number, now: Date): Promise<void> {
      await db.update(deliveries).set({ status: 'sent', sentAt: now, claimedUntil: null, lastError: null }).where(eq(deliveries.id, id));
    },

    async retryLater(id: number, at: Date, error: string): Promise<void> {
      await db.update(deliveries).set({ status: 'pending', nextAttemptAt: at, claimedUntil: null, lastError: error }).where(eq(deliveries.id, id));
    },

    /** Put back a row that was claimed but not tried, without counting an attempt. */
    async defer(id: number, at: Date): Promise<void> {
      await db
        .update(deliveries)
        .set({ status: 'pending', nextAttemptAt: at, claimedUntil: null, attempts: sql`${deliveries.attempts} - 1` })
        .where(eq(deliveries.id, id));
    },

    async markFailed(id: number, error: string): Promise<void> {
      await db.update(deliveries).set({ status: 'failed', claimedUntil: null, lastError: error }).where(eq(deliveries.id, id));
    },

    /** The channel cannot be reached: pause every subscription of it, with the reason `status` will show. */
    async pauseChannel(platform: Platform, channelId: string, tenant: string, reason: string, now: Date): Promise<number> {
      const paused = await db
        .update(subscriptions)
        .set({ pausedReason: reason, pausedAt: now })
        .where(and(eq(subscriptions.tenant, tenant), eq(subscriptions.platform, platform), eq(subscriptions.channelId, channelId)))
        .returning({ id: subscriptions.id });
      return paused.length;
    },
  };
}

export type Outbox = ReturnType<typeof outbox>;
