/**
 * Clustering's work grows with the items, not with their square: a headline repeated thousands of times is
 * compared once per new item, and a run of several batches reads the stored stories once.
 */
import { describe, expect, it } from 'vitest';
import { clusterPending, TopicStories, type ClusterPlan, type StoryPort, type UnclusteredItem } from '../../core/clustering.ts';
import { itemSeenAt, STORY_WINDOW_MS, TITLES_PER_STORY, type StoryCandidate } from '../../core/stories.ts';
import type { Label } from '../../core/types.ts';

const t = new Date('2026-11-21T10:00:00Z');
const hours = (h: number) => new Date(t.getTime() + h * 3_600_000);
const TITLE = 'Iran and US agree to resume talks in Islamabad next week';

let nextId = 1;
function items(n: number, title: (i: number) => string = () => TITLE, at = t, label: (i: number) => Label = () => 'stall'): UnclusteredItem[] {
  return Array.from({ length: n }, (_, i) => {
    const id = nextId++;
    const l = label(i);
    return { id, topic: 'iran-us', title: title(i), canonicalUrl: `https://news.example/${id}`, source: 'Wire', label: l, score: l === 'stall' ? -2 : l === 'progress' ? 2 : 0, publishedAt: at, fetchedAt: at, backfill: false };
  });
}

describe('clustering work', () => {
  it.each([1_000, 4_000])('compares each of %i copies of one headline once, into one story', (n) => {
    const stories = new TopicStories();
    const plan = stories.plan(items(n, undefined, t, (i) => (i % 3 === 0 ? 'progress' : 'stall')));
    expect(plan.stories).toHaveLength(1);
    expect(plan.stories[0]).toMatchObject({ itemCount: n, label: 'stall' });
    expect(new Set(plan.assignments.map((a) => a.storyKey)).size).toBe(1);
    expect(stories.index.comparisons).toBe(n - 1);
  });

  it('compares a story through at most its first distinct titles', () => {
    const stories = new TopicStories();
    // Each headline differs by one word, so all join the first story and each is a new distinct title.
    const plan = stories.plan(items(2_000, (i) => `${TITLE} update${i}`));
    expect(plan.stories).toHaveLength(1);
    expect(stories.index.comparisons).toBeLessThanOrEqual(2_000 * TITLES_PER_STORY);
  });
});

/** Storage in memory, counting what clustering reads from it. */
class MemoryPort implements StoryPort {
  readonly queue = new Map<number, UnclusteredItem>();
  readonly stories = new Map<number, { candidate: StoryCandidate; titles: string[] }>();
  candidateCalls: Array<{ since: Date; before?: Date }> = [];
  candidateRows = 0;
  private nextStory = 1;

  add(list: UnclusteredItem[]): void {
    for (const item of list) this.queue.set(item.id, item);
  }

  async pending(): Promise<number[]> {
    return [...this.queue.keys()].sort((a, b) => a - b);
  }

  async unclustered(ids: number[]): Promise<UnclusteredItem[]> {
    return ids.map((id) => this.queue.get(id)!);
  }

  async stillUnclustered(ids: number[]): Promise<Set<number>> {
    return new Set(ids.filter((id) => this.queue.has(id)));
  }

  async candidates(topic: string, since: Date, before?: Date): Promise<StoryCandidate[]> {
    this.candidateCalls.push({ since, before });
    const found = [...this.stories.values()]
      .map((s) => s.candidate)
      .filter((c) => c.topic === topic && c.lastSeenAt >= since && (!before || c.lastSeenAt < before));
    this.candidateRows += found.reduce((n, c) => n + c.titles.length + c.urls.length, 0);
    return found.map((c) => ({ ...c, labels: { ...c.labels }, titles: [...c.titles], urls: [...c.urls] }));
  }

  async save(plan: ClusterPlan): Promise<Map<number, number>> {
    const ids = new Map<number, number>();
    for (const s of plan.stories) {
      const id = s.key < 0 ? this.nextStory++ : s.key;
      if (s.key < 0) ids.set(s.key, id);
      const existing = this.stories.get(id)?.candidate;
      const candidate: StoryCandidate = existing ?? { id, topic: s.topic, firstSeenAt: s.firstSeenAt, lastSeenAt: s.lastSeenAt, backfill: s.backfill, titles: [s.title], urls: [], labels: { progress: 0, stall: 0, neutral: 0 }, scoreSum: 0 };
      Object.assign(candidate, { firstSeenAt: s.firstSeenAt, lastSeenAt: s.lastSeenAt, backfill: s.backfill });
      this.stories.set(id, { candidate, titles: candidate.titles });
    }
    for (const a of plan.assignments) {
      const id = a.storyKey < 0 ? ids.get(a.storyKey)! : a.storyKey;
      const item = this.queue.get(a.itemId)!;
      const c = this.stories.get(id)!.candidate;
      c.labels[item.label]++;
      c.scoreSum += item.score;
      if (item.canonicalUrl) c.urls.push(item.canonicalUrl);
      if (!c.titles.includes(item.title)) c.titles.push(item.title);
      this.queue.delete(a.itemId);
    }
    return ids;
  }

  count(id: number): number {
    const l = this.stories.get(id)!.candidate.labels;
    return l.progress + l.stall + l.neutral;
  }
}

describe('a clustering run of several batches', () => {
  it('reads the stored stories once, not once per batch', async () => {
    const port = new MemoryPort();
    port.add([...items(5_000)]);
    expect(await clusterPending(port, 1_000)).toEqual(new Set(['iran-us']));
    expect(port.stories.size).toBe(1);
    expect(port.count(1)).toBe(5_000);
    expect(port.candidateCalls).toHaveLength(1);
    expect(port.queue.size).toBe(0);

    // A second run reads the story once more, with its one title, and adds to it.
    port.add([...items(2_500)]);
    await clusterPending(port, 1_000);
    expect(port.stories.size).toBe(1);
    expect(port.count(1)).toBe(7_500);
    expect(port.candidateCalls).toHaveLength(2);
  });

  it('reads the older stories a later batch can reach, once, when that batch reaches further back', async () => {
    const port = new MemoryPort();
    port.add([...items(1, () => 'Pakistan hosts a second round of Iran-US talks', hours(-100))]);
    await clusterPending(port);
    port.add([...items(3, undefined, t), ...items(2, () => 'Pakistan hosts second round of Iran US talks', hours(-90))]);
    port.candidateCalls = [];
    await clusterPending(port, 3);
    // The first batch reaches back 48 h from t; the second 48 h from t - 90 h, so it reads only that stretch.
    expect(port.candidateCalls.map((c) => [c.since.getTime(), c.before?.getTime()])).toEqual([
      [t.getTime() - STORY_WINDOW_MS, undefined],
      [itemSeenAt(hours(-90), hours(-90)).getTime() - STORY_WINDOW_MS, t.getTime() - STORY_WINDOW_MS],
    ]);
    expect(port.stories.size).toBe(2);
    expect(port.count(1)).toBe(3);
    expect(port.count(2)).toBe(3);
  });
});
