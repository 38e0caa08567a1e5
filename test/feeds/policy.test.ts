import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../core/clock.ts';
import { DEFAULT_LIMITS, parseRetryAfter } from '../../feeds/http.ts';
import { backoffMs, nextAfterFailure, nextAfterSuccess, statusAfterFailure } from '../../feeds/policy.ts';

const now = new Date('2026-11-21T12:00:00Z');
const after = (d: Date) => d.getTime() - now.getTime();

describe('when a feed is polled next after a success', () => {
  it.each([
    ['the default interval', null, {}, 10 * MINUTE],
    ['a per-feed interval', 1800, {}, 30 * MINUTE],
    ['a per-feed interval under 1 min, raised to 1 min', 30, {}, MINUTE],
    ['Cache-Control max-age longer than the interval', null, { maxAgeSeconds: 3600 }, HOUR],
    ['max-age shorter than the interval: never more often', null, { maxAgeSeconds: 60 }, 10 * MINUTE],
    ['Expires in 2 h', null, { expiresInSeconds: 7200 }, 2 * HOUR],
    ['RSS <ttl> of 60 min', null, { ttlMinutes: 60 }, HOUR],
    ['a ttl of a week, capped at 6 h', null, { ttlMinutes: 7 * 24 * 60 }, 6 * HOUR],
    ['the longest hint wins', null, { maxAgeSeconds: 900, ttlMinutes: 45 }, 45 * MINUTE],
  ])('%s', (_name, interval, hints, expected) => {
    expect(after(nextAfterSuccess(now, interval, hints))).toBe(expected);
  });
});

describe('after a failure', () => {
  it.each([
    [1, 5 * MINUTE],
    [2, 10 * MINUTE],
    [3, 20 * MINUTE],
    [5, 80 * MINUTE],
    [9, 1280 * MINUTE],
    [10, 24 * HOUR],
    [40, 24 * HOUR],
  ])('failure %i waits %i ms', (failures, wait) => {
    expect(backoffMs(failures)).toBe(wait);
    expect(after(nextAfterFailure(now, failures))).toBe(wait);
  });

  it.each([
    [600, 10 * MINUTE],
    [5, 2 * MINUTE],
    [10 * 24 * 3600, 24 * HOUR],
  ])('Retry-After %i s is honoured within 2 min and 24 h', (seconds, wait) => {
    expect(after(nextAfterFailure(now, 1, seconds))).toBe(wait);
  });

  it('marks a feed failing after 10 consecutive failures, and gone on 410', () => {
    expect(statusAfterFailure(9, false)).toBe('active');
    expect(statusAfterFailure(10, false)).toBe('failing');
    expect(statusAfterFailure(1, true)).toBe('gone');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', null)).toBe(120);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:05:00 GMT', 'Sat, 21 Nov 2026 12:00:00 GMT')).toBe(300);
    expect(parseRetryAfter('soon', null)).toBeNull();
  });

  it('fetches within the documented limits', () => {
    expect(DEFAULT_LIMITS).toEqual({ connectTimeoutMs: 10_000, responseTimeoutMs: 30_000, maxBytes: 10 * 1024 * 1024, maxRedirects: 5 });
  });
});
