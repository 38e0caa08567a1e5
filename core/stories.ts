/**
 * Stories: articles from different feeds about the same event. An item joins a story when it has the same
 * canonical URL, or when its title is alike (token Jaccard >= 0.5) to a story of the same topic first seen within
 * 48 h; otherwise it starts a new one. Digests and alert thresholds count stories, so one wire story syndicated by
 * ten outlets counts once.
 *
 * A story's label follows from its items by majority: the label most of its items carry. A tie goes to stall, then
 * progress, then neutral: a contested story is never hidden as neutral, and mixed signals lean to caution, which
 * is what a risk desk wants to hear about. Its score is the mean of its items' scores.
 */
import { HOUR } from './clock.ts';
import type { LabelCounts } from './store.ts';
import type { Label } from './types.ts';

export const STORY_WINDOW_MS = 48 * HOUR;
export const TITLE_SIMILARITY = 0.5;

// Words that say nothing about which event a headline reports.
const STOPWORDS = new Set(
  ('a an the and or but of in on at to for from by with as is are was were be been it its this that these those ' +
    'after before over under into than then so not no says say said will would could may might has have had do does ' +
    'did new news live update updates latest report reports amid').split(' '),
);

/** Lowercased content words of a title, without punctuation, a trailing plural s, or stopwords. */
export function titleTokens(title: string): Set<string> {
  const words = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
  return new Set(words);
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

export const TITLES_PER_STORY = 32;

/** A stored story that new items may join, as clustering needs it: its titles and URLs, and its items' tally. */
export interface StoryCandidate {
  id: number;
  topic: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
  backfill: boolean;
  /** its items' distinct titles, first seen first, and distinct canonical URLs: a new item may resemble any */
  titles: string[];
  urls: string[];
  /** how many of its items carry each label, and the sum of their scores: its own label follows from these */
  labels: LabelCounts;
  scoreSum: number;
}

interface Entry {
  firstSeenAt: number;
  titles: Set<string>[];
  /** the sorted tokens of each title kept, so a repeated title costs nothing */
  signatures: Set<string>;
}

/**
 * The stories an item may join, indexed so a match costs a look at the few stories sharing its rarer words
 * rather than at every recent story. Jaccard >= t means the item shares at least ceil(t * |A|) of its |A| words
 * with a title, so among any |A| - ceil(t * |A|) + 1 of its words at least one is shared: probing the rarest
 * that many finds every possible match (prefix filtering).
 *
 * A story is compared through its distinct titles only, and at most its first TITLES_PER_STORY of them, so a
 * headline syndicated ten thousand times costs one comparison per new item, not ten thousand.
 */
export class StoryIndex {
  private readonly entries = new Map<number, Entry>();
  private readonly postings = new Map<string, Set<number>>();
  private readonly urls = new Map<string, number>();
  /** title comparisons made so far: the work matching did */
  comparisons = 0;
  /** the last title's words: an item is matched then added under one title, and a flood repeats one title */
  private last: { title: string; tokens: Set<string> } | null = null;

  private tokensOf(title: string): Set<string> {
    if (this.last?.title !== title) this.last = { title, tokens: titleTokens(title) };
    return this.last.tokens;
  }

  add(key: number, title: string, url: string | null, seenAt: Date): void {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { firstSeenAt: seenAt.getTime(), titles: [], signatures: new Set() };
      this.entries.set(key, entry);
    }
    entry.firstSeenAt = Math.min(entry.firstSeenAt, seenAt.getTime());
    this.addUrl(key, url);
    if (entry.titles.length >= TITLES_PER_STORY) return;
    const tokens = this.tokensOf(title);
    const signature = [...tokens].sort().join(' ');
    if (entry.signatures.has(signature)) return;
    entry.signatures.add(signature);
    entry.titles.push(tokens);
    for (const t of tokens) {
      let keys = this.postings.get(t);
      if (!keys) this.postings.set(t, (keys = new Set()));
      keys.add(key);
    }
  }

  addUrl(key: number, url: string | null): void {
    if (url && !this.urls.has(url)) this.urls.set(url, key);
  }

  /** The story the item belongs to (same canonical URL, or the most alike title within 48 h), or null. */
  match(title: string, url: string | null, seenAt: Date): number | null {
    const byUrl = url ? this.urls.get(url) : undefined;
    if (byUrl !== undefined) return byUrl;
    const tokens = [...this.tokensOf(title)];
    if (tokens.length === 0) return null;
    tokens.sort((a, b) => (this.postings.get(a)?.size ?? 0) - (this.postings.get(b)?.size ?? 0));
    const probe = tokens.slice(0, tokens.length - Math.ceil(TITLE_SIMILARITY * tokens.length) + 1);
    const mine = new Set(tokens);
    let best: { key: number; score: number } | null = null;
    const seen = new Set<number>();
    for (const token of probe) {
      for (const key of this.postings.get(token) ?? []) {
        if (seen.has(key)) continue;
        seen.add(key);
        const entry = this.entries.get(key)!;
        if (Math.abs(seenAt.getTime() - entry.firstSeenAt) > STORY_WINDOW_MS) continue;
        for (const other of entry.titles) {
          this.comparisons++;
          const score = jaccard(mine, other);
          if (score >= TITLE_SIMILARITY && (!best || score > best.score || (score === best.score && key < best.key))) best = { key, score };
        }
      }
    }
    return best?.key ?? null;
  }
}

const TIE_ORDER: Label[] = ['stall', 'progress', 'neutral'];

/** A story's label and score from its items' labels and scores (see the rule at the top of this file). */
export function storyLabel(items: Array<{ label: Label; score: number }>): { label: Label; score: number } {
  const counts: LabelCounts = { progress: 0, stall: 0, neutral: 0 };
  let sum = 0;
  for (const i of items) {
    counts[i.label]++;
    sum += i.score;
  }
  return labelOf(counts, sum);
}

/** The same, from the tally of its items: label counts and the sum of their scores. */
export function labelOf(counts: LabelCounts, scoreSum: number): { label: Label; score: number } {
  const n = counts.progress + counts.stall + counts.neutral;
  if (n === 0) return { label: 'neutral', score: 0 };
  const top = Math.max(counts.progress, counts.stall, counts.neutral);
  const label = TIE_ORDER.find((l) => counts[l] === top)!;
  return { label, score: Math.round((scoreSum / n) * 1000) / 1000 };
}

/** When an item's news happened, as far as we can tell: its publication date, unless missing or in the future. */
export function itemSeenAt(publishedAt: Date | null, fetchedAt: Date): Date {
  return publishedAt && publishedAt.getTime() <= fetchedAt.getTime() ? publishedAt : fetchedAt;
}
