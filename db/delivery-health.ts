/** The outbox as `status` reads it: per channel, what waits, what failed last, what was dropped. */
import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DeliveryHealth } from '../core/store.ts';
import type { ChannelRef } from '../core/types.ts';
import type { Db } from './connect.ts';
import { atLeastOnceKey } from './outbox.ts';
import { appState, deliveries } from './schema.ts';

export function deliveryHealthReads(db: Db) {
  return {
    async deliveryHealth(channel: ChannelRef, since: Date): Promise<DeliveryHealth> {
      const ofChannel = and(eq(deliveries.tenant, channel.tenant), eq(deliveries.platform, channel.platform), eq(deliveries.channelId, channel.channelId));
      const [[waiting], [failing], dropped, [notice]] = await Promise.all([
        db.select({ n: sql<number>`count(*)::int` }).from(deliveries).where(and(ofChannel, inArray(deliveries.status, ['pending', 'sending']))),
        db
          .select({ code: deliveries.errorCode, reason: deliveries.lastError, next: deliveries.nextAttemptAt })
          .from(deliveries)
          .where(and(ofChannel, inArray(deliveries.status, ['pending', 'sending']), sql`${deliveries.lastError} is not null`))
          .orderBy(desc(deliveries.nextAttemptAt))
          .limit(1),
        db
          .select({ reason: deliveries.lastError, at: deliveries.createdAt })
          .from(deliveries)
          .where(and(ofChannel, eq(deliveries.status, 'failed'), gt(deliveries.createdAt, since), sql`${deliveries.errorCode} in ('bad_request', 'transient')`))
          .orderBy(desc(deliveries.createdAt))
          .limit(20),
        db.select({ value: appState.value }).from(appState).where(eq(appState.key, atLeastOnceKey(channel.tenant))),
      ]);
      return {
        waiting: Number(waiting?.n ?? 0),
        lastFailure: failing ? { code: failing.code ?? 'transient', reason: failing.reason!, nextAttemptAt: failing.next } : null,
        dropped: dropped.map((d) => ({ reason: d.reason ?? 'unknown', at: d.at })),
        atLeastOnce: (notice?.value as { reason?: string } | undefined)?.reason ?? null,
      };
    },
  };
}
