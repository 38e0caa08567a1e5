/**
 * Rules from the domain brief: the two seed articles' "signs of a real channel" and "signs the process is
 * stalling", and the limited steps and blame game they describe. Sources read `seed:<indicator>`.
 */
import type { RuleDef } from '../types.ts';

const CHANNEL = 'seed:signs of a real channel';
const STALLING = 'seed:signs the process is stalling';

export const SEED_RULES: RuleDef[] = [
  // --- signs of a real channel
  {
    id: 'seed-follow-up-meetings',
    label: 'progress',
    weight: 1.5,
    source: `${CHANNEL}/scheduled follow-up meetings`,
    phrases: [
      'follow-up meeting|meetings|talks|round|session', 'follow up meeting|meetings|talks|round|session', 'next round', 'next meeting', 'another round',
      'new round', 'further talks|meetings|rounds', 'second|third|fourth round', 'reconvene', 'meet again',
      'regular meetings|talks|consultations', 'date for * talks|round|meeting|negotiations', 'next meeting date',
      'schedule * talks|round|meeting|negotiations', 'agree to meet', 'return to * negotiating table',
      'back to * negotiating table', 'return to talks|negotiations',
    ],
  },
  {
    id: 'seed-disciplined-language',
    label: 'progress',
    weight: 1.5,
    source: `${CHANNEL}/disciplined public language`,
    phrases: [
      'constructive', 'productive', 'fruitful', 'useful', 'businesslike', 'cordial', 'substantive', 'positive',
      'good faith', 'good atmosphere', 'in a good spirit', 'respectful',
    ],
  },
  {
    id: 'seed-technical-understandings',
    label: 'progress',
    weight: 2,
    source: `${CHANNEL}/technical understandings`,
    phrases: [
      'technical talks|understanding|understandings|agreement|teams|experts|level|discussions|consultations',
      'expert level talks|meeting|meetings', 'working group', 'joint committee|commission',
      'experts * begin|hold|meet', 'hotline', 'set-up|establish|create * channel|hotline|mechanism|committee|commission',
    ],
  },
  {
    id: 'seed-humanitarian-steps',
    label: 'progress',
    weight: 2,
    source: `${CHANNEL}/humanitarian steps`,
    phrases: [
      'humanitarian channel|corridor|corridors|access|pause|exemption|exemptions|steps|gesture|arrangement',
      'medicine|medical|food imports', 'unimpeded * access',
    ],
  },
  {
    id: 'seed-confidence-building',
    label: 'progress',
    weight: 2,
    source: `${CHANNEL}/limited confidence-building measures`,
    phrases: [
      'confidence building', 'goodwill gesture', 'gesture of goodwill', 'prisoner swap|exchange|release',
      'swap|exchange * prisoners|detainees|hostages|captives', 'swap', 'tangible',
      'de-escalation', 'de-escalate', 'deescalation', 'restraint', 'take * steps to|toward|towards',
    ],
  },
  {
    id: 'seed-narrowing-gaps',
    label: 'progress',
    weight: 2,
    source: `${CHANNEL}/repeatable behaviour and narrower vocabulary`,
    phrases: [
      'narrow * gap|gaps|differences|divide', 'bridge * gap|gaps|differences', 'close * gap|gaps', 'headway',
      'progress', 'momentum', 'on track', 'inch closer', 'closer to', 'move closer', 'close to * deal|agreement|accord',
      'within reach', 'in sight', 'common ground', 'convergence', 'turning point',
    ],
  },
  {
    id: 'seed-limited-steps',
    label: 'progress',
    weight: 2,
    source: 'seed:limited steps/narrow understandings on nuclear oversight and sanctions relief',
    phrases: [
      // adjacent words only: a gap would read "suspend talks on enrichment" as a concession
      'cap|limit|curb|freeze|suspend|halt|pause|reduce|dilute enrichment|stockpile|centrifuges|uranium',
      'cap|limit|curb|freeze|suspend|halt|pause|reduce|dilute its|the|uranium enrichment|stockpile|centrifuges',
      'scale back * enrichment|stockpile', 'sanctions relief', 'phased relief', 'relief from sanctions', 'unfreeze', 'release * funds|assets',
      'inspectors * return|back', 'return of * inspectors', 'inspections * resume', 'resume * inspections',
    ],
  },

  // --- signs the process is stalling
  {
    id: 'seed-rhetoric-hardens',
    label: 'stall',
    weight: 2,
    source: `${STALLING}/public rhetoric hardens`,
    phrases: [
      'harden', 'hardline', 'hard line', 'toughen', 'tougher stance|line|tone', 'unacceptable', 'red line|lines',
      'escalate|escalating * rhetoric', 'war of words', 'bellicose', 'furious', 'fiery', 'angry', 'lash out',
      'insult', 'humiliate|humiliation', 'defiant', 'acrimony', 'acrimonious', 'bitter', 'rancour|rancor', 'intransigence|intransigent', 'excessive demands',
      'maximalist', 'non-negotiable', 'nonnegotiable',
    ],
  },
  {
    id: 'seed-self-serving-leaks',
    label: 'stall',
    weight: 1.5,
    source: `${STALLING}/leaks become more self-serving`,
    phrases: ['leak', '=leaked', 'selective leaks', 'leaked document|documents|details|memo'],
  },
  {
    id: 'seed-bad-faith',
    label: 'stall',
    weight: 2,
    source: `${STALLING}/each side says the other negotiates in bad faith`,
    phrases: [
      'bad faith', 'insincere', 'stall', 'stonewall', 'drag * feet', 'delaying tactics', 'deceive', 'deception',
      'duplicity', 'trap', 'ploy', 'charade', 'pointless', 'waste of time', 'posture', 'playing games|game',
      'not serious', 'buy time', 'smokescreen', 'smoke screen', 'backtrack',
    ],
  },
  {
    id: 'seed-ceremonial-dead-end',
    label: 'stall',
    weight: 2.5,
    source: `${STALLING}/a channel without anything tangible becomes a ceremonial dead end`,
    phrases: [
      'no talks|negotiations|meeting|meetings|dialogue|contacts|date', 'no new|further|more|direct talks|negotiations|meeting|meetings|round|date',
      'dead end', 'deadlock', 'stalemate', 'impasse', 'logjam', '=stuck', 'go|going nowhere', 'ceremonial',
      'window * closing|closes|closed', 'hit a wall', 'hit * snag|snags', 'gridlock', 'paralysis', 'limbo',
    ],
  },
  {
    id: 'seed-blame-game',
    label: 'stall',
    weight: 2,
    source: 'seed:a public blame game',
    phrases: [
      'blame game', 'trade|traded|trading * blame|accusations|barbs|insults|charges', 'blame each other',
      'recrimination', 'finger pointing', 'point fingers',
    ],
  },
];
