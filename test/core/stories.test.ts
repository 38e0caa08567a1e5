import { describe, expect, it } from 'vitest';
import { jaccard, matchStory, storyLabel, titleTokens, type StoryCandidate } from '../../core/stories.ts';

const t = new Date('2026-11-21T10:00:00Z');
const hours = (h: number) => new Date(t.getTime() + h * 3_600_000);
const story = (id: number, title: string, firstSeenAt = t, url: string | null = null): StoryCandidate => ({
  id, title, canonicalUrl: url, firstSeenAt, titles: [title], urls: url ? [url] : [],
});

describe('stories', () => {
  it('join a syndicated headline reworded by another outlet', () => {
    const a = 'Iran-US talks collapse in Islamabad as both sides trade accusations';
    const b = "Iran, US talks collapse in Islamabad; sides trade accusations";
    expect(jaccard(titleTokens(a), titleTokens(b))).toBeGreaterThanOrEqual(0.5);
    expect(matchStory({ title: b, canonicalUrl: null, seenAt: hours(2) }, [story(1, a)])).toBe(1);
  });

  it('join on the same canonical URL whatever the title', () => {
    expect(matchStory({ title: 'Something else entirely', canonicalUrl: 'https://x.org/a', seenAt: t }, [story(3, 'Talks resume', t, 'https://x.org/a')])).toBe(3);
  });

  it('keep different events apart', () => {
    const candidates = [story(1, 'Iran and US agree to reconvene in Islamabad next week')];
    expect(matchStory({ title: 'US lawmakers reject sanctions relief for Iran', canonicalUrl: null, seenAt: t }, candidates)).toBeNull();
  });

  it('do not join a look-alike title more than 48 h apart', () => {
    const candidates = [story(1, 'Iran-US talks resume in Islamabad', t)];
    expect(matchStory({ title: 'Iran-US talks resume in Islamabad', canonicalUrl: null, seenAt: hours(49) }, candidates)).toBeNull();
    expect(matchStory({ title: 'Iran-US talks resume in Islamabad', canonicalUrl: null, seenAt: hours(47) }, candidates)).toBe(1);
  });

  it('take the majority label, ties leaning to stall then progress', () => {
    expect(storyLabel([{ label: 'progress', score: 2 }, { label: 'progress', score: 1 }, { label: 'stall', score: -2 }]).label).toBe('progress');
    expect(storyLabel([{ label: 'progress', score: 2 }, { label: 'stall', score: -2 }]).label).toBe('stall');
    expect(storyLabel([{ label: 'progress', score: 2 }, { label: 'neutral', score: 0 }]).label).toBe('progress');
    expect(storyLabel([{ label: 'neutral', score: 0 }]).label).toBe('neutral');
    expect(storyLabel([{ label: 'stall', score: -1 }, { label: 'stall', score: -2 }]).score).toBe(-1.5);
  });
});
