/**
 * The deliverer's side of the outbox. A claim takes due rows with a fencing token and a lease on the database's
 * clock (so replicas with different clocks agree); the holder extends the lease while it works, and only the
 * current holder can record an outcome. A row whose lease ran out is claimed again by whoever comes next, marked
 * uncertain: its earlier attempt may have reached the platform, so the sender looks before sending again.
 *
 * Rows of one channel go out in order: a row is claimed only when no earlier row of its channel is held by
 * someone else or waiting for a retry. Claims are serialised by an advisory lock so that rule holds across
 * replicas.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DeliveryErrorCode } from '../core/ports.ts';
import type { Reply } from '../core/reply.ts';
import type { Platform } from '../core/types.ts';
import type { Db } from './connect.ts';
import { appState, deliveries, subscriptions } from './schema.ts';

export interface ClaimedDelivery {
  id: number;
  key: string;
  subscriptionId: number | null;
  platform: Platform;
  channelId: string;
  tenant: string;
  kind: string;
  payload: Reply;
  /** attempts made, this one included */
  attempts: number;
  /** the fencing token this claim holds the row with */
  token: string;
  /** an earlier attempt may have reached the platform */
  uncertain: boolean;
  /** when the first attempt began, by the database's clock */
  firstAttemptAt: Date;
  /** when it entered the outbox, by the app's clock */
  createdAt: Date;
}

/** Any constant: the same for every replica. */
const CLAIM_LOCK = 7_345_002;

interface Row {
  id: number;
  key: string;
  subscription_id: number | null;
  platform: string;
  channel_id: string;
  tenant: string;
  kind: string;
  payload: Reply | string;
  attempts: number;
  claim_token: string;
  uncertain: boolean;
  first_attempt_at: Date | string;
  created_at: Date | string;
}

const rowsOf = (result: unknown) => (result as { rows: Row[] }).rows;

export function outbox(db: Db) {
  const owned = (id: number, token: string) => and(eq(deliveries.id, id), eq(deliveries.claimToken, token), eq(deliveries.status, 'sending'));
  const release = { claimToken: null, claimedUntil: null } as const;

  return {
    /**
     * Claim up to `limit` rows for these platforms (a replica claims only what it can send) that are due at `now`
     * (the app's clock, which schedules retries) or whose lease ran out (the database's clock), holding them for
     * leaseMs. Rows come back in id order.
     */
    async claim(now: Date, worker: string, leaseMs: number, limit: number, platforms: Platform[]): Promise<ClaimedDelivery[]> {
      if (platforms.length === 0) return [];
      const token = randomUUID();
      const rows = await db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${CLAIM_LOCK})`);
        const result = await tx.execute(sql`
          update deliveries set
            status = 'sending',
            claimed_by = ${worker},
            claim_token = ${token},
            claimed_until = clock_timestamp() + ${leaseMs} * interval '1 millisecond',
            attempts = attempts + 1,
            uncertain = uncertain or status = 'sending',
            first_attempt_at = coalesce(first_attempt_at, clock_timestamp())
          where id in (
            select d.id from deliveries d
            where d.platform in (${sql.join(platforms.map((p) => sql`${p}`), sql`, `)})
              and ((d.status = 'pending' and d.next_attempt_at <= ${now.toISOString()}::timestamptz)
                or (d.status = 'sending' and d.claimed_until < clock_timestamp()))
              and not exists (
                select 1 from deliveries e
                where e.tenant = d.tenant and e.platform = d.platform and e.channel_id = d.channel_id and e.id < d.id
                  and ((e.status = 'sending' and e.claimed_until >= clock_timestamp())
                    or (e.status = 'pending' and e.next_attempt_at > ${now.toISOString()}::timestamptz)))
            order by d.id
            limit ${limit}
          )
          returning id, key, subscription_id, platform, channel_id, tenant, kind, payload, attempts, claim_token, uncertain, first_attempt_at, created_at`);
        return rowsOf(result);
      });
      return rows
        .sort((a, b) => a.id - b.id)
        .map((r) => ({
          id: r.id,
          key: r.key,
          subscriptionId: r.subscription_id,
          platform: r.platform as Platform,
          channelId: r.channel_id,
          tenant: r.tenant,
          kind: r.kind,
          payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Reply,
          attempts: r.attempts,
          token: r.claim_token,
          uncertain: r.uncertain,
          firstAttemptAt: new Date(r.first_attempt_at),
          createdAt: new Date(r.created_at),
        }));
    },

    /** Keep holding these rows for another leaseMs; returns the ids still held (another holder may have taken some). */
    async extend(ids: number[], token: string, leaseMs: number): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .update(deliveries)
        .set({ claimedUntil: sql`clock_timestamp() + ${leaseMs} * interval '1 millisecond'` })
        .where(and(inArray(deliveries.id, ids), eq(deliveries.claimToken, token), eq(deliveries.status, 'sending')))
        .returning({ id: deliveries.id });
      return rows.map((r) => r.id);
    },

    /** The platform has the message. False when the claim was lost: the row is no longer ours to record. */
    async markSent(id: number, token: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(deliveries)
        .set({ status: 'sent', sentAt: now, ...release, lastError: null, errorCode: null, uncertain: false })
        .where(owned(id, token))
        .returning({ id: deliveries.id });
      return rows.length > 0;
    },

    /**
     * Try again at `at`. `counted`: the attempt counts toward giving up (a rate limit does not). `uncertain`: the
     * attempt may have reached the platform.
     */
    async retryLater(
      id: number,
      token: string,
      at: Date,
      failure: { code: DeliveryErrorCode; reason: string; counted: boolean; uncertain: boolean },
    ): Promise<boolean> {
      const rows = await db
        .update(deliveries)
        .set({
          status: 'pending',
          nextAttemptAt: at,
          ...release,
          errorCode: failure.code,
          lastError: failure.reason,
          ...(failure.counted ? {} : { attempts: sql`${deliveries.attempts} - 1` }),
          ...(failure.uncertain ? { uncertain: true } : {}),
        })
        .where(owned(id, token))
        .returning({ id: deliveries.id });
      return rows.length > 0;
    },

    /** Put back a row that was claimed but not tried, without counting an attempt. */
    async defer(id: number, token: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(deliveries)
        .set({ status: 'pending', nextAttemptAt: at, ...release, attempts: sql`${deliveries.attempts} - 1` })
        .where(owned(id, token))
        .returning({ id: deliveries.id });
      return rows.length > 0;
    },

    async markFailed(id: number, token: string, code: DeliveryErrorCode | null, reason: string): Promise<boolean> {
      const rows = await db
        .update(deliveries)
        .set({ status: 'failed', ...release, errorCode: code, lastError: reason })
        .where(owned(id, token))
        .returning({ id: deliveries.id });
      return rows.length > 0;
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

    /** Record (reason) or clear (null) why a tenant's channels get at-least-once delivery; `status` shows it. */
    async setAtLeastOnce(tenant: string, reason: string | null, now: Date): Promise<void> {
      const key = atLeastOnceKey(tenant);
      if (reason === null) {
        await db.delete(appState).where(eq(appState.key, key));
        return;
      }
      await db
        .insert(appState)
        .values({ key, value: { reason }, updatedAt: now })
        .onConflictDoUpdate({ target: appState.key, set: { value: { reason }, updatedAt: now } });
    },
  };
}

export const atLeastOnceKey = (tenant: string) => `delivery-at-least-once:${tenant}`;

export type Outbox = ReturnType<typeof outbox>;
