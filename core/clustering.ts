/**
 * Putting new items into stories, a batch at a time: the plan is computed here (pure), then written in one
 * transaction by the store. See stories.ts for when items belong together and how a story gets its label.
 */
import type { StoredItem } from './feeds.ts';
import { itemSeenAt, labelOf, STORY_WINDOW_MS, StoryIndex, type StoryCandidate } from './stories.ts';
import type { LabelCounts } from './store.ts';

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
  /** The ids of the relevant items not yet in a story, oldest first. */
  pending(): Promise<number[]>;
  /** Those items, by id (a page of what `pending` returned), in the order given. */
  unclustered(ids: number[]): Promise<UnclusteredItem[]>;
  /** Of these item ids, the ones still without a story. */
  stillUnclustered(ids: number[]): Promise<Set<number>>;
  /**
   * Stories of a topic last seen at or after `since` (and before `before`, when given), each with its distinct
   * titles and URLs and its items' label tally.
   */
  candidates(topic: string, since: Date, before?: Date): Promise<StoryCandidate[]>;
  /** Create and update the stories and assign the items, in one transaction; returns the ids of the new stories. */
  save(plan: ClusterPlan): Promise<Map<number, number>>;
}

interface Tally {
  story: PlannedStory;
  labels: LabelCounts;
  scoreSum: number;
}

/**
 * One topic's stories while clustering: the index new items are matched against, and each story's tally. It
 * lives across the batches of one clustering run, so the stories already seen are read from storage once per
 * run, not once per batch: the work grows with the items, not with the items times the batches.
 */
export class TopicStories {
  readonly index = new StoryIndex();
  private readonly tallies = new Map<number, Tally>();
  /** placeholder keys of stories created in an earlier batch -> their ids */
  private readonly ids = new Map<number, number>();
  private nextNew = -1;
  /** stories last seen at or after this (ms) have been loaded */
  loadedSince = Number.POSITIVE_INFINITY;

  load(candidates: StoryCandidate[]): void {
    for (const c of candidates) {
      if (this.tallies.has(c.id)) continue;
      const story: PlannedStory = {
        key: c.id, topic: c.topic, title: '', canonicalUrl: null, source: null, label: 'neutral', score: 0,
        firstSeenAt: c.firstSeenAt, lastSeenAt: c.lastSeenAt, itemCount: 0, backfill: c.backfill,
      };
      this.tallies.set(c.id, { story, labels: { ...c.labels }, scoreSum: c.scoreSum });
      for (const title of c.titles) this.index.add(c.id, title, null, c.firstSeenAt);
      for (const url of c.urls) this.index.addUrl(c.id, url);
    }
  }

  /** Put a batch of items into stories: the plan to save. Call `saved` with what saving returned. */
  plan(items: UnclusteredItem[]): ClusterPlan {
    const touched = new Map<number, Tally>();
    const assignments: ClusterPlan['assignments'] = [];
    for (const item of items) {
      const seenAt = itemSeenAt(item.publishedAt, item.fetchedAt);
      let key = this.index.match(item.title, item.canonicalUrl, seenAt);
      if (key === null) {
        key = this.nextNew--;
        this.tallies.set(key, {
          story: { key, topic: item.topic, title: item.title, canonicalUrl: item.canonicalUrl, source: item.source, label: item.label, score: item.score, firstSeenAt: seenAt, lastSeenAt: seenAt, itemCount: 0, backfill: item.backfill },
          labels: { progress: 0, stall: 0, neutral: 0 },
          scoreSum: 0,
        });
      }
      const tally = this.tallies.get(key)!;
      const s = tally.story;
      tally.labels[item.label]++;
      tally.scoreSum += item.score;
      if (seenAt < s.firstSeenAt) s.firstSeenAt = seenAt;
      if (seenAt > s.lastSeenAt) s.lastSeenAt = seenAt;
      s.backfill = s.backfill && item.backfill;
      touched.set(key, tally);
      this.index.add(key, item.title, item.canonicalUrl, seenAt);
      assignments.push({ itemId: item.id, storyKey: this.ids.get(key) ?? key });
    }
    const stories = [...touched].map(([key, { story, labels, scoreSum }]) => ({
      ...story,
      ...labelOf(labels, scoreSum),
      key: this.ids.get(key) ?? key,
      itemCount: labels.progress + labels.stall + labels.neutral,
    }));
    return { stories, assignments };
  }

  /** The ids the new stories of the last plan got: later batches update them rather than create them again. */
  saved(ids: Map<number, number>): void {
    for (const [placeholder, id] of ids) this.ids.set(placeholder, id);
  }
}

/** One batch against the given stories: a plan, pure (see TopicStories for runs of several batches). */
export function planClusters(items: UnclusteredItem[], candidates: StoryCandidate[]): ClusterPlan {
  const stories = new TopicStories();
  stories.load(candidates);
  return stories.plan(items);
}

/**
 * Put items a poll just stored into stories, straight from the poll; returns the topics that got items. An item a
 * sweep (clusterPending) took meanwhile is left to it.
 */
export async function clusterItems(port: StoryPort, items: UnclusteredItem[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const pending = await port.stillUnclustered(items.map((i) => i.id));
  const topics = new Map<string, TopicStories>();
  await place(port, topics, items.filter((i) => pending.has(i.id)));
  return new Set(topics.keys());
}

/**
 * Put every relevant item that has no story yet into one, `batch` items at a time; returns the topics that got
 * items. The pending ids are read once, then each page by id, so each page costs its own rows. The sweep for items
 * whose poll stopped between storing and clustering (a crash); new items normally arrive through clusterItems.
 */
export async function clusterPending(port: StoryPort, batch = 1000): Promise<Set<string>> {
  const topics = new Map<string, TopicStories>();
  const ids = await port.pending();
  for (let page = 0; page < ids.length; page += batch) await place(port, topics, await port.unclustered(ids.slice(page, page + batch)));
  return new Set(topics.keys());
}

/** One page of items into the stories of their topics, which live across the pages of one run. */
async function place(port: StoryPort, topics: Map<string, TopicStories>, items: UnclusteredItem[]): Promise<void> {
  const byTopic = new Map<string, UnclusteredItem[]>();
  for (const item of items) {
    let group = byTopic.get(item.topic);
    if (!group) byTopic.set(item.topic, (group = []));
    group.push(item);
  }
  for (const [topic, group] of byTopic) {
    let stories = topics.get(topic);
    if (!stories) topics.set(topic, (stories = new TopicStories()));
    let earliest = Number.POSITIVE_INFINITY;
    for (const i of group) earliest = Math.min(earliest, itemSeenAt(i.publishedAt, i.fetchedAt).getTime());
    const since = earliest - STORY_WINDOW_MS;
    if (since < stories.loadedSince) {
      // Only the stories not read yet: those last seen between the new, earlier bound and the old one.
      const before = Number.isFinite(stories.loadedSince) ? new Date(stories.loadedSince) : undefined;
      stories.load(await port.candidates(topic, new Date(since), before));
      stories.loadedSince = since;
    }
    stories.saved(await port.save(stories.plan(group)));
  }
}
