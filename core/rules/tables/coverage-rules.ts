/**
 * How news coverage words the steps the seed indicators and the CAMEO verbs describe: meetings scheduled and held,
 * interim steps, talks paused or put off, teams pulled out, third parties moving against a deal, ultimatums with a
 * clock. Each rule cites the indicator or CAMEO code it words; ids start with `news-`.
 */
import type { RuleDef } from '../types.ts';

const TALKS = 'talks|negotiations|dialogue|round|summit|meeting|meetings|process|consultations';
const DEAL = 'deal|agreement|accord|truce|ceasefire|cease-fire|treaty|pact|framework';

export const COVERAGE_RULES: RuleDef[] = [
  // --- progress
  {
    id: 'news-meeting-held',
    label: 'progress',
    weight: 2,
    source: 'seed:signs of a real channel/scheduled follow-up meetings',
    // A meeting held or set: "to hold" still counts, so it weighs more than a mere contact (cameo-04-consult).
    phrases: [
      `hold * ${TALKS}|discussions`, `${TALKS} * held`, 'take place', 'go ahead', 'sit down', 'sit face to face', 'engage in * talks|dialogue|negotiations',
      'initiate|kick-off * talks|negotiations|dialogue|round|summit|process|demarcation|delimitation', 'begin|start|launch|open * round|summit|process|consultations|demarcation|delimitation', 'send * envoy|envoys|delegation|negotiators|team to',
      `travel|head|fly * for * ${TALKS}`, `prepare|preparations for * ${TALKS}`, 'reboot * diplomacy|talks|negotiations|dialogue|process', 'revive|restart|relaunch * diplomacy|round|summit|process',
      'new talks', 'set * date for', 'appoint|appoints|appointed|name|names|named * team|teams|negotiator|negotiators|delegation|delegations',
      `${TALKS} * begin|begins|began|start|starts|started|open|opens|opened|kick-off|kicks-off|kicked-off|commence|commenced|under-way|underway`,
      `set for * ${TALKS}`, 'confirm|confirms|confirmed * date|venue|round|meeting|summit|talks',
      'conclude|concludes|concluded * round|talks|session|meeting|summit|consultations',
    ],
  },
  {
    id: 'news-moving-closer',
    label: 'progress',
    weight: 2,
    source: 'seed:signs of a real channel/repeatable behaviour and narrower vocabulary',
    phrases: [
      'inch|edge|move|moving toward|towards', 'edge closer', `${DEAL} * nears|near|looms|in-sight|within-reach`,
      'right direction', 'step forward', 'significant progress', 'major progress', 'meaningful progress',
      'declare * peace', 'peace * established', 'draft|drafting|finalising|finalizing * text|treaty|agreement|memorandum|deal', 'finalise|finalize * text|memorandum|draft',
      'initialled|initialed * treaty|agreement|deal', 'on the verge of', 'verge of * deal|agreement|finalization|finalisation',
      'sign|signs|signed|signing * document|documents|declaration|communique|memorandum|joint-statement',
      'guiding|main|basic|key|general principles', 'common ground', 'success', 'successful', 'went well',
      'finalization|finalisation|completion of * deal|agreement|text|treaty|accord',
    ],
  },
  {
    id: 'news-de-escalation-steps',
    label: 'progress',
    weight: 2,
    source: 'seed:signs of a real channel/limited confidence-building measures',
    phrases: [
      'halt|stop|end|cease|suspend|pause * strikes|attacks|fighting|hostilities|shelling|bombing|war|conflict',
      'reduce|defuse|lower|calm|cool|ease * tensions|tension', 'restore|re-establish|reestablish|reopen|reconnect * hotline|hotlines|channel|channels|communication|communications|line|lines',
      'hotline|hotlines|channel|communication|communications * restored|reopened|resumed',
      'strait|crossing|border|airspace * open|reopen|reopened|reopens', 'completely|fully open',
      'free|frees|freed|release|releases|released|hand-over * hostages|captives|prisoners|detainees|soldiers|sailors|servicemen',
      'free|frees|freed|release|releases|released|hand-over * detained|captured|jailed|imprisoned soldiers|sailors|servicemen|fighters|journalists',
      'reunion|reunions|reunite * families', 'families * reunite|reunited', 'family reunion|reunions',
      'return|returns|returned|hand|hands|handed|cede|cedes|ceded * villages|territory|territories|land|enclave|enclaves|districts', 'interim|temporary|short-term * deal|agreement|arrangement|truce',
      'extends * ceasefire|truce', 'ceasefire|truce * takes-effect|took-effect|begins|began|comes-into-force|in-effect', 'drop|drops|dropped|waive * demand|demands|precondition|claim',
      'dispatch|dispatches|dispatched|send|sends|sent * inspectors|monitors|observers',
    ],
  },
  {
    id: 'news-convince',
    label: 'progress',
    weight: 1.5,
    source: 'cameo:03',
    // On its own a mild step; negated ("failed to convince") it is the stall.
    phrases: ['convince', 'persuade', 'secure * deal|agreement|ceasefire|truce|release'],
  },
  // --- stall
  {
    id: 'news-talks-put-off',
    label: 'stall',
    weight: 2.5,
    source: 'seed:signs the process is stalling/talks postponed, suspended or cancelled',
    phrases: [
      `${TALKS} * paused|adjourned|put-off|postponed|shelved|called-off|cancelled|canceled|scrapped|are-off|is-off|broken-off|on-hold|delayed`,
      `${TALKS} * on-pause|on-ice|in-limbo|at-a-standstill|frozen|suspended`, `pause|halt|freeze|suspension|hiatus in|of * ${TALKS}|diplomacy`, `pause * in * ${TALKS}`,
      'come|comes|came to * abrupt|sudden|premature end|halt', 'come|comes|came to a halt|standstill',
      'standstill', 'no movement', 'stalled|frozen|suspended|paused * talks|negotiations|dialogue|process',
      'slow|slows|slowed|stall|stalls|stalled * talks', 'no date set', 'no * date|dates for', 'without a date', 'indefinitely', 'never confirmed',
      'no new * proposal|plan|offer|initiative', 'no imminent', 'no plans for * talks|meeting|summit',
    ],
  },
  {
    id: 'news-team-pulled-out',
    label: 'stall',
    weight: 2.5,
    source: 'cameo:164',
    phrases: [
      'recall|recalls|recalled|pull|pulls|pulled|withdraw|withdraws * negotiators|negotiating-team|delegation|team|teams|envoys',
      'negotiators|delegation|team|envoys * recalled|withdrawn|pulled-out|walked-out', 'opt|opts|opted out of',
      'skip|skips|skipped|snub|snubs|snubbed * talks|meeting|summit|round|negotiations',
      'cut|cuts|sever|severs|close|closes|shut|shuts * hotline|hotlines|communication|communications|liaison|channel|lines',
      'block|blocks|blocked|halt|halts|suspend|suspends|cut-off * aid|supplies', 'blow-up|blew-up|destroy|destroys * liaison office',
    ],
  },
  {
    id: 'news-deal-in-danger',
    label: 'stall',
    weight: 2.5,
    source: 'seed:signs the process is stalling/a channel without anything tangible becomes a ceremonial dead end',
    phrases: [
      `${DEAL} * collapse|collapses|unravel|unravels|break-down|breaks-down|fails-to-hold|fail-to-hold|failed-to-hold|on-the-brink`,
      `save|rescue|salvage * ${DEAL}|talks`, 'break|breaks|broke|breaking|breach|breaches * ceasefire|truce|deal|agreement|accord',
      'little to show', 'nothing to show', 'unresolved', 'no final text', 'not * acknowledge|accept|recognise|recognize|respect|honour|honor|comply',
      'vow|vows|vowed to continue|keep * fighting|war|offensive|campaign|strikes|attacks',
      'downplay|downplays|play-down|plays-down * prospects|hopes|expectations|talk|chances', 'stick|sticks|stuck to * precondition|preconditions|demand|demands|position',
    ],
  },
  {
    id: 'news-gaps-remain',
    label: 'stall',
    weight: 2,
    source: 'seed:signs the process is stalling/positions hardening, gaps that do not narrow',
    // An obstacle to a treaty is no step toward it.
    scope: 'negation',
    phrases: [
      'far apart', 'very|vastly|widely|sharply|fundamentally different approaches|positions|views|visions',
      'gaps|differences|disagreements * remain|persist', 'remain|remains|still * apart|divided', 'sticking point|points',
      'stumbling block|blocks', 'obstacle|obstacles|hurdle|hurdles|roadblock|roadblocks|block to', 'marred|overshadowed|clouded by',
      'cast|casts|casting * shadow|pall over|on', 'upend|upends|upended|upending',
    ],
  },
  {
    id: 'news-no-appetite',
    label: 'stall',
    weight: 2,
    source: 'seed:signs the process is stalling/rhetoric hardening',
    // "no interest in talks", "will not bow to pressure", talks called unwise: a side closing the door.
    phrases: [
      'no|not|little|nor interest|interested|appetite in|for', 'has|have no interest', 'not|never|refuse|refuses|refused|refusing * bow|bend|cave|capitulate|kneel',
      'tough|harsh|hostile|bellicose|fiery rhetoric|stance|tone|words', 'unwise', 'futile', 'pointless', 'waste of time', 'dishonorable|dishonourable', 'not * wise|intelligent|honorable|honourable',
    ],
  },
  {
    id: 'news-new-sanctions',
    label: 'stall',
    weight: 2,
    source: 'seed:signs the process is stalling/new sanctions during the talks',
    phrases: ['new|fresh|more|additional|further|renewed|tougher * sanctions|penalties'],
  },
  {
    id: 'news-show-of-force',
    label: 'stall',
    weight: 2,
    source: 'cameo:15',
    phrases: ['launch|launches|launched * missile|missiles|rocket|rockets|projectiles|icbm', 'missile launch|launches|tests'],
  },
  {
    id: 'news-third-party-opposition',
    label: 'stall',
    weight: 2,
    source: 'seed:signs the process is stalling/third parties moving to block a deal',
    // It acts as negation: what it opposes ("thwart the Iran deal") is not a step forward.
    scope: 'negation',
    phrases: [
      'thwart', 'kill * deal|agreement|talks', 'lobby * against|over * deal|agreement|accord',
      'ask|asks|urge|urges|call-on|press|lobby * to oppose|reject|block|thwart|kill|sabotage', 'oppose * deal|agreement|accord|talks',
    ],
  },
  {
    id: 'news-ultimatum-clock',
    label: 'stall',
    weight: 2,
    source: 'seed:signs the process is stalling/ultimatums and threats to quit',
    // A deadline set for a deal is a demand: the deal it names is not (yet) a step forward.
    scope: 'request',
    phrases: [
      'give|gives|gave * days|weeks|months|hours', 'set|sets|establish|establishes|impose|imposes * deadline|ultimatum',
      'or face', 'one way or the other', 'bad things', 'consequences if',
    ],
  },
];
