/** Reads for the status page: a tenant's subscriptions across its channels, and the page links' signing key. */
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { ChartData } from '../core/charts.ts';
import type { Reply } from '../core/reply.ts';
import type { Subscription } from '../core/store.ts';
import { CONSOLE_TENANT, type Scope } from '../core/tenants.ts';
import type { Db } from './connect.ts';
import { appState, deliveries, subscriptions } from './schema.ts';
import { toSubscription } from './subscription-store.ts';

export function dashboardReads(db: Db) {
  return {
    /** Every subscription of the scope's tenant (every tenant's, for everyone), by id. */
    async tenantSubscriptions(scope: Scope): Promise<Subscription[]> {
      const rows =
        'everyone' in scope
          ? await db.select().from(subscriptions).orderBy(asc(subscriptions.id))
          : await db.select().from(subscriptions).where(eq(subscriptions.tenant, scope.tenant ?? CONSOLE_TENANT)).orderBy(asc(subscriptions.id));
      return rows.map(toSubscription);
    },
  };
}

/** The chart a tenant's outbox message carries, by the message's key: what its public chart link draws. */
export async function deliveryChart(db: Db, tenant: string, key: string): Promise<ChartData | null> {
  const [row] = await db.select({ payload: deliveries.payload }).from(deliveries).where(and(eq(deliveries.key, key), eq(deliveries.tenant, tenant)));
  return (row?.payload as Reply | undefined)?.chart ?? null;
}

const KEY = 'dashboard_signing_key';

/**
 * The key that signs status page links when no TALKWATCH_DASHBOARD_KEY or TALKWATCH_SECRET_KEY is set: made once
 * per database and kept there, so every replica and the CLI sign and check with the same one.
 */
export async function storedSigningKey(db: Db): Promise<Buffer> {
  const fresh = randomBytes(32).toString('base64url');
  await db.insert(appState).values({ key: KEY, value: { key: fresh } }).onConflictDoNothing({ target: appState.key });
  const [row] = await db.select({ value: appState.value }).from(appState).where(eq(appState.key, KEY));
  return Buffer.from((row!.value as { key: string }).key, 'base64url');
}
