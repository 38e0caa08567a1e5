/**
 * The rule-table classifier: the Classifier port, plus what `explain`, `rules test` and the CLI need (the fired
 * rules with their words, why an item is or is not relevant, the known topics).
 */
import type { Classifier } from '../ports.ts';
import type { Classification, FiredRule, ItemText, RelevanceResult, RelevanceTerm } from '../types.ts';
import { compile, type Compiled } from './compile.ts';
import { BAR, decide, evaluateField, round } from './evaluate.ts';
import { Scanner, TopicHits } from './match.ts';
import { RELEVANCE_BAR, relevanceReason, relevanceScore } from './relevance.ts';
import type { RuleSet, TopicDef } from './types.ts';

/** Asked for a topic that has no table. Coded, so a caller can tell it from a bug. */
export class UnknownTopicError extends Error {
  readonly code = 'unknown-topic';
  constructor(
    readonly topic: string,
    readonly known: string[],
  ) {
    super(`unknown topic "${topic}"; known topics: ${known.join(', ') || '(none)'}`);
    this.name = 'UnknownTopicError';
  }
}

/** Why an item is or is not about a topic: the stored result, plus the verdict and the reason in words. */
export interface Relevance extends RelevanceResult {
  relevant: boolean;
  /** in words, e.g. "relevant to iran-us (score 4, needs 3): the party Iran ("Tehran") +1, ..." */
  reason: string;
  /** the parties it names */
  parties: string[];
}

export interface Explanation extends Classification {
  /** null when classified with no topic filter */
  relevance: Relevance | null;
  /** what |score| had to reach for progress or stall: 1, plus the neutral rules that fired */
  bar: number;
}

/** Pass as the topic to skip the topic filter (every item is relevant), as `--any-topic` does. */
export const ANY_TOPIC = null;

export class RuleClassifier implements Classifier {
  private readonly compiled: Compiled;
  private readonly scanner: Scanner;
  private readonly hits = new TopicHits();

  constructor(readonly ruleSet: RuleSet) {
    this.compiled = compile(ruleSet);
    this.scanner = new Scanner(this.compiled);
  }

  /** The names of the topics this classifier has tables for. */
  topics(): string[] {
    return this.compiled.topics.map((t) => t.name);
  }

  topic(name: string): TopicDef | undefined {
    const index = this.compiled.topicIndex.get(name);
    return index === undefined ? undefined : this.compiled.topics[index];
  }

  /** Classify for a topic; `null` skips the topic filter. Throws UnknownTopicError for a topic with no table. */
  classify(item: ItemText, topic: string | null): Classification {
    const { relevant, label, score, rules, relevance } = this.run(item, topic);
    return relevance ? { relevant, label, score, rules, relevance } : { relevant, label, score, rules };
  }

  /** The same, with why the item is or is not relevant in words: for `explain` and `rules test`. */
  explain(item: ItemText, topic: string | null): Explanation {
    const { relevance, ...rest } = this.run(item, topic);
    if (!relevance || topic === null) return { ...rest, relevance: null };
    const h = this.hits;
    const def = this.topic(topic)!;
    const parties = def.parties.filter((_, p) => (h.partyBits >> p) & 1).map((p) => p.name);
    return { ...rest, relevance: { ...relevance, relevant: rest.relevant, parties, reason: relevanceReason(def.name, relevance) } };
  }

  private run(item: ItemText, topic: string | null): Omit<Explanation, 'relevance'> & { relevance: RelevanceResult | null } {
    let topicIndex = -1;
    if (topic !== null) {
      const index = this.compiled.topicIndex.get(topic);
      if (index === undefined) throw new UnknownTopicError(topic, this.topics());
      topicIndex = index;
    }
    this.hits.reset();
    const rules: FiredRule[] = [];
    const totals = { score: 0, bar: 0 };
    if (item.title) {
      this.scanner.scan(item.title, topicIndex, this.hits);
      evaluateField(this.compiled, this.scanner, 'title', rules, totals);
    }
    if (item.summary) {
      this.scanner.scan(item.summary, topicIndex, this.hits);
      evaluateField(this.compiled, this.scanner, 'summary', rules, totals);
    }
    const score = round(totals.score);
    const label = decide(score, totals.bar);
    const relevance = topicIndex < 0 ? null : this.relevance(this.compiled.topics[topicIndex]!);
    const relevant = relevance ? relevance.score >= RELEVANCE_BAR : true;
    return { relevant, label, score: Math.round(score * 100) / 100, rules, relevance, bar: BAR + round(totals.bar) };
  }

  private relevance(topic: TopicDef): RelevanceResult {
    const h = this.hits;
    const score = relevanceScore(h);
    const terms: RelevanceTerm[] = [];
    // a word can reach one entry by several paths: keep each (role, party, text) once
    for (const w of h.words) {
      const party = w.party >= 0 ? topic.parties[w.party]!.name : null;
      if (!terms.some((t) => t.role === w.role && t.party === party && t.text === w.text)) terms.push({ role: w.role, party, text: w.text });
    }
    return { score, terms };
  }
}
