/**
 * How a label is reached. The order in which weights, negation, hedges and the topic filter combine:
 *
 * 1. Matching. The title and the summary are matched separately, once each. Rules and operators are matched
 *    leftmost-longest without overlap, so a pseudo-negation ("no doubt", "not only") swallows its "no" or "not"
 *    and negates nothing, and "ceasefire violation" wins over "ceasefire".
 * 2. Scope. An operator reaches the rules after it in its own clause, up to its window in words; a clause ends at
 *    , ; : . ! ? a dash, and words such as "but" and "however". Some operators also reach back a few words
 *    ("a deal is unlikely").
 *    - negation binds the first scored rule after it (else, if it reaches back, the nearest one before it).
 *      A rule that negates ("reject", "thwart") binds only cooperation, and all of it in its reach: in "dismisses
 *      'unacceptable' response" both words are conflict, and the first must not cancel the second; in "rejected
 *      an offer to host a summit" the offer and the summit are both rejected. Two negations cancel. A rule that is itself an operator ("refuse", "reject") loses its own scope when it
 *      is negated: "did not refuse to meet" is not stall.
 *    - hedges ("could", "may", "expected to", "if"), background clauses ("after", "amid", "as"), denials
 *      ("denies", "dismissed reports"), requests ("urged", "called on") and inquiries ("investigating") reach
 *      every rule in scope; frames ("Opinion:", "Explainer:") reach the whole title or summary. A clause of
 *      circumstance ends the reach of what came before it: in "denies postponing the swap as a strike kills
 *      four", the strike is not denied.
 * 3. Each rule's contribution, from its weight (progress +, stall -):
 *    a. denied, requested or under inquiry: 0. A denial is not the event it denies, a call for a ceasefire is
 *       not a ceasefire, and an investigation into abuses is not a report of abuses.
 *    b. negated: cooperation turns into stall of the same weight ("failed to agree", "no breakthrough");
 *       conflict turns into 0, never into progress ("did not collapse", "no walkout", "no preconditions").
 *    c. hedged: half. In a question ("Will Iran and the US strike a deal?"): half. Background (a clause opened
 *       by "after", "as", "amid", "which"): a quarter. Framed (opinion, explainer, analysis): half. These
 *       multiply.
 *    d. field: the title counts in full, the summary at half.
 * 4. Score: the sum of the progress and stall contributions. The bar is 1 plus the contributions of the neutral
 *    rules that fired (a profile, a market report, an appeal: each makes a lean harder to claim). The label is
 *    progress when score >= bar, stall when score <= -bar, neutral otherwise.
 * 5. Topic filter, last and separately: it decides `relevant` and never changes the score or the label, so
 *    `rules test` can explain an off-topic sentence. Only relevant items count in digests and alerts.
 */
import type { FiredRule, Label } from '../types.ts';
import type { Compiled } from './compile.ts';
import type { Scanner } from './match.ts';
import type { ScopeKind } from './types.ts';

export const BAR = 1;
export const HEDGE_FACTOR = 0.5;
export const BACKGROUND_FACTOR = 0.25;
export const FRAME_FACTOR = 0.5;
export const SUMMARY_FACTOR = 0.5;

type Field = 'title' | 'summary';

interface Scope {
  kind: ScopeKind;
  /** token index where the operator ends, its clause, and its reach */
  end: number;
  start: number;
  clause: number;
  window: number;
  back: number;
  bound: boolean;
  /** opened by a rule acting as negation, not by an operator: binds only cooperation */
  fromRule: boolean;
  /** a clause of circumstance opened here ("as", "after"): the scope reaches no rule from here on */
  until: number;
}

interface Event {
  rule: number;
  start: number;
  end: number;
  clause: number;
  negations: number;
  hedged: boolean;
  /** in a sentence that ends with a question mark */
  question: boolean;
  background: boolean;
  denied: boolean;
  requested: boolean;
  inquired: boolean;
}

/** Running totals over the fields: the score, and what the neutral rules add to the bar. */
export interface Totals {
  score: number;
  bar: number;
}

const inScope = (s: Scope, e: Event) => s.clause === e.clause && e.start >= s.end && e.start - s.end <= s.window && e.start < s.until;
const inBackScope = (s: Scope, e: Event) => s.clause === e.clause && e.end <= s.start && s.start - e.end <= s.back;

/** Evaluate the matches of one scanned field, appending its fired rules to `fired`. */
export function evaluateField(compiled: Compiled, scanner: Scanner, field: Field, fired: FiredRule[], totals: Totals): void {
  if (scanner.count === 0) return;
  const { entries, rules, operators } = compiled;
  const tokens = scanner.tokens;
  const events: Event[] = [];
  const pending: Scope[] = [];
  const negators: Scope[] = [];
  const scopes: Scope[] = [];
  let framed = false;
  // the clause a "not only" was in: the "but" that opens the next one is no contrast
  let correlative = -2;

  for (let m = 0; m < scanner.count; m++) {
    const start = scanner.start[m]!;
    const end = scanner.end[m]!;
    const clause = tokens.clause[start]!;
    for (const id of scanner.node[m]!.entries!) {
      const entry = entries[id]!;
      if (entry.kind === 'operator') {
        const op = operators[entry.index]!;
        if (op.kind === 'pseudo') {
          if (op.def.correlative) correlative = clause;
          continue;
        }
        if (op.def.contrast && clause === correlative + 1) continue;
        if (op.kind === 'frame') {
          if (!op.def.atStart || start === 0 || afterLead(tokens.clause, start)) framed = true;
          continue;
        }
        const scope: Scope = { kind: op.kind, start, end, clause, window: op.window, back: op.back, bound: false, fromRule: false, until: Infinity };
        if (op.kind === 'negation') {
          pending.push(scope);
          negators.push(scope);
        } else {
          // "denies postponing the swap as a strike kills four": the denial ends where the circumstance begins
          if (op.kind === 'background') for (const open of [...scopes, ...pending]) if (open.clause === clause && open.until > start) open.until = start;
          scopes.push(scope);
        }
      } else if (entry.kind === 'rule') {
        const rule = rules[entry.index]!;
        const event: Event = {
          rule: entry.index,
          start,
          end,
          clause,
          negations: 0,
          hedged: false,
          question: tokens.question[start] === 1,
          background: false,
          denied: false,
          requested: false,
          inquired: false,
        };
        if (rule.label !== 'neutral') {
          // negation binds the first scored rule it reaches
          for (let p = pending.length - 1; p >= 0; p--) {
            const n = pending[p]!;
            if (inScope(n, event) && !(n.fromRule && rule.label !== 'progress')) {
              event.negations++;
              // a rejection reaches all it rejects ("rejected an offer to host a summit"); "not" only its next rule
              if (!n.fromRule) n.bound = true;
            }
            if (n.bound || n.clause !== clause || start - n.end > n.window) pending.splice(p, 1);
          }
        }
        for (const s of scopes) if (inScope(s, event)) mark(event, s.kind);
        events.push(event);
        const negated = event.negations % 2 === 1;
        if (rule.scope && !negated && !event.denied && !event.requested && !event.inquired) {
          const scope: Scope = { kind: rule.scope, start, end, clause, window: rule.window, back: 0, bound: false, fromRule: true, until: Infinity };
          if (rule.scope === 'negation') {
            pending.push(scope);
            negators.push(scope);
          } else {
            scopes.push(scope);
          }
        }
      }
    }
  }

  // Negations that found nothing after them may reach back to cooperation ("a deal is not close", "agreement
  // unlikely"); never to conflict, whose verb is usually the speaker's ("warned that police will no longer ...").
  for (const n of negators) {
    if (n.bound || n.back === 0) continue;
    for (let e = events.length - 1; e >= 0; e--) {
      const event = events[e]!;
      if (rules[event.rule]!.label !== 'progress' || !inBackScope(n, event)) continue;
      event.negations++;
      break;
    }
  }
  for (const s of scopes) {
    // a hedge a `*` skipped still hedges the phrase around it: "talks could resume" is not "talks resume"
    if (s.kind === 'hedge' && !s.fromRule) for (const event of events) if (s.start > event.start && s.end < event.end) event.hedged = true;
    if (s.back === 0) continue;
    for (const event of events) if (inBackScope(s, event)) mark(event, s.kind);
  }

  const fieldFactor = field === 'title' ? 1 : SUMMARY_FACTOR;
  for (const event of events) {
    const rule = rules[event.rule]!;
    const modifiers: string[] = [];
    let value = rule.signed;
    if (event.denied || event.requested || event.inquired) {
      value = 0;
      modifiers.push(event.denied ? 'denied' : event.requested ? 'requested' : 'under inquiry');
    } else {
      if (rule.label !== 'neutral' && event.negations > 0) {
        if (event.negations % 2 === 1) {
          value = value > 0 ? -value : 0;
          modifiers.push('negated');
        } else {
          modifiers.push('double negation');
        }
      }
      if (event.hedged) {
        value *= HEDGE_FACTOR;
        modifiers.push('hedged');
      }
      if (event.question) {
        value *= HEDGE_FACTOR;
        modifiers.push('question');
      }
      if (event.background) {
        value *= BACKGROUND_FACTOR;
        modifiers.push('background');
      }
      if (framed) {
        value *= FRAME_FACTOR;
        modifiers.push('framed');
      }
    }
    value = round(value * fieldFactor);
    if (rule.label === 'neutral') totals.bar += value;
    else totals.score += value;
    fired.push({ id: rule.def.id, label: rule.label, contribution: value, matched: tokens.words(event.start, event.end), field, modifiers });
  }
}

/** The most words of a lead before the headline proper: "Vucic addresses Serbs: Why didn't I sign". */
const LEAD_WORDS = 4;

/** Is `start` the first word after a short lead clause ("Analysis:", "Iran FM: ...")? */
function afterLead(clause: Int32Array, start: number): boolean {
  if (start === 0 || start > LEAD_WORDS || clause[start - 1] === clause[start]) return false;
  return clause[0] === clause[start - 1];
}

function mark(event: Event, kind: ScopeKind): void {
  if (kind === 'hedge') event.hedged = true;
  else if (kind === 'background') event.background = true;
  else if (kind === 'denial') event.denied = true;
  else if (kind === 'request') event.requested = true;
  else if (kind === 'inquiry') event.inquired = true;
}

export const round = (n: number) => Math.round(n * 1000) / 1000;

export function decide(score: number, neutralBar: number): Label {
  const bar = BAR + neutralBar;
  if (score >= bar) return 'progress';
  if (score <= -bar) return 'stall';
  return 'neutral';
}
