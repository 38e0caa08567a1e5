/**
 * Topic tables: which parties, venue, mediator, process words and issues make an item about a negotiation.
 * Tracking another negotiation means adding a table like these (here or in a rules file), not code.
 */
import type { TopicDef } from '../types.ts';

export const IRAN_US: TopicDef = {
  name: 'iran-us',
  description: 'the Iran-US talks hosted in Islamabad, with Pakistan mediating',
  parties: [
    {
      name: 'Iran',
      terms: [
        'iran', '=iranian', '=iranians', 'tehran', 'islamic republic', 'khamenei', 'araghchi', 'pezeshkian',
        'revolutionary guards', 'irgc',
      ],
    },
    {
      name: 'the United States',
      terms: [
        '=u.s.', 'united states', 'america', '=american', '=americans', 'washington', 'white house', 'state department',
        'pentagon', 'trump', 'vance', 'witkoff', 'rubio',
      ],
    },
  ],
  venues: ['islamabad'],
  mediators: ['pakistan', '=pakistani', '=pakistanis', 'munir', 'shehbaz sharif'],
  // Process words say the item is about negotiating; with one party they are not enough ("US and Mexico resume talks").
  process: [
    'talks', 'negotiation', 'negotiate', 'negotiator', 'round', 'ceasefire', 'cease fire', 'truce', 'deal',
    'agreement', 'accord', 'delegation', 'envoy', 'mediation', 'mediator', 'mediate', 'diplomacy', 'diplomat',
    '=diplomatic', 'dialogue', 'summit', '=meet|=meets|=met|=meeting', 'channel', 'framework', 'peace', 'proposal',
    'offer', 'demand', 'concession', 'deadline', 'prisoner swap', 'prisoner exchange', 'swap', 'detainee',
    'ultimatum', 'standoff', 'stand-off', 'negotiating table', 'sanction', 'nuclear', 'inspector', 'stockpile',
    'missile programme', 'missile program', 'tanker', 'oil cargo', 'working group', 'joint committee', 'understanding',
    'foreign minister', 'secretary of state', 'chief negotiator', 'hotline', 'backchannel', 'back channel',
    'frozen funds|assets', 'go-between', 'intermediary', 'goodwill gesture',
  ],
  // Issues only this dispute is about: with one party they make an item relevant ("Iran offers to cap enrichment").
  issues: ['enrichment', 'enrich uranium', 'enriched uranium', 'uranium', 'centrifuge', 'iaea', 'hormuz'],
};

export const DEFAULT_TOPICS: TopicDef[] = [IRAN_US];
