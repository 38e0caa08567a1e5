/**
 * A digest for a busy day of the Islamabad talks, built by core's buildDigest from fixture stories: what the chat
 * front ends render is exactly what the service sends. The stories carry the text renderers must handle: `&` and
 * quotes, an underscore, a tracking query string, a story without a link.
 */
import { buildDigest, type DigestData } from '../../core/digest.ts';
import type { Reply } from '../../core/reply.ts';
import type { StoryView } from '../../core/store.ts';
import type { Label } from '../../core/types.ts';

let id = 1040;
const story = (label: Label, title: string, url: string | null, source: string, itemCount: number): StoryView => ({
  id: ++id,
  firstItemId: id * 10,
  topic: 'iran-us',
  title,
  url,
  source,
  label,
  score: label === 'stall' ? -2 : label === 'progress' ? 2 : 0,
  itemCount,
  firstSeenAt: new Date('2026-05-14T02:00:00Z'),
  backfill: false,
});

export const FIXTURE_STORIES = {
  stall: [
    story('stall', 'Iranian delegation leaves Islamabad without agreement on enrichment cap', 'https://www.reuters.com/world/middle-east/iranian-delegation-leaves-islamabad-2026-05-14/', 'Reuters', 6),
    story('stall', 'Tehran says US "moved the goalposts" on enrichment & sanctions relief', 'https://www.aljazeera.com/news/2026/5/14/tehran-goalposts?utm_source=rss&utm_medium=feed', 'Al Jazeera', 3),
    story('stall', 'Delegations leave Serena hotel; no joint statement', null, 'Dawn', 1),
  ],
  progress: [
    story('progress', 'Both sides agree to technical working group on verification (talks_in_progress)', 'https://www.reuters.com/world/technical-working-group-verification-2026-05-14/', 'Reuters', 3),
    story('progress', 'Prisoner exchange framework "largely settled", Pakistani FM says', 'https://www.geo.tv/latest/612345-prisoner-exchange-framework', 'Geo News', 2),
  ],
  neutral: [
    story('neutral', 'What is on the table in Islamabad: a guide to the five open files', 'https://www.bbc.com/news/world-middle-east-70000001', 'BBC', 1),
    story('neutral', 'Oil steady as traders watch the Islamabad talks', 'https://www.ft.com/content/1c2d3e4f-oil-islamabad', 'Financial Times', 2),
  ],
} satisfies Record<Label, StoryView[]>;

export function sampleDigestData(): DigestData {
  return {
    topic: 'iran-us',
    zone: 'Asia/Karachi',
    from: new Date('2026-05-13T04:00:00Z'),
    to: new Date('2026-05-14T04:00:00Z'),
    counts: { progress: 2, stall: 5, neutral: 4 },
    previous: { progress: 4, stall: 3, neutral: 4 },
    top: FIXTURE_STORIES,
    daily: [1, 2, 0, 1, -1, 1, -3],
    // 14 days for the chart; the last seven nets are `daily`
    history: [0, 1, -1, 2, 0, 0, 1, 1, 2, 0, 1, -1, 1, -3].map((n, i) => ({ progress: Math.max(n, 0) + 1, stall: Math.max(-n, 0) + 1, neutral: i % 3 })),
    alerts: [{ kind: 'alert', at: new Date('2026-05-14T02:40:00Z'), topic: 'iran-us', rule: { type: 'count', threshold: 3, windowMinutes: 360 } }],
  };
}

/** The digest the service would send for sampleDigestData. */
export function sampleDigest(): Reply {
  return buildDigest(sampleDigestData(), 'line')!;
}

/** The same digest without its chart: for tests of a single request's answer, which a chart's fallback would double. */
export function sampleTextDigest(): Reply {
  const { chart: _chart, ...text } = sampleDigest();
  return text;
}
