/**
 * Signed, expiring status page links. A token is `<claims>.<mac>` in base64url: the claims say what it opens (a
 * page, or one message's chart picture), whose (a tenant, or "*" for the operator's page of every tenant) and when
 * it expires; the MAC is HMAC-SHA256 of the
 * claims under the dashboard key. Checking compares MACs in constant time. A missing, forged, altered or expired
 * token is simply not a page: the server answers all of them with the same 404.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { DAY } from '../../core/clock.ts';
import type { Clock } from '../../core/clock.ts';

export const LINK_TTL_MS = DAY;
/** a message's chart stays fetchable this long: Slack fetches it when the message is posted, and again now and then */
export const CHART_TTL_MS = 30 * DAY;
export const DASHBOARD_PATH = '/dashboard/';
const EVERYONE = '*';

export interface PageClaims {
  /** whose page; null: every tenant's (the operator's) */
  tenant: string | null;
  expiresAt: Date;
}

/** A chart link: the picture of one outbox message's chart, for its tenant. */
export interface ChartClaims {
  tenant: string;
  delivery: string;
  expiresAt: Date;
}

export const CHART_PATH = `${DASHBOARD_PATH}chart/`;

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
    const expiresAt = this.expiry(ttlMs);
    const token = await this.sign({ k: 'p', t: tenant ?? EVERYONE, e: expiresAt.getTime() / 1000 });
    return { url: `${this.baseUrl}${DASHBOARD_PATH}${token}`, expiresAt };
  }

  /** A link to the PNG of the chart that outbox message `delivery` of `tenant` carries. */
  async chartLink(tenant: string, delivery: string, ttlMs = CHART_TTL_MS): Promise<string> {
    const token = await this.sign({ k: 'c', t: tenant, d: delivery, e: this.expiry(ttlMs).getTime() / 1000 });
    return `${this.baseUrl}${CHART_PATH}${token}`;
  }

  /** The claims of a genuine page token not yet expired, or null. */
  async verify(token: string): Promise<PageClaims | null> {
    const claims = await this.open(token);
    if (!claims || claims.k !== 'p') return null;
    return { tenant: claims.t === EVERYONE ? null : claims.t, expiresAt: new Date(claims.e * 1000) };
  }

  /** The claims of a genuine chart token not yet expired, or null. */
  async verifyChart(token: string): Promise<ChartClaims | null> {
    const claims = await this.open(token);
    if (!claims || claims.k !== 'c' || typeof claims.d !== 'string' || claims.t === EVERYONE) return null;
    return { tenant: claims.t, delivery: claims.d, expiresAt: new Date(claims.e * 1000) };
  }

  private expiry(ttlMs: number): Date {
    return new Date(Math.floor((this.clock.now().getTime() + ttlMs) / 1000) * 1000);
  }

  private async sign(claims: Record<string, unknown>): Promise<string> {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${await this.mac(body)}`;
  }

  private async open(token: string): Promise<{ k: string; t: string; e: number; d?: unknown } | null> {
    const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return null;
    const [, claims, given] = match;
    const expected = Buffer.from(await this.mac(claims!), 'base64url');
    const actual = Buffer.from(given!, 'base64url');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
    let parsed: { k?: unknown; t?: unknown; e?: unknown; d?: unknown };
    try {
      parsed = JSON.parse(Buffer.from(claims!, 'base64url').toString('utf8')) as typeof parsed;
    } catch {
      return null;
    }
    if (typeof parsed.k !== 'string' || typeof parsed.t !== 'string' || typeof parsed.e !== 'number') return null;
    if (parsed.e * 1000 <= this.clock.now().getTime()) return null;
    return { k: parsed.k, t: parsed.t, e: parsed.e, d: parsed.d };
  }

  private async mac(claims: string): Promise<string> {
    this.key ??= this.loadKey().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return createHmac('sha256', await this.key).update(claims).digest('base64url');
  }
}
