/**
 * Neutral rules: language that points neither way. They add nothing to the score; each one that fires raises
 * the bar a lean must clear (see evaluate.ts), and some turn what follows into a request or a hedge.
 */
import type { RuleDef } from '../types.ts';

export const NEUTRAL_RULES: RuleDef[] = [
  {
    // An appeal by anyone is not the thing appealed for: "urged both sides to return to talks".
    id: 'cameo-02-appeal',
    label: 'neutral',
    weight: 0.5,
    source: 'cameo:02',
    scope: 'request',
    phrases: [
      'call on|upon', 'call for', 'urge', 'appeal', 'ask', 'request', 'press * to|for', 'push for', 'want * to',
      'plead', 'petition', 'encourage', 'lobby', 'exhort', 'implore',
    ],
  },
  {
    id: 'cameo-09-investigate',
    label: 'neutral',
    weight: 1,
    source: 'cameo:09',
    scope: 'inquiry',
    phrases: [
      'investigate', 'investigation', 'investigator', 'probe', 'inquiry', 'enquiry', 'hearing', 'fact-finding',
      'look into', 'examine',
    ],
  },
  {
    id: 'cameo-014-consider',
    label: 'neutral',
    weight: 1,
    source: 'cameo:014',
    scope: 'hedge',
    phrases: ['consider', 'mull', 'weigh', 'contemplate', 'explore * possibility|option|options|idea|ways', 'study * options|proposal|idea'],
  },
  {
    id: 'cameo-018-empathy',
    label: 'neutral',
    weight: 1,
    source: 'cameo:018',
    phrases: ['condolences', 'sympathy', 'mourn', 'sorrow', 'grief'],
  },
  {
    id: 'cameo-01-no-verdict',
    label: 'neutral',
    weight: 1.5,
    source: 'cameo:01',
    phrases: [
      'too early to', 'too soon to', 'remains to be seen', 'wait and see', 'mixed signals', 'what to watch',
      'preview', 'cautious', 'cautiously', 'uncertain', 'uncertainty', 'unclear', 'no decision', 'undecided',
      'yet to decide',
    ],
  },
  {
    id: 'seed-market-reaction',
    label: 'neutral',
    weight: 1,
    source: 'seed:market impact/calm markets are a lagging indicator',
    phrases: [
      'oil|crude|brent price|prices', 'traders', 'investors', 'risk premium', 'insurance costs|premiums',
      'oil|crude|brent|stocks|shares|markets|rial|bonds|gold|futures edge|rise|fall|climb|slip|jump|drop|steady|steadies|gain|dip|surge|slump|rally|tumble|higher|lower',
      'market|markets react|reaction|jitters', 'shipping firms|companies|lines|insurers', 'bourse', 'stock exchange',
    ],
  },
];
