/** A digest as core would build it for a busy day of the Islamabad talks: what the chat front ends render. */
import type { Reply, StoryLine } from '../../core/reply.ts';

const story = (label: StoryLine['label'], title: string, url: string | null, source: string, itemCount: number, ref: string): StoryLine => ({
  label,
  title,
  url,
  source,
  itemCount,
  ref,
});

export function sampleDigest(): Reply {
  return {
    kind: 'digest',
    tone: 'stall',
    title: 'Iran-US talks in Islamabad: daily digest, Thursday 14 May',
    blocks: [
      {
        type: 'fields',
        fields: [
          { name: 'Stall', value: '5 stories (3 yesterday)' },
          { name: 'Progress', value: '2 stories (4 yesterday)' },
          { name: 'Neutral', value: '4 stories' },
          { name: 'Trend', value: 'leaning stall for 2 days' },
        ],
      },
      { type: 'text', text: 'Stall stories outnumber progress 5 to 2 in the last 24 h. The alert "3 stall stories in 6h" has been firing since 07:40 UTC.' },
      { type: 'header', text: 'Stall' },
      {
        type: 'stories',
        stories: [
          story('stall', 'Iranian delegation leaves Islamabad without agreement on enrichment cap', 'https://www.reuters.com/world/middle-east/iranian-delegation-leaves-islamabad-2026-05-14/', 'Reuters', 6, 's1042'),
          story('stall', 'US envoy: "no breakthrough" after third round, next session not yet scheduled', 'https://apnews.com/article/iran-us-talks-islamabad-third-round-0a1b2c', 'AP', 4, 's1039'),
          story('stall', 'Tehran rejects sequencing proposal on sanctions relief', 'https://www.aljazeera.com/news/2026/5/14/tehran-rejects-sequencing-proposal', 'Al Jazeera', 3, 's1037'),
          story('stall', 'Pakistani mediators fail to bridge gap over snapback clause', 'https://www.dawn.com/news/1900123/pakistani-mediators-fail-to-bridge-gap', 'Dawn', 2, 's1035'),
        ],
        more: 1,
      },
      { type: 'header', text: 'Progress' },
      {
        type: 'stories',
        stories: [
          story('progress', 'Both sides agree to technical working group on verification (talks_in_progress)', 'https://www.reuters.com/world/technical-working-group-verification-2026-05-14/', 'Reuters', 3, 's1044'),
          story('progress', 'Prisoner exchange framework "largely settled", Pakistani FM says', 'https://www.geo.tv/latest/612345-prisoner-exchange-framework', 'Geo News', 2, 's1041'),
        ],
      },
      { type: 'header', text: 'Neutral' },
      {
        type: 'stories',
        stories: [
          story('neutral', 'What is on the table in Islamabad: a guide to the five open files', 'https://www.bbc.com/news/world-middle-east-70000001', 'BBC', 1, 's1043'),
          story('neutral', 'Oil steady as traders watch the Islamabad talks', 'https://www.ft.com/content/1c2d3e4f-oil-islamabad', 'Financial Times', 2, 's1040'),
        ],
        more: 2,
      },
      { type: 'context', text: 'talkwatch · 14 feeds · /talks explain <ref> shows why a story got its label' },
    ],
  };
}
