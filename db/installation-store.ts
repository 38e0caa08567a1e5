/** Slack installations (distributed apps), one row per tenant, their content sealed by the caller. */
import { eq } from 'drizzle-orm';
import type { InstallationRecord, InstallationRecords } from '../core/ports.ts';
import type { Db } from './connect.ts';
import { slackInstallations } from './schema.ts';

export function installationRecords(db: Db): InstallationRecords {
  return {
    async save(record: InstallationRecord, now: Date): Promise<void> {
      const values = { ...record, installedAt: now, uninstalledAt: null };
      await db.insert(slackInstallations).values(values).onConflictDoUpdate({ target: slackInstallations.tenant, set: values });
    },

    /** The installation of a tenant that has not uninstalled the app, or null. */
    async find(tenant: string): Promise<InstallationRecord | null> {
      const [row] = await db.select().from(slackInstallations).where(eq(slackInstallations.tenant, tenant));
      if (!row || row.uninstalledAt) return null;
      return { tenant: row.tenant, enterpriseId: row.enterpriseId, teamId: row.teamId, orgWide: row.orgWide, sealed: row.sealed };
    },

    /** Forget the tokens of an uninstalled app; the row stays, marked, as a record of the uninstall. */
    async uninstall(tenant: string, now: Date): Promise<boolean> {
      const done = await db
        .update(slackInstallations)
        .set({ uninstalledAt: now, sealed: '' })
        .where(eq(slackInstallations.tenant, tenant))
        .returning({ tenant: slackInstallations.tenant });
      return done.length > 0;
    },
  };
}
