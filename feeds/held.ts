/**
 * The rest of a long feed, kept between polls. A poll stores at most a cap's worth of a feed's new items; the rest
 * are kept here with the validators of the document they came from, so the next poll asks the server whether the
 * feed changed and, when it has not (304), takes them from here instead of fetching and parsing it again. Only what
 * this process read is here: another replica, or a restart, reads the whole feed again, as the feed's stored
 * validators are cleared while items wait.
 *
 * Bounded in items across all feeds and in age, so a flood of long feeds costs a refetch, never memory.
 */
import type { NormalisedItem } from '../core/feeds.ts';

export interface HeldRest {
  items: NormalisedItem[];
  /** items the document held in all, for the poll's report */
  seen: number;
  title: string | null;
  ttlMinutes: number | null;
  etag: string | null;
  lastModified: string | null;
}

export const HELD_DEFAULTS = { maxItems: 20_000, maxAgeMs: 10 * 60_000 } as const;

export class HeldItems {
  private readonly held = new Map<number, HeldRest & { url: string; at: number }>();
  private count = 0;

  constructor(private readonly limits: { maxItems: number; maxAgeMs: number } = HELD_DEFAULTS) {}

  /** What is kept for this feed at this address, if it is not too old. */
  get(feedId: number, url: string, now: number): HeldRest | null {
    const entry = this.held.get(feedId);
    if (!entry) return null;
    if (entry.url !== url || now - entry.at > this.limits.maxAgeMs) {
      this.drop(feedId);
      return null;
    }
    return entry;
  }

  /**
   * Keep a feed's rest in place of what was kept for it. Without validators the next request cannot be answered
   * 304, so nothing is kept; nor when the bound would be passed.
   */
  hold(feedId: number, url: string, rest: HeldRest, now: number): boolean {
    this.drop(feedId);
    if (!rest.etag && !rest.lastModified) return false;
    for (const [id, entry] of this.held) if (now - entry.at > this.limits.maxAgeMs) this.drop(id);
    if (this.count + rest.items.length > this.limits.maxItems) return false;
    this.held.set(feedId, { ...rest, url, at: now });
    this.count += rest.items.length;
    return true;
  }

  drop(feedId: number): void {
    const entry = this.held.get(feedId);
    if (!entry) return;
    this.count -= entry.items.length;
    this.held.delete(feedId);
  }

  /** items kept across all feeds */
  get size(): number {
    return this.count;
  }
}
