/**
 * Conflict in the CAMEO event codebook (roots 10-20, and the 012 override): demands, disapproval, rejection,
 * threats, protest, force posture, reduced relations, coercion, assault and fighting. Mapped to stall by
 * cameo-root-to-label.tsv; for a negotiation, 164 (halt negotiations) is the strongest cue.
 */
import type { RuleDef } from '../types.ts';

const PROCESS = 'talks|negotiations|dialogue|mediation|contacts|round|meeting|summit|deal|agreement|accord|treaty|process';

export const CAMEO_CONFLICT: RuleDef[] = [
  {
    id: 'cameo-164-talks-break-down',
    label: 'stall',
    weight: 3,
    source: 'cameo:164',
    phrases: [
      'break down', 'breakdown', 'collapse', 'fall apart', 'fall through', 'founder', 'derail', 'scuttle', 'torpedo',
      'wreck', 'unravel', 'in jeopardy', 'on the brink', 'on the rocks', 'break off', 'walk away', 'walk out',
      'walkout', 'storm out', 'abandon', 'quit', 'end to talks', 'terminate', 'end in failure',
      `end|halt|suspend|freeze|cancel|scrap|shelve|postpone|boycott|skip|leave * ${PROCESS}`,
      `withdraw|withdrawal|pullout|exit from * ${PROCESS}`, `pull out of * ${PROCESS}`, `pull out from * ${PROCESS}`,
    ],
  },
  {
    id: 'cameo-164-talks-falter',
    label: 'stall',
    weight: 2,
    source: 'cameo:164',
    phrases: [
      'fail', 'failure', 'falter', 'sputter', 'stumble', 'flounder', 'bog down', 'bogged down', 'hit * obstacle|obstacles|roadblock',
      'setback', 'snag', 'stumbling block', 'sticking point', 'obstacle', 'hurdle', 'rift',
      'disagreement', 'deep|wide|major|serious differences|divisions|gaps', 'far apart', 'at odds', 'standoff', 'stand-off',
    ],
  },
  {
    id: 'cameo-16-reduce-relations',
    label: 'stall',
    weight: 2.5,
    source: 'cameo:16',
    phrases: [
      'suspend', 'suspension', 'halt', 'call off', 'cancel', 'cancellation', 'scrap', 'shelve', 'postpone',
      'postponement', 'delay', 'put off', 'on hold', 'cut ties|relations', 'sever', 'recall * ambassador|envoy',
      'expel', 'expulsion', 'downgrade * ties|relations', 'close * embassy', 'cut off', 'withhold',
      'prohibit', 'reduce|cut * aid|supplies|assistance', 'boycott', 'end|halt|suspend|cut|freeze * mediation|cooperation|contacts',
      'withdraw * inspectors|peacekeepers|peacekeeping|monitors|observers|ambassador|envoy|support|aid|workers',
      'cut short', 'leave * early|abruptly',
    ],
  },
  {
    id: 'cameo-10-demand',
    label: 'stall',
    weight: 1.5,
    source: 'cameo:10',
    scope: 'request',
    phrases: ['demand', 'insist', 'must', 'precondition', 'ultimatum', 'push hard for', 'press hard for'],
  },
  {
    id: 'cameo-11-disapprove',
    label: 'stall',
    weight: 2,
    source: 'cameo:11',
    phrases: [
      'accuse', 'accusation', 'blame', 'criticize|criticise', 'criticism', 'condemn', 'condemnation', 'denounce',
      'deplore', 'complain', 'complaint', 'protest', 'rebuke', 'censure', 'slam', 'lambast', 'chide', 'castigate',
      'berate', 'reproach', 'allege', 'allegation', '=charged', 'sue', 'lawsuit', 'convict', 'indict',
      'summon * ambassador|envoy|diplomat', 'object to', 'objection', 'disapprove', 'dissatisfaction',
      'displeasure', 'double standards', 'blackmail', 'outrage', 'war crimes', 'crime', 'violation', 'violate',
      'breach',
    ],
  },
  {
    id: 'cameo-12-reject',
    label: 'stall',
    weight: 2,
    source: 'cameo:12',
    scope: 'negation',
    phrases: [
      'reject', 'rejection', 'refuse', 'refusal', 'decline', 'rule out', 'dismiss', 'rebuff', 'spurn', 'snub',
      'veto', 'oppose', 'opposed to', 'defy', 'defiance', 'renege', 'back out of', 'walk back', 'balk at', 'resist',
      'out of the question', 'turn down', 'shun',
    ],
  },
  {
    id: 'cameo-13-threaten',
    label: 'stall',
    weight: 2,
    source: 'cameo:13',
    phrases: [
      'threaten', 'threat', 'warn', 'warning', 'retaliate', 'retaliation', 'swear to fight', 'vow to fight',
      'vow to retaliate', 'menace', 'intimidate', 'intimidation', 'brinkmanship', 'or else', 'deadline * pass|passes|expire|lapse',
      'expire', 'lapse', 'resume * attacks|fighting|shelling|hostilities|strikes|bombing|enrichment|testing|violence|terrorist',
      'escalate', 'escalation', 'provocation', 'provocative', 'hostile',
    ],
  },
  {
    id: 'cameo-14-protest',
    label: 'stall',
    weight: 1.5,
    source: 'cameo:14',
    phrases: [
      'demonstrate', 'demonstration', 'demonstrator', 'protester|protestor', 'riot', 'rioter', 'hunger strike',
      'general strike', 'strike', 'sit-in', 'picket', 'block * road|roads|streets|bridge|access|transport',
      'blockade', 'rally|rallies against', 'staged * rally|rallies|protest|protests', 'unrest', 'agitation', 'uprising',
      'stop work',
    ],
  },
  {
    id: 'cameo-15-force-posture',
    label: 'stall',
    weight: 2,
    source: 'cameo:15',
    phrases: [
      'mobilize|mobilise', 'mobilization|mobilisation', 'on alert', 'high alert', 'carrier group', 'aircraft carrier',
      'warships', 'bombers', 'military buildup', 'military build-up', 'troop buildup', 'troop build-up', 'buildup', 'build-up', 'reinforce', 'reinforcement',
      'strengthen * forces|troops|presence', 'show of force', 'war games', 'military exercises|drills', 'patrols',
      'deploy|send|mass troops|forces|warships|carrier|carriers|bombers|missiles|jets',
      'deploy|send|mass more|additional|extra|its|their|fresh|new troops|forces|warships|carrier|carriers|bombers|missiles|jets',
      'missile test', 'test fire', 'cyber warfare', 'nuclear test',
    ],
  },
  {
    id: 'cameo-17-coerce',
    label: 'stall',
    weight: 2,
    source: 'cameo:17',
    phrases: [
      'seize', 'seizure', 'confiscate', 'impound', 'arrest', 'detain', 'detention', 'jail', 'imprison', 'imprisonment',
      'crackdown', 'crack down', 'ban', 'outlaw', 'curfew', 'martial law', 'state of emergency', 'state of siege',
      'deport', 'deportation', 'sabotage', 'demolish', 'blow up', 'set fire', 'torch', 'hack', 'hacker', 'cyber attack',
      'cyberattack', 'tear gas', 'force * out', 'suppress', 'suppression', 'censor', 'confine',
      'impose|tighten|extend|reimpose * sanctions|sanction|restrictions|embargo|curfew|blockade|tariffs|penalties',
      'new|more|further|fresh|additional|tougher|secondary sanctions', 'sanctioned', 'tariff', 'penalty', 'penalties',
      // the verb with its target; "sanctions on X" (the noun) is not an event by itself
      '=sanctions|=sanctioned|=sanctioning * network|networks|firms|companies|entities|officials|individuals|banks|tankers|vessels|exporters|airline|airlines|commanders|ministers',
      'kidnap', 'abduct', 'hostage', 'disperse', 'interrogate', 'deny * access|entry',
    ],
  },
  {
    id: 'cameo-18-assault',
    label: 'stall',
    weight: 2.5,
    source: 'cameo:18',
    phrases: [
      'attack', 'assault', 'bomb', 'bombing', 'bomber', 'suicide', 'explosion', 'explosive', 'blast', 'kill', 'killing',
      'murder', 'assassinate', 'assassination', 'wound', 'injure', 'torture', 'abuse', 'beat up', 'human shield',
      'execute', 'execution', 'ambush', 'gunmen', 'gunman', 'death toll', 'casualties', 'dead', 'atrocity',
    ],
  },
  {
    id: 'cameo-19-fight',
    label: 'stall',
    weight: 2.5,
    source: 'cameo:19',
    phrases: [
      'fight', 'fighting', 'clash', 'battle', 'shell', 'shelling', 'artillery', 'mortar', 'rocket', 'airstrike',
      'air strike', 'air raid', 'raid', 'invade', 'invasion', 'occupy', 'occupation', 'capture', 'retake', 'overrun',
      'open fire', 'fire on', 'gunfire', 'target', 'gunbattle', 'firefight', 'offensive', 'bombard', 'bombardment', 'hostilities',
      'wage war', 'declare war', 'war against', 'strike on', 'strikes on', 'missile strike', 'drone strike',
      'ceasefire|truce violation|violations|breach|breaches', 'violate * ceasefire|truce|agreement|deal|accord',
      'fire * shells|rockets|missiles|mortars', 'shoot down', 'shot down',
    ],
  },
  {
    id: 'cameo-20-mass-violence',
    label: 'stall',
    weight: 3,
    source: 'cameo:20',
    phrases: ['genocide', 'ethnic cleansing', 'massacre', 'mass killings', 'chemical weapons attack', 'mass atrocities'],
  },
  {
    // Doubt is a negation of what is doubted: "sceptical of Moscow's will to agree" is stall, twice.
    id: 'cameo-012-pessimistic-comment',
    label: 'stall',
    weight: 1.5,
    source: 'cameo:012',
    scope: 'negation',
    phrases: [
      'pessimistic', 'pessimism', 'skeptical|sceptical', 'skepticism|scepticism', 'doubt', 'doubtful', 'gloomy',
      'dash * hopes', 'hopes * fade|dim|dashed|evaporate', 'lose hope',
    ],
  },
  {
    id: 'cameo-012-bleak-outlook',
    label: 'stall',
    weight: 1.5,
    source: 'cameo:012',
    phrases: [
      'bleak', 'grim', 'elusive', 'dim', 'slim', 'frustration', 'frustrated', 'disappointed', 'disappointment', 'mistrust', 'distrust', 'lost * trust', 'suspicion', 'tension', 'worsen',
      'deteriorate', 'fragile', 'cloud|overshadow|jeopardize|jeopardise|imperil * talks|negotiations|process|deal|truce|ceasefire',
    ],
  },
  {
    id: 'cameo-012-difficult',
    label: 'stall',
    weight: 0.75,
    source: 'cameo:012',
    phrases: ['difficult', 'tough', 'complicated', 'uphill'],
  },
];
