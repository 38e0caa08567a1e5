/**
 * When to poll a feed next. Pure: every function takes `now`.
 *
 * After a success: the feed's interval (10 min unless set per feed, never under 1 min), lengthened by what the
 * server asks for (Cache-Control max-age, Expires, RSS <ttl>) up to 6 h; a server hint never makes us poll more
 * often than the interval. After a failure: 5 min doubling per consecutive failure up to 24 h, or the server's
 * Retry-After (between 2 min and 24 h) when it gives one. After 10 consecutive failures the feed is `failing`
 * (still polled at the backed-off pace, and `active` again after its next success); 410 Gone makes it `gone`.
 */
import type { FeedStatus } from '../core/types.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const POLICY = {
  defaultIntervalMs: 10 * MINUTE,
  minIntervalMs: MINUTE,
  minRetryAfterMs: 2 * MINUTE,
  maxHintMs: 6 * HOUR,
  backoffBaseMs: 5 * MINUTE,
  backoffCapMs: 24 * HOUR,
  failingAfter: 10,
} as const;

export interface ServerHints {
  maxAgeSeconds?: number | null;
  expiresInSeconds?: number | null;
  ttlMinutes?: number | null;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The feed's own interval: its override, bounded below by the minimum. */
export function baseInterval(intervalSeconds: number | null): number {
  return intervalSeconds ? Math.max(POLICY.minIntervalMs, intervalSeconds * 1000) : POLICY.defaultIntervalMs;
}

export function nextAfterSuccess(now: Date, intervalSeconds: number | null, hints: ServerHints = {}): Date {
  const base = baseInterval(intervalSeconds);
  const asked = [
    hints.maxAgeSeconds != null ? hints.maxAgeSeconds * 1000 : 0,
    hints.expiresInSeconds != null ? hints.expiresInSeconds * 1000 : 0,
    hints.ttlMinutes != null ? hints.ttlMinutes * MINUTE : 0,
  ].filter((ms) => Number.isFinite(ms));
  const hinted = Math.min(POLICY.maxHintMs, Math.max(0, ...asked));
  return new Date(now.getTime() + Math.max(base, hinted));
}

/** `failures` counts this one: the first failure waits 5 min, the second 10, and so on. */
export function backoffMs(failures: number): number {
  const n = Math.max(1, failures);
  return Math.min(POLICY.backoffCapMs, POLICY.backoffBaseMs * 2 ** Math.min(n - 1, 20));
}

export function nextAfterFailure(now: Date, failures: number, retryAfterSeconds: number | null = null): Date {
  const wait = retryAfterSeconds != null && Number.isFinite(retryAfterSeconds)
    ? clamp(retryAfterSeconds * 1000, POLICY.minRetryAfterMs, POLICY.backoffCapMs)
    : backoffMs(failures);
  return new Date(now.getTime() + wait);
}

export function statusAfterFailure(failures: number, gone: boolean): FeedStatus {
  if (gone) return 'gone';
  return failures >= POLICY.failingAfter ? 'failing' : 'active';
}
