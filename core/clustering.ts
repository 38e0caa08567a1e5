/**
 * Putting new items into stories, a batch at a time: the plan is computed here (pure), then written in one
 * transaction by the store. See stories.ts for when items belong together and how a story gets its label.
 */
import type { StoredItem } from './feeds.ts';
import { itemSeenAt, STORY_WINDOW_MS, StoryIndex, storyLabel, type StoryCandidate } from './stories.ts';
import type { Label } from './types.ts';

/** An item to put into a story: a stored item, its canonical URL (else its link) and its source. */
export interface UnclusteredItem extends Pick<StoredItem, 'id' | 'topic' | 'title' | 'label' | 'score' | 'publishedAt' | 'fetchedAt' | 'backfill'> {
  canonicalUrl: string | null;
  /** outlet: the feed's title, else the link's host */
  source: string | null;
}

/** A link's host without www., for a source with no feed title. */
export function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** The items a poll just stored, as clustering takes them: the relevant ones only. */
export function toCluster(stored: StoredItem[], feedTitle: string | null): UnclusteredItem[] {
  return stored
    .filter((i) => i.relevant)
    .map((i) => ({ ...i, canonicalUrl: i.canonicalUrl ?? i.url, source: feedTitle ?? hostOf(i.url) }));
}

/** A story as the plan leaves it; `key` is its id, or a negative placeholder for a story to create. */
export interface PlannedStory extends Pick<UnclusteredItem, 'topic' | 'title' | 'canonicalUrl' | 'source' | 'label' | 'score' | 'backfill'> {
  key: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
  itemCount: number;
}

export interface ClusterPlan {
  stories: PlannedStory[];
  /** item id -> story key */
  assignments: Array<{ itemId: number; storyKey: number }>;
}

/** What clustering needs from storage. */
export interface StoryPort {
  /** Relevant items not yet in a story, oldest first. */
  unclustered(limit: number): Promise<UnclusteredItem[]>;
  /** Of these item ids, the ones still without a story. */
  stillUnclustered(ids: number[]): Promise<Set<number>>;
  /** Stories of a topic seen at or after `since`, with their items' titles, URLs, labels and scores. */
  candidates(topic: string, since: Date): Promise<StoryCandidate[]>;
  /** Create and update the stories and assign the items, in one transaction. */
  save(plan: ClusterPlan): Promise<void>;
}

export function planClusters(items: UnclusteredItem[], candidates: StoryCandidate[]): ClusterPlan {
  const index = new StoryIndex();
  for (const c of candidates) {
    c.titles.forEach((title, i) => index.add(c.id, title, c.urls[i] ?? null, c.firstSeenAt));
  }
  const existing = new Map(candidates.map((c) => [c.id, c]));
  const plan = new Map<number, { story: PlannedStory; labels: Array<{ label: Label; score: number }> }>();
  const assignments: ClusterPlan['assignments'] = [];
  let nextNew = -1;

  for (const item of items) {
    const seenAt = itemSeenAt(item.publishedAt, item.fetchedAt);
    let key = index.match(item.title, item.canonicalUrl, seenAt);
    if (key === null) key = nextNew--;
    let entry = plan.get(key);
    if (!entry) {
      const c = existing.get(key);
      entry = c
        ? {
            story: { key, topic: c.topic, title: '', canonicalUrl: null, source: null, label: 'neutral', score: 0, firstSeenAt: c.firstSeenAt, lastSeenAt: c.lastSeenAt, itemCount: 0, backfill: c.backfill },
            labels: [...c.members],
          }
        : {
            story: { key, topic: item.topic, title: item.title, canonicalUrl: item.canonicalUrl, source: item.source, label: item.label, score: item.score, firstSeenAt: seenAt, lastSeenAt: seenAt, itemCount: 0, backfill: item.backfill },
            labels: [],
          };
      plan.set(key, entry);
    }
    const s = entry.story;
    entry.labels.push({ label: item.label, score: item.score });
    if (seenAt < s.firstSeenAt) s.firstSeenAt = seenAt;
    if (seenAt > s.lastSeenAt) s.lastSeenAt = seenAt;
    s.backfill = s.backfill && item.backfill;
    index.add(key, item.title, item.canonicalUrl, seenAt);
    assignments.push({ itemId: item.id, storyKey: key });
  }

  const stories = [...plan.values()].map(({ story, labels }) => ({ ...story, ...storyLabel(labels), itemCount: labels.length }));
  return { stories, assignments };
}

/**
 * Put items a poll just stored into stories, straight from the poll; returns the topics that got items. An item a
 * sweep (clusterPending) took meanwhile is left to it.
 */
export async function clusterItems(port: StoryPort, items: UnclusteredItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const pending = await port.stillUnclustered(items.map((i) => i.id));
  return clusterBatch(port, items.filter((i) => pending.has(i.id)));
}

/**
 * Put every relevant item that has no story yet into one; returns the topics that got items. The sweep for items
 * whose poll stopped between storing and clustering (a crash); new items normally arrive through clusterItems.
 */
export async function clusterPending(port: StoryPort, batch = 1000): Promise<Set<string>> {
  const topics = new Set<string>();
  for (;;) {
    const items = await port.unclustered(batch);
    for (const topic of await clusterBatch(port, items)) topics.add(topic);
    if (items.length < batch) return topics;
  }
}

async function clusterBatch(port: StoryPort, items: UnclusteredItem[]): Promise<Set<string>> {
  const byTopic = new Map<string, UnclusteredItem[]>();
  for (const item of items) byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), item]);
  for (const [topic, group] of byTopic) {
    const earliest = Math.min(...group.map((i) => itemSeenAt(i.publishedAt, i.fetchedAt).getTime()));
    const candidates = await port.candidates(topic, new Date(earliest - STORY_WINDOW_MS));
    await port.save(planClusters(group, candidates));
  }
  return new Set(byTopic.keys());
}
