/**
 * Bolt's installation store on talkwatch's database: each workspace that installs the distributed app is a tenant,
 * its installation (tokens included) sealed with TALKWATCH_SECRET_KEY before it is written.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { slackTenant } from '../../core/tenants.ts';
import type { InstallationRecords } from '../../core/ports.ts';
import { seal, unseal } from '../seal.ts';

/** The tenant an installation or a query belongs to: the org itself for an org-wide install. */
export function installationTenant(q: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean }): string {
  return q.isEnterpriseInstall ? slackTenant(null, q.enterpriseId) : slackTenant(q.teamId, q.enterpriseId);
}

export class DbInstallationStore implements InstallationStore {
  constructor(
    private readonly records: InstallationRecords,
    private readonly key: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async storeInstallation(installation: Installation): Promise<void> {
    const orgWide = Boolean(installation.isEnterpriseInstall);
    const teamId = installation.team?.id ?? null;
    const enterpriseId = installation.enterprise?.id ?? null;
    const tenant = installationTenant({ teamId: teamId ?? undefined, enterpriseId: enterpriseId ?? undefined, isEnterpriseInstall: orgWide });
    await this.records.save({ tenant, enterpriseId, teamId, orgWide, sealed: seal(JSON.stringify(installation), this.key) }, this.now());
  }

  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const tenant = installationTenant(query);
    const record = (await this.records.find(tenant)) ?? (query.enterpriseId && !query.isEnterpriseInstall ? await this.records.find(slackTenant(null, query.enterpriseId)) : null);
    if (!record) throw new Error(`talkwatch is not installed in ${tenant}`);
    return JSON.parse(unseal(record.sealed, this.key)) as Installation;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    await this.records.uninstall(installationTenant(query), this.now());
  }

  /** The bot token that sends to a tenant's channels, or null when the app is not installed there. */
  async botToken(tenant: string): Promise<string | null> {
    const record = (await this.records.find(tenant)) ?? (await this.records.find(tenant.split(':').slice(0, 2).join(':')));
    if (!record) return null;
    return (JSON.parse(unseal(record.sealed, this.key)) as Installation).bot?.token ?? null;
  }
}
