/**
 * Signed, expiring status page links. A token is `<claims>.<mac>` in base64url: the claims name whose page it is
 * (a tenant, or "*" for the operator's page of every tenant) and when it expires; the MAC is HMAC-SHA256 of the
 * claims under the dashboard key. Checking compares MACs in constant time. A missing, forged, altered or expired
 * token is simply not a page: the server answers all of them with the same 404.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DAY } from '../../core/clock.ts';
import type { Clock } from '../../core/clock.ts';

export const LINK_TTL_MS = DAY;
export const DASHBOARD_PATH = '/dashboard/';
const EVERYONE = '*';

export interface PageClaims {
  /** whose page; null: every tenant's (the operator's) */
  tenant: string | null;
  expiresAt: Date;
}

/** The 32-byte signing key from a configured secret; a different label from sealing, so the two never coincide. */
export function keyFromSecret(secret: string): Buffer {
  return createHash('sha256').update(`talkwatch-dashboard:${secret}`).digest();
}

export class DashboardLinks {
  private key: Promise<Buffer> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly loadKey: () => Promise<Buffer>,
    private readonly clock: Clock,
  ) {}

  /** A link to the page of `tenant` (null: every tenant's), valid for `ttlMs`. */
  async link(tenant: string | null, ttlMs = LINK_TTL_MS): Promise<{ url: string; expiresAt: Date }> {
    const expiresAt = new Date(Math.floor((this.clock.now().getTime() + ttlMs) / 1000) * 1000);
    const claims = Buffer.from(JSON.stringify({ t: tenant ?? EVERYONE, e: expiresAt.getTime() / 1000 })).toString('base64url');
    const mac = await this.mac(claims);
    return { url: `${this.baseUrl}${DASHBOARD_PATH}${claims}.${mac}`, expiresAt };
  }

  /** The claims of a genuine token not yet expired, or null. */
  async verify(token: string): Promise<PageClaims | null> {
    const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const [, claims, given] = match;
    const expected = Buffer.from(await this.mac(claims!), 'base64url');
    const actual = Buffer.from(given!, 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    let parsed: { t?: unknown; e?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      return null;
    }
    if (typeof parsed.t !== 'string' || typeof parsed.e !== 'number') return null;
    const expiresAt = new Date(parsed.e * 1000);
    if (expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return { tenant: parsed.t === EVERYONE ? null : parsed.t, expiresAt };
  }

  private async mac(claims: string): Promise<string> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return createHmac('sha256', await this.key).update(claims).digest('base64url');
  }
}
