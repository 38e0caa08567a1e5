/**
 * Process words every topic shares: what coverage of any negotiation uses for the negotiating itself. A topic's
 * own `process` list adds to these, so a new table need not repeat them.
 */
export const COMMON_PROCESS: string[] = [
  'talks', 'negotiation', 'negotiate', 'negotiator', 'negotiating table', 'round', 'ceasefire', 'cease fire',
  'truce', 'armistice', 'deal', 'agreement', '=accord|=accords', 'treaty', 'memorandum', 'framework', 'roadmap',
  'peace plan', 'peace process', 'peace deal', 'peace talks', 'peace efforts', 'peace push', 'delegation',
  'envoy', 'mediation', 'mediator', 'mediate', 'go-between', 'intermediary', 'broker', 'diplomacy', 'diplomat',
  '=diplomatic', 'dialogue', 'summit', '=meet|=meets|=met|=meeting', 'proposal', 'counterproposal', 'offer',
  'demand', 'concession', 'deadline', 'ultimatum', 'precondition', 'standoff', 'stand-off', 'stalemate',
  'deadlock', 'impasse', 'breakthrough', 'prisoner swap|exchange', 'swap', 'exchange|swap|trade * prisoners|captives|detainees|bodies|pows', 'detainee', 'hostage',
  'both sides', 'the two sides', 'the sides', 'warring parties|sides|factions', 'foreign minister',
  'secretary of state', 'chief negotiator', 'special representative', 'backchannel', 'back channel', 'hotline',
  'working group', 'overture', 'olive branch', 'peace offer', 'joint statement', 'joint declaration', 'goodwill gesture', 'confidence-building',
  'de-escalation', 'de-escalate', 'normalisation|normalization', 'agree', '=sign|=signed|=signing',
];

/**
 * How coverage names a negotiation after one side, for every topic: `{party}` stands for each party's name. "Iran
 * nuclear talks", "a Kosovo deal", "talks with Hamas" are names of the negotiation; "US and Mexico talks" is not,
 * because the word before "talks" is not a party.
 */
export const COMMON_NAMES: string[] = [
  '{party} talks|negotiations|deal|=accord|agreement|treaty|ceasefire|truce|dialogue',
  '{party} peace|nuclear|ceasefire|truce|normalisation|normalization talks|negotiations|deal|=accord|agreement|treaty|process|plan|dialogue',
  'talks|negotiations|dialogue|ceasefire|truce with|between {party}', 'peace deal|agreement|treaty|=accord with|between {party}',
];
