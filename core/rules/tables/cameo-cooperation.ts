/**
 * Cooperation in the CAMEO event codebook (roots 03-08, and the 013 and 019 overrides): the verbs wire stories
 * use for pledges, meetings, agreements, aid and concessions. Mapped to progress by cameo-root-to-label.tsv.
 */
import type { RuleDef } from '../types.ts';

const OBJECTS_OF_RELIEF =
  'sanctions|sanction|ban|bans|embargo|curfew|blockade|restrictions|siege|boycott|freeze|measures|state-of-emergency|martial-law|state-of-siege|travel-ban';

export const CAMEO_COOPERATION: RuleDef[] = [
  {
    id: 'cameo-03-intent-to-cooperate',
    label: 'progress',
    weight: 1.5,
    source: 'cameo:03',
    phrases: [
      'willing to', 'willingness', 'ready to', 'readiness', 'prepared to', 'open to', 'offer', 'pledge', 'promise',
      'commit to', 'committed to', 'commitment', 'vow to', 'intend to cooperate', 'propose', 'proposal',
    ],
  },
  {
    id: 'cameo-03-agree',
    label: 'progress',
    weight: 2.5,
    source: 'cameo:030',
    phrases: [
      'agree', 'see eye to eye', 'concur', 'in agreement',
    ],
  },
  {
    // The nouns alone ("the Islamabad deal") lean less than the verb; negated ("no deal") they are stall.
    id: 'cameo-03-agreement-nouns',
    label: 'progress',
    weight: 1.5,
    source: 'cameo:030',
    phrases: ['understanding', 'framework', 'settlement', 'pact', 'treaty', 'agreement', 'deal', 'accord', 'compromise', 'consensus'],
  },
  {
    id: 'cameo-057-sign-agreement',
    label: 'progress',
    weight: 3,
    source: 'cameo:057',
    phrases: [
      'sign|initial|ratify * agreement|treaty|accord|deal|pact|memorandum|ceasefire|truce|protocol|declaration|framework|understanding|roadmap|text',
      'break|breaking * deadlock|stalemate|impasse|logjam',
      'strike|reach|clinch|seal|conclude|finalize|finalise|forge * deal|agreement|accord|pact|bargain|compromise|understanding|consensus',
      'hammer out * deal|agreement|accord|framework',
      'reach|find * common ground', 'memorandum of understanding', 'joint statement|declaration|communique|text|document|paper',
      'breakthrough', 'ratify', 'milestone', 'deal done', 'deal reached', 'agreement reached', 'understanding reached',
    ],
  },
  {
    id: 'cameo-037-accept',
    label: 'progress',
    weight: 2,
    source: 'cameo:037',
    phrases: [
      'accept', 'acceptance', 'endorse', 'approve', 'embrace',
      'accept * mediation|proposal|plan|offer|invitation|formula|terms|demands|conditions',
      'agree to * mediation|proposal|plan|offer|terms|demands|conditions',
    ],
  },
  {
    id: 'cameo-04-consult',
    label: 'progress',
    weight: 1,
    source: 'cameo:04',
    // Holding talks weighs more: see news-meeting-held.
    phrases: [
      '=meet|=meets|=met', 'visit', 'discuss', 'consult', 'consultation', 'telephone', 'phone call', 'phoned',
      'spoke by phone', 'first meeting', 'direct talks', 'face to face talks|meeting', 'in person talks|meeting', 'receive',
      'welcome', 'invite', 'invitation', 'negotiate',
    ],
  },
  {
    id: 'cameo-04-host',
    label: 'progress',
    weight: 0.5,
    source: 'cameo:043',
    // Hosting or arriving is logistics; hosting talks is a meeting (below).
    phrases: ['host', 'arrive', 'arrival'],
  },
  {
    id: 'cameo-043-host-talks',
    label: 'progress',
    // a round hosted is a round set: it outweighs a hedge ("expected to host the next round")
    weight: 2,
    source: 'cameo:043',
    phrases: ['host * talks|meeting|summit|negotiations|round|delegations'],
  },
  {
    id: 'cameo-046-negotiate',
    label: 'progress',
    weight: 2,
    source: 'cameo:046',
    phrases: [
      'renew|resume|restart|revive|relaunch * talks|negotiations|dialogue|contacts|consultations|mediation',
      'begin|launch|open|start * talks|negotiations|dialogue', 'resumption of * talks|negotiations|dialogue',
      'return * for|to talk|negotiations', 'agree to talk', 'talks|negotiations|dialogue * resume|restart|reopen',
    ],
  },
  {
    id: 'cameo-045-mediate',
    label: 'progress',
    weight: 1.5,
    source: 'cameo:045',
    phrases: ['mediate', 'mediation', 'broker', 'good offices', 'facilitate', 'go-between'],
  },
  {
    id: 'cameo-05-diplomatic-cooperation',
    label: 'progress',
    weight: 2,
    source: 'cameo:05',
    phrases: [
      'praise', 'hail', 'commend', 'applaud', 'laud', 'thank', 'appreciate', 'appreciation', 'recognize|recognise',
      'apologize|apologise', 'apology', 'forgive', 'reconcile', 'reconciliation', 'rapprochement', 'thaw',
      'restore|establish|upgrade|normalize|normalise|resume * ties|relations', 'normalization|normalisation',
      'improve|improving|improvement * relations|ties', 'improvement', 'goodwill', 'warm welcome',
      'close relations|ties', 'friendship',
    ],
  },
  {
    id: 'cameo-05-support',
    label: 'progress',
    weight: 1,
    source: 'cameo:05',
    phrases: ['support', 'endorsement', 'backing', 'solidarity'],
  },
  {
    id: 'cameo-06-material-cooperation',
    label: 'progress',
    weight: 1.5,
    source: 'cameo:06',
    phrases: [
      'cooperate', 'cooperation', 'co-operation', 'joint * exercises|drills|patrols|operation|venture|project|committee|force',
      'joint * war games', 'defend',
      'share * information|intelligence|evidence|expertise|data|resources', 'exchange * information|intelligence|data',
      'extradite', 'extradition', 'hand over', 'handed over', 'investment', 'trade pact', 'partnership',
    ],
  },
  {
    id: 'cameo-07-provide-aid',
    label: 'progress',
    weight: 1.5,
    source: 'cameo:07',
    phrases: [
      'aid', 'assistance', 'donate', 'donation', 'grant', 'asylum', 'relief supplies|aid|flights',
      'provide|deliver|send|supply * aid|assistance|food|medicine|supplies|goods|relief|troops|support|grain',
      'humanitarian aid|assistance|supplies|relief|workers', 'food aid', 'evacuate', 'peacekeeping', 'peacekeeper',
      'deploy * peacekeeping|peacekeepers|observers|monitors', 'peacekeeping troops|force|forces|mission|contingent',
    ],
  },
  {
    id: 'cameo-08-yield',
    label: 'progress',
    weight: 2,
    source: 'cameo:08',
    phrases: [
      'release', '=freed|=frees|=freeing', 'set free', 'let free', 'let * go',
      `lift|ease|relax|cancel|remove|shorten|end * ${OBJECTS_OF_RELIEF}`, `lifting of * ${OBJECTS_OF_RELIEF}`,
      'ease * tensions|pressure', 'withdraw * troops|forces|soldiers|army|units', 'withdrawal', 'pull back', 'pullback', 'pullout',
      'pull out * troops|forces', 'demobilize|demobilise|demobilization|demobilisation', 'disarm', 'disarmament',
      'disband', 'lay down * arms|weapons', 'surrender', 'concession', 'concede on', 'concede * demands|ground|points|territory', 'back down', 'relent', 'soften',
      'flexibility', 'flexible', 'resign', 'step down', 'allow', 'permit', 'reopen', 'open * border|borders|crossing|crossings|bridge|airspace',
      'return * weapons|property|territory|refugees|land|hostages|prisoners|remains|assets|funds|equipment|home',
      'hand back', 'compensation', 'compensate', 'call off * strike|protest|demonstration|boycott|offensive',
      'end * strike|boycott|protest|occupation|offensive', 'accede', 'meet * demands', 'give in',
      'release|return|free|unfreeze * seized|detained|frozen|captured|held|jailed|impounded|confiscated',
      'extend|extended * ceasefire|truce|deadline|mandate|talks', 'ceasefire|truce * extended|extend|holding|holds|held',
      'extension', 'unilateral ceasefire|truce|cease-fire', 'declare * ceasefire|truce|cease-fire',
    ],
  },
  {
    id: 'cameo-013-optimistic-comment',
    label: 'progress',
    weight: 1.5,
    source: 'cameo:013',
    phrases: [
      'optimistic', 'optimism', 'confident', 'hopeful', 'hope', 'upbeat', 'encouraged', 'encouraging', 'promising',
      'good progress', 'satisfied', 'satisfaction', 'pleased',
    ],
  },
];
