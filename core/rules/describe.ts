/**
 * An explanation in plain lines, for `talkwatch rules test` and for chat replies that show why an item got its
 * label: the label and score, why it is or is not relevant, then each rule that fired with the words it matched.
 */
import { signed } from '../format.ts';
import type { FiredRule, RelevanceResult } from '../types.ts';
import type { Explanation } from './classifier.ts';
import { relevanceReason } from './relevance.ts';

export function describe(explanation: Explanation): string[] {
  const { label, score, bar, relevance, rules } = explanation;
  const lines = [`${label} (score ${signed(score)}; progress needs +${bar} or more, stall ${-bar} or less)`];
  lines.push(relevance ? relevance.reason : 'no topic filter: every item is relevant');
  if (rules.length === 0) lines.push('no rule fired');
  for (const rule of rules) lines.push(ruleLine(rule));
  return lines;
}

/** Why a stored item is or is not about its topic; items stored before the score was kept say only the verdict. */
export function describeRelevance(topic: string, relevant: boolean, relevance: RelevanceResult | null | undefined): string {
  if (relevance) return relevanceReason(topic, relevance);
  return relevant ? `relevant to ${topic}` : `not relevant to ${topic}`;
}

/** One rule that fired: where, the words it matched, and what it did to the score. */
export function ruleLine(rule: FiredRule): string {
  const effect = rule.label === 'neutral' ? `raises the bar by ${rule.contribution}` : signed(rule.contribution);
  const modifiers = rule.modifiers.length ? ` (${rule.modifiers.join(', ')})` : '';
  return `  ${rule.field} "${rule.matched}": ${rule.id}, ${rule.label}, ${effect}${modifiers}`;
}
