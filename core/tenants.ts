/**
 * Tenants: who owns what. A tenant is a Slack workspace (with Enterprise Grid, the org and the team), a Discord
 * server, or the local console and CLI. Every channel belongs to one. A tenant sees the shared feeds and its own;
 * the operator (the CLI, the console, and the chat users the config names) manages the shared feeds.
 *
 * Tenant ids are plain strings so that every table can carry one: `slack:T123`, `slack:E1:T123` (Grid),
 * `slack:E1` (an org-wide install), `discord:<guild id>`, `console`.
 */
import type { Platform } from './types.ts';

export type TenantId = string;

/** The owner of the operator's feeds, which every tenant reads. */
export const SHARED = 'shared';
/** The local console and CLI: the operator's own tenant. It sees the shared feeds, and its feeds are shared. */
export const CONSOLE_TENANT = 'console';

export function slackTenant(teamId: string | null | undefined, enterpriseId?: string | null): TenantId {
  if (enterpriseId && teamId) return `slack:${enterpriseId}:${teamId}`;
  if (enterpriseId) return `slack:${enterpriseId}`;
  if (!teamId) throw new Error('a Slack tenant needs a team or an enterprise id');
  return `slack:${teamId}`;
}

export function discordTenant(guildId: string): TenantId {
  return platformTenant('discord', guildId);
}

/** The Slack ids a tenant id stands for (the workspace whose token sends to it). */
export function slackIds(tenant: TenantId): { enterpriseId: string | null; teamId: string | null } | null {
  const parts = tenant.split(':');
  if (parts[0] !== 'slack') return null;
  if (parts.length === 3) return { enterpriseId: parts[1]!, teamId: parts[2]! };
  if (parts.length === 2) return parts[1]!.startsWith('E') ? { enterpriseId: parts[1]!, teamId: null } : { enterpriseId: null, teamId: parts[1]! };
  return null;
}

/** A chat platform's tenant: `<platform>:<its id for the workspace or server>`, as `discord:<guild>` is. */
export function platformTenant(platform: Platform, id: string): TenantId {
  return `${platform}:${id}`;
}

export function platformOf(tenant: TenantId): Platform {
  const at = tenant.indexOf(':');
  return at > 0 ? tenant.slice(0, at) : 'console';
}

/**
 * Whose data a read covers: one tenant's view (the shared feeds and its own), or the operator's overview of
 * every feed (the CLI's `--all`, the operator's status page).
 */
export type Scope = { tenant: TenantId } | { everyone: true };

export const everyone: Scope = { everyone: true };

/** The owners whose items a scope sees, or null for every owner. */
export function visibleOwners(scope: Scope): TenantId[] | null {
  if ('everyone' in scope) return null;
  return scope.tenant === CONSOLE_TENANT ? [SHARED] : [SHARED, scope.tenant];
}

/** Who a feed added by this tenant belongs to: the console's feeds are the shared ones. */
export function ownerFor(tenant: TenantId, shared: boolean): TenantId {
  return shared || tenant === CONSOLE_TENANT ? SHARED : tenant;
}

/** Per-tenant limits, from the config file (defaults in bots/config.ts and the README). */
export interface TenantLimits {
  /** feeds a tenant may own (shared feeds count for nobody) */
  feeds: number;
  /** subscriptions across the tenant's channels */
  subscriptions: number;
  /** least minutes between two `digest now` in one channel */
  digestNowMinutes: number;
}

export const DEFAULT_LIMITS: TenantLimits = { feeds: 50, subscriptions: 100, digestNowMinutes: 10 };
