/** The rest of long feeds kept between polls: bounded in items and age, and only with validators to ask with. */
import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../core/feeds.ts';
import { HeldItems, type HeldRest } from '../../feeds/held.ts';

const item = (i: number): NormalisedItem => ({ key: `k${i}`, baseKey: `k${i}`, guid: `k${i}`, url: null, canonicalUrl: null, title: `t${i}`, summary: '', publishedAt: null });
const rest = (n: number, validators: Partial<HeldRest> = { etag: '"e"' }): HeldRest => ({
  items: Array.from({ length: n }, (_, i) => item(i)),
  seen: n + 500,
  title: 'Feed',
  ttlMinutes: null,
  etag: null,
  lastModified: null,
  ...validators,
});

describe('held items', () => {
  it('keeps a rest for its feed and address until it is too old', () => {
    const held = new HeldItems({ maxItems: 100, maxAgeMs: 1_000 });
    expect(held.hold(1, 'http://a/feed', rest(10), 0)).toBe(true);
    expect(held.get(1, 'http://a/feed', 1_000)?.items).toHaveLength(10);
    expect(held.get(1, 'http://b/feed', 1_000)).toBeNull();
    // asked for at another address, it is gone for the old one too
    expect(held.get(1, 'http://a/feed', 1_000)).toBeNull();
    held.hold(2, 'http://a/feed', rest(10), 0);
    expect(held.get(2, 'http://a/feed', 1_001)).toBeNull();
    expect(held.size).toBe(0);
  });

  it('keeps nothing without an ETag or a Last-Modified to ask with', () => {
    const held = new HeldItems();
    expect(held.hold(1, 'u', rest(10, {}), 0)).toBe(false);
    expect(held.hold(1, 'u', rest(10, { lastModified: 'Mon, 30 Nov 2026 12:00:00 GMT' }), 0)).toBe(true);
  });

  it('refuses a rest past the bound, and counts a replaced rest once', () => {
    const held = new HeldItems({ maxItems: 100, maxAgeMs: 60_000 });
    expect(held.hold(1, 'u1', rest(60), 0)).toBe(true);
    expect(held.hold(2, 'u2', rest(50), 0)).toBe(false);
    expect(held.hold(1, 'u1', rest(90), 0)).toBe(true);
    expect(held.size).toBe(90);
    held.drop(1);
    expect(held.hold(2, 'u2', rest(50), 0)).toBe(true);
    expect(held.size).toBe(50);
  });

  it('makes room by dropping what is too old', () => {
    const held = new HeldItems({ maxItems: 100, maxAgeMs: 1_000 });
    held.hold(1, 'u1', rest(80), 0);
    expect(held.hold(2, 'u2', rest(80), 2_000)).toBe(true);
    expect(held.size).toBe(80);
  });
});
