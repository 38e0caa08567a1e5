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

export interface StoryCandidate {
  id: number;
  title: string;
  canonicalUrl: string | null;
  firstSeenAt: Date;
  /** titles of the story's items: a new item may resemble any of them */
  titles: string[];
  urls: string[];
}

export interface ItemForStory {
  title: string;
  canonicalUrl: string | null;
  seenAt: Date;
}

/** The story an item belongs to among the candidates (same topic, recent), or null for a new story. */
export function matchStory(item: ItemForStory, candidates: StoryCandidate[]): number | null {
  if (item.canonicalUrl) {
    const same = candidates.find((c) => c.canonicalUrl === item.canonicalUrl || c.urls.includes(item.canonicalUrl!));
    if (same) return same.id;
  }
  const tokens = titleTokens(item.title);
  let best: { id: number; score: number } | null = null;
  for (const c of candidates) {
    if (Math.abs(item.seenAt.getTime() - c.firstSeenAt.getTime()) > STORY_WINDOW_MS) continue;
    const score = Math.max(...c.titles.map((t) => jaccard(tokens, titleTokens(t))));
    if (score >= TITLE_SIMILARITY && (!best || score > best.score)) best = { id: c.id, score };
  }
  return best?.id ?? null;
}

const TIE_ORDER: Label[] = ['stall', 'progress', 'neutral'];

/** A story's label and score from its items' labels and scores (see the rule at the top of this file). */
export function storyLabel(items: Array<{ label: Label; score: number }>): { label: Label; score: number } {
  if (items.length === 0) return { label: 'neutral', score: 0 };
  const counts = new Map<Label, number>();
  for (const i of items) counts.set(i.label, (counts.get(i.label) ?? 0) + 1);
  const top = Math.max(...counts.values());
  const label = TIE_ORDER.find((l) => counts.get(l) === top)!;
  const score = items.reduce((sum, i) => sum + i.score, 0) / items.length;
  return { label, score: Math.round(score * 1000) / 1000 };
}

/** When an item's news happened, as far as we can tell: its publication date, unless missing or in the future. */
export function itemSeenAt(publishedAt: Date | null, fetchedAt: Date): Date {
  return publishedAt && publishedAt.getTime() <= fetchedAt.getTime() ? publishedAt : fetchedAt;
}

export interface UnclusteredItem {
  id: number;
  topic: string;
  title: string;
  canonicalUrl: string | null;
  source: string | null;
  label: Label;
  score: number;
  publishedAt: Date | null;
  fetchedAt: Date;
  backfill: boolean;
}

/** What clustering needs from storage. */
export interface StoryPort {
  /** Relevant items not yet in a story, oldest first. */
  unclustered(limit: number): Promise<UnclusteredItem[]>;
  /** Stories of a topic first seen at or after `since`, with their items' titles and URLs. */
  candidates(topic: string, since: Date): Promise<StoryCandidate[]>;
  /** Put the item in the story (a new one when storyId is null) and recompute the story's label. Returns its id. */
  assign(item: UnclusteredItem, seenAt: Date, storyId: number | null): Promise<number>;
}

/** Put every relevant item that has no story yet into one; returns the topics that got items. */
export async function clusterPending(port: StoryPort, batch = 500): Promise<Set<string>> {
  const topics = new Set<string>();
  for (;;) {
    const items = await port.unclustered(batch);
    for (const item of items) {
      const seenAt = itemSeenAt(item.publishedAt, item.fetchedAt);
      const candidates = await port.candidates(item.topic, new Date(seenAt.getTime() - STORY_WINDOW_MS));
      await port.assign(item, seenAt, matchStory({ title: item.title, canonicalUrl: item.canonicalUrl, seenAt }, candidates));
      topics.add(item.topic);
    }
    if (items.length < batch) return topics;
  }
}
