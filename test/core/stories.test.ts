import { describe, expect, it } from 'vitest';
import { planClusters, type UnclusteredItem } from '../../core/clustering.ts';
import { jaccard, StoryIndex, storyLabel, titleTokens, type StoryCandidate } from '../../core/stories.ts';
import type { Label } from '../../core/types.ts';

const t = new Date('2026-11-21T10:00:00Z');
const hours = (h: number) => new Date(t.getTime() + h * 3_600_000);

function index(...stories: Array<[number, string, Date?, string?]>): StoryIndex {
  const i = new StoryIndex();
  for (const [id, title, at, url] of stories) i.add(id, title, url ?? null, at ?? t);
  return i;
}

describe('stories', () => {
  it('join a syndicated headline reworded by another outlet', () => {
    const a = 'Iran-US talks collapse in Islamabad as both sides trade accusations';
    const b = 'Iran, US talks collapse in Islamabad; sides trade accusations';
    expect(jaccard(titleTokens(a), titleTokens(b))).toBeGreaterThanOrEqual(0.5);
    expect(index([1, a]).match(b, null, hours(2))).toBe(1);
  });

  it('join on the same canonical URL whatever the title', () => {
    expect(index([3, 'Talks resume', t, 'https://x.org/a']).match('Something else entirely', 'https://x.org/a', t)).toBe(3);
  });

  it('keep different events apart, though they share the common words of the topic', () => {
    const i = index([1, 'Iran and US agree to reconvene in Islamabad talks next week'], [2, 'Iran US talks: delegations arrive in Islamabad']);
    expect(i.match('US lawmakers reject sanctions relief for Iran as talks go on', null, t)).toBeNull();
  });

  it('pick the most alike story when several are alike enough', () => {
    const i = index([1, 'Iran and US agree prisoner swap in Islamabad'], [2, 'Iran and US agree prisoner swap and next meeting date in Islamabad']);
    expect(i.match('Iran, US agree prisoner swap and next meeting date', null, t)).toBe(2);
  });

  it('do not join a look-alike title more than 48 h apart', () => {
    const i = index([1, 'Iran-US talks resume in Islamabad', t]);
    expect(i.match('Iran-US talks resume in Islamabad', null, hours(49))).toBeNull();
    expect(i.match('Iran-US talks resume in Islamabad', null, hours(47))).toBe(1);
  });

  it('read each title afresh when titles alternate, the same title twice in a row costing one reading', () => {
    const i = index([1, 'Iran-US talks resume in Islamabad'], [2, 'Pakistan beat New Zealand in Rawalpindi test']);
    for (let n = 0; n < 2; n++) {
      expect(i.match('Iran-US talks resume in Islamabad', null, t)).toBe(1);
      expect(i.match('Pakistan beat New Zealand in Rawalpindi test', null, t)).toBe(2);
      expect(i.match('Pakistan beat New Zealand in Rawalpindi test', null, t)).toBe(2);
    }
  });

  it('take the majority label, ties leaning to stall then progress', () => {
    expect(storyLabel([{ label: 'progress', score: 2 }, { label: 'progress', score: 1 }, { label: 'stall', score: -2 }]).label).toBe('progress');
    expect(storyLabel([{ label: 'progress', score: 2 }, { label: 'stall', score: -2 }]).label).toBe('stall');
    expect(storyLabel([{ label: 'progress', score: 2 }, { label: 'neutral', score: 0 }]).label).toBe('progress');
    expect(storyLabel([{ label: 'neutral', score: 0 }]).label).toBe('neutral');
    expect(storyLabel([{ label: 'stall', score: -1 }, { label: 'stall', score: -2 }]).score).toBe(-1.5);
  });
});

let nextId = 100;
const item = (title: string, label: Label, at = t, backfill = false): UnclusteredItem => ({
  id: nextId++, topic: 'iran-us', title, canonicalUrl: `https://news.example/${nextId}`, source: 'Wire', label, score: label === 'stall' ? -2 : 2,
  publishedAt: at, fetchedAt: at, backfill,
});

describe('a clustering plan', () => {
  it('groups a batch into new stories, one per event, with the majority label', () => {
    const plan = planClusters(
      [
        item('Iran-US talks collapse in Islamabad as sides trade accusations', 'stall'),
        item('Iran, US talks collapse in Islamabad; sides trade accusations', 'stall'),
        item('Talks collapse in Islamabad as Iran and US trade accusations', 'progress'),
        item('Pakistan announces date for next round of Iran-US talks', 'progress', hours(1)),
      ],
      [],
    );
    expect(plan.stories.map((s) => [s.itemCount, s.label])).toEqual([[3, 'stall'], [1, 'progress']]);
    expect(new Set(plan.assignments.map((a) => a.storyKey)).size).toBe(2);
    expect(plan.stories.every((s) => s.key < 0)).toBe(true);
  });

  it('adds to an existing story, relabelling it from all its items, and keeps backfill only while every item is', () => {
    const existing: StoryCandidate = {
      id: 7, topic: 'iran-us', firstSeenAt: hours(-30), lastSeenAt: hours(-30), backfill: true,
      titles: ['Iran and US agree framework for verification'], urls: ['https://x.org/v'], labels: { progress: 1, stall: 0, neutral: 0 }, scoreSum: 2,
    };
    const plan = planClusters([item('Iran, US agree framework for verification, officials say', 'stall'), item('US and Iran agree verification framework', 'stall')], [existing]);
    expect(plan.stories).toHaveLength(1);
    expect(plan.stories[0]).toMatchObject({ key: 7, itemCount: 3, label: 'stall', backfill: false, firstSeenAt: hours(-30), lastSeenAt: t });
  });
});
