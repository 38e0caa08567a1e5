/**
 * The language the rules are read in: negation, hedges, denials, requests, frames and pseudo-negations, and the
 * words that end a clause. How they combine with the rules: see evaluate.ts.
 */
import type { LanguageDef } from '../types.ts';

export const LANGUAGE: LanguageDef = {
  operators: [
    // Negation turns cooperation into stall and conflict into nothing. Windows are in words.
    { id: 'neg-not', kind: 'negation', window: 5, back: 3, phrases: ['not', 'never', 'no longer', 'nor', 'neither', 'cannot', 'hardly', 'barely'] },
    // "agreed not to target shipping": what follows is negated, never what came before
    { id: 'neg-not-to', kind: 'negation', window: 5, phrases: ['not to', 'never to'] },
    // "no" reaches only its noun (and an adjective or two before it): "no breakthrough", "no new sanctions".
    {
      id: 'neg-no',
      kind: 'negation',
      window: 3,
      phrases: ['no', 'none', 'nothing', 'nobody', 'without', 'lack of', '=lack', '=lacked', '=lacking', 'absence of', 'little', 'scant', 'zero'],
    },
    {
      id: 'neg-fail',
      kind: 'negation',
      window: 5,
      phrases: [
        'fail to', 'fail * to', 'fail in', 'failure to', 'unable to', 'inability to', 'yet to', 'stop short of', 'fall short of', 'short of',
        'far from', 'no sign of', 'no prospect of', 'refrain from', 'avoid', 'prevent', 'halt to', 'end to', 'instead of',
        'rather than', 'in place of', 'unwilling to', 'reluctant to', '=ending', 'put an end to', 'avert', 'stave off', 'head off', 'ward off', 'forestall',
      ],
    },
    // "a deal is unlikely": reaches back to the deal.
    { id: 'neg-unlikely', kind: 'negation', window: 4, back: 4, phrases: ['unlikely', 'improbable', 'out of reach', 'off the table', 'out of the question', 'not on the table', 'far from complete|completion|done|finished|settled|final|finalised|finalized'] },

    // Hedges: possible, planned or conditional events weigh half.
    {
      id: 'hedge-modal',
      kind: 'hedge',
      window: 6,
      phrases: [
        'could', 'may', 'might', 'would', 'should', 'perhaps', 'possibly', 'maybe', 'if', 'whether', 'in case', 'before', 'until',
        'reportedly', 'allegedly', 'alleged', 'suspected', 'purported', 'rumoured', 'rumored', 'speculation',
      ],
    },
    {
      id: 'hedge-intent',
      kind: 'hedge',
      window: 6,
      phrases: [
        'expect to', 'expected to', 'hope to', 'hopes to', 'hoping to', 'plan to', 'planned', 'aim to', 'aims to', 'seek', 'eye|eyes|eyeing',
        'set to', 'poised to', 'due to', 'likely to', 'try to', 'trying to', 'attempt to', 'bid to', 'effort to',
        'efforts to', 'want to', 'wish to', 'intend to', 'chance of', 'chances of', 'prospect of', 'prospects of',
        'prospects for', 'odds of', 'possibility of', 'risk of', 'fear of', 'fears of', 'ahead of', 'in the run up to',
        'proposed', 'potential', 'possible', 'would-be', 'ready for', 'scope for', 'room for', 'hope for', 'hopes for',
      ],
    },
    // "to" right before a verb marks what has not happened yet: "delegations to meet on Friday".
    { id: 'hedge-to', kind: 'hedge', window: 1, phrases: ['to'] },
    { id: 'hedge-after', kind: 'hedge', window: 0, back: 3, phrases: ['possible', 'likely', 'expected', 'planned', 'in the works', 'on the cards'] },
    // A contrast is the lesser news: "agreed to a ceasefire, but clashes continued" is still a ceasefire.
    { id: 'hedge-contrast', kind: 'hedge', window: 12, contrast: true, phrases: ['but', 'although', 'though'] },

    // Background: a clause of circumstance weighs half; the news is the main clause ("released the crew as talks
    // proceed", "agreed to a truce after two days of fighting").
    {
      id: 'background',
      kind: 'background',
      window: 12,
      phrases: ['after', 'following', 'amid', 'since', 'as', 'despite', 'in the wake of', 'in response to', 'when', 'where', 'who', 'whom', 'which', 'whose', 'while', 'whereas'],
    },

    // A condition is a demand, not an event: "will boycott the vote unless the president agrees to step down".
    { id: 'condition', kind: 'request', window: 12, phrases: ['unless', 'on condition that', 'provided that', 'as long as', 'in return for'] },
    // "the deal hinges on the minerals": what depends on a condition, before or after it, has not happened
    { id: 'condition-on', kind: 'request', window: 12, back: 4, phrases: ['depend|depends|depending|hinge|hinges|hinging|conditional|contingent on|upon'] },

    // Denials: "denies talks have stalled" is not a stall.
    {
      id: 'deny',
      kind: 'denial',
      window: 12,
      phrases: [
        'deny', 'denial of', 'dismiss * report|reports|claim|claims|suggestion|suggestions|speculation|rumours|rumors',
        'reject * report|reports|claim|claims|suggestion|suggestions|speculation|rumours|rumors|accusation|accusations|allegation|allegations|charge|charges',
        'rebut', 'refute', 'play down', 'downplay', 'no truth', 'not true', 'false report', 'fake news',
      ],
    },

    // Frames: opinion, analysis and explainers talk about events without reporting one.
    {
      id: 'frame-genre',
      kind: 'frame',
      atStart: true,
      phrases: [
        'opinion', 'analysis', 'explainer', 'explained', 'profile', 'editorial', 'comment', 'commentary', 'column',
        'q&a', 'factbox', 'fact box', 'timeline', 'in pictures', 'live', 'podcast', 'interview', 'view',
        'what is', 'what are', 'what does', 'what do', 'what to know', 'what to expect', 'what a', 'what the',
        'why', 'how', 'will', 'can', 'is', 'are', 'does', 'do',
      ],
    },
    {
      id: 'frame-anywhere',
      kind: 'frame',
      phrases: [
        'explainer', 'op-ed', 'op ed', 'what it means', 'what this means', 'what * means for', 'the view from',
        'live updates', 'live blog', 'as it happened', 'timeline of', 'what to know', 'what you need to know', 'things to know', 'key dates', 'key points', 'key players',
        'analysts|experts|observers|commentators|pundits say|warn|believe|predict|argue|fear|expect',
      ],
    },

    { id: 'pseudo-correlative', kind: 'pseudo', correlative: true, phrases: ['not only', 'not just', 'not merely'] },
    // Pseudo-negations and idioms that only look like negation or like an event: matched so they are skipped.
    {
      id: 'pseudo',
      kind: 'pseudo',
      phrases: [
        'but also', 'not least', 'not to mention', 'no doubt', 'no wonder', 'no matter', 'no less',
        'nothing less', 'not without', 'whether or not', 'if not', 'never mind', 'no-fly zone', 'no fly zone',
        'no man\'s land', 'not far from', 'no stranger to', 'without doubt', 'without question', 'little doubt',
        'describe|describes|described|characterise|characterize|characterises|characterizes|characterised|characterized|term|terms|termed|dub|dubs|dubbed|cite|cites|cited|regard|regards|regarded * as',
        'continue|continues|continued|continuing to',
        'as saying', 'as telling', 'as well as', 'such as', 'as part of', 'as soon as', 'as far as', 'as much as',
        'as many as', 'as well', 'as a result of', 'in charge', 'according to', 'in accordance with', 'threatened with', 'press release', 'free trade', 'sign of', 'signs of', 'the wounded', 'the injured', 'the dead',
        'de-escalation talks|efforts|push', 'aid agency|agencies|group|groups|organisation|organization|organisations|organizations|worker|workers|official|officials', 'explosive talks|interview|meeting|report|claims',
        'war-torn', 'war torn', 'strife-torn', 'since the war', 'during the war', 'after the war', 'before the war',
        'fight|battle|war on|against|to * poverty|corruption|disease|inflation|hunger|drugs|illiteracy|unemployment',
      ],
    },
  ],
  breaks: [
    'but', 'however', 'although', 'though', 'yet', 'whereas', 'while', 'despite', 'after', 'before', 'because',
    'since', 'until', 'unless', 'if', 'whether', 'meanwhile', 'instead', 'nevertheless', 'nonetheless', 'amid',
    'following', 'when', 'whereupon',
  ],
};
