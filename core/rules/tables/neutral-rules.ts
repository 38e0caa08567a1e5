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
      'plead', 'petition', 'encourage', 'lobby', 'exhort', 'implore', 'push|pushes|pushing|pushed to', 'need|needs * to pressure|press|push',
    ],
  },
  {
    // A mediator offering its services, and the public pressing for a deal, are not moves of the parties.
    id: 'news-mediation-offer',
    label: 'neutral',
    weight: 1,
    source: 'cameo:02',
    scope: 'request',
    phrases: [
      'offer|offers|offered|offering to mediate|host|facilitate|broker', 'mediation offer|offers|bid|push',
      'mediate|mediates|mediating|mediated push|efforts|bid',
    ],
  },
  {
    id: 'news-public-pressure',
    label: 'neutral',
    weight: 1,
    source: 'cameo:02',
    scope: 'request',
    phrases: [
      'families|relatives of * hostages|captives|detainees|prisoners|abductees', 'hostage|hostages|captives families|relatives|family',
      'protesters|demonstrators|protest|protests|rally|rallies|march|marches * demand|demanding|urging|calling-for|for * deal|ceasefire|truce|release|agreement',
    ],
  },
  {
    id: 'news-explainer',
    label: 'neutral',
    weight: 1.5,
    source: 'cameo:01',
    scope: 'hedge',
    // previews and explainers that are not flagged at the start: "Deal reached: what's next for ..."
    phrases: [
      "what's next", 'what next', 'what is next', 'what lies ahead', 'takeaways', 'what we know', 'what to expect', 'how * ended', 'the role of',
      'what * actually', "here's what", 'key questions', 'lessons from|of', 'things to watch',
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
      'oil|crude|brent|stocks|shares|markets|rial|bonds|gold|futures edge|rise|fall|climb|slip|jump|drop|steady|steadies|gain|dip|surge|slump|rally|tumble|higher|lower|decline|ease|sink|retreat|plunge|soar|spike|rebound|slide',
      'market|markets react|reaction|jitters', 'shipping firms|companies|lines|insurers', 'bourse', 'stock exchange',
    ],
  },
];
