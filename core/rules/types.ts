/**
 * The shape of the rule and topic tables. They are plain data: the defaults live in core/rules/tables/, and a
 * user's rules file (YAML) has the same shape, checked by validate.ts before it is compiled.
 *
 * Phrase syntax (the same for rules, language operators and topic terms):
 * - words are separated by spaces and matched case-insensitively; a word also matches its inflected forms
 *   (`agree` matches agree, agrees, agreed, agreeing; `meet` matches met), except short function words;
 * - `=word` matches that exact form only (`=talks` does not match "talk");
 * - `a|b|c` matches any one of the alternatives at that position; a hyphen joins words into one alternative, as
 *   hyphens split words in text (`lift * curfew|state-of-emergency` matches "lifted the state of emergency");
 * - `*` skips up to four words inside the same clause (`withdraw * troops` matches "withdraw its troops"), but
 *   never a negation ("ceasefire is not holding" does not match `ceasefire * holding`).
 */
import type { Label } from '../types.ts';

export interface RuleDef {
  /** unique, kebab-case, e.g. `cameo-12-reject` */
  id: string;
  label: Label;
  /**
   * How strongly a match counts, greater than 0 and at most 5. Progress adds it to the score, stall subtracts
   * it; a neutral rule raises the bar the score must clear instead.
   */
  weight: number;
  phrases: string[];
  /** where the rule comes from: `seed:<indicator>`, `cameo:<code>` or `user:<note>` */
  source: string;
  /**
   * The rule also acts on the words after it, as an operator of that kind would: `refuse` is itself stall and
   * negates what it refuses ("refused to meet"); `demand` is stall and turns what it demands into a request.
   */
  scope?: ScopeKind;
}

/** What a language operator does to the rules in its scope. Order of combination: see evaluate.ts. */
export type OperatorKind = 'negation' | 'hedge' | 'background' | 'denial' | 'request' | 'inquiry' | 'frame' | 'pseudo';
export type ScopeKind = 'negation' | 'hedge' | 'background' | 'denial' | 'request' | 'inquiry';

export interface OperatorDef {
  id: string;
  kind: OperatorKind;
  phrases: string[];
  /** how many words after the operator it reaches (it never reaches past a clause break) */
  window?: number;
  /** how many words before it it reaches, e.g. "a deal is unlikely" (default 0) */
  back?: number;
  /** frame operators: only at the start of the title or summary ("Opinion: ...") */
  atStart?: boolean;
  /** a contrast ("but"): it does not act right after "not only ... " */
  contrast?: boolean;
  /** a pseudo-operator that opens a pair ("not only ... but"): the contrast that follows is not one */
  correlative?: boolean;
}

/** Words that end a clause, and with it the scope of negation and hedges ("but", "however"). */
export interface LanguageDef {
  operators: OperatorDef[];
  breaks: string[];
}

export interface PartyDef {
  name: string;
  terms: string[];
}

/**
 * A negotiation to track, described the way coverage names it. Whether an item is about it is a score over the
 * roles its words play (see relevance.ts): a name of the negotiation is enough alone; a party, the venue, a
 * mediator, a process word and an issue add up; words of other business between the same parties count against.
 */
export interface TopicDef {
  name: string;
  description?: string;
  /** what coverage calls the negotiation itself: "Iran talks", "Gaza ceasefire", "JCPOA", "Jeddah talks" */
  names?: string[];
  /** the place the conflict is about when it is not a party ("Sudan", "Gaza", "Karabakh"): enough with a process word */
  subjects?: string[];
  /** the sides, each with the words that name it: country, capital, people, leaders and negotiators */
  parties: PartyDef[];
  venues: string[];
  mediators: string[];
  /** talks, round, ceasefire, delegation, envoy ... added to the process words every topic shares */
  process: string[];
  /** what is being negotiated: enrichment, sanctions relief ... */
  issues: string[];
  /** other business between the same parties ("trade talks", "World Cup"): counts against relevance */
  unrelated?: string[];
}

export interface RuleSet {
  rules: RuleDef[];
  topics: TopicDef[];
  language: LanguageDef;
  /** process words every topic shares (talks, ceasefire, envoy, both sides ...) */
  commonProcess?: string[];
  /**
   * How coverage names a negotiation after one of its sides, every topic alike: phrases where `{party}` stands for
   * each party's name ("{party} talks" is "Iran talks", "Kosovo talks"). They count as names of the negotiation.
   */
  commonNames?: string[];
}

/** The classifier's default topic. */
export const DEFAULT_TOPIC = 'iran-us';
