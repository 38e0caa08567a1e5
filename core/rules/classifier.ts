/**
 * The rule-table classifier: the Classifier port, plus what `explain`, `rules test` and the CLI need (the fired
 * rules with their words, why an item is or is not relevant, the known topics).
 */
import type { Classifier } from '../ports.ts';
import type { Classification, FiredRule, ItemText } from '../types.ts';
import { compile, type Compiled, type TopicRole } from './compile.ts';
import { BAR, decide, evaluateField, round } from './evaluate.ts';
import { Scanner, TopicHits } from './match.ts';
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

export interface Relevance {
  relevant: boolean;
  /** in words, e.g. "names Iran and the United States, and a process word (talks)" */
  reason: string;
  parties: string[];
  terms: Array<{ role: TopicRole; party: string | null; text: string }>;
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
    const { relevant, label, score, rules } = this.run(item, topic, false);
    return { relevant, label, score, rules };
  }

  /** The same, with why the item is or is not relevant: for `explain` and `rules test`. */
  explain(item: ItemText, topic: string | null): Explanation {
    return this.run(item, topic, true);
  }

  private run(item: ItemText, topic: string | null, explain: boolean): Explanation {
    let topicIndex = -1;
    if (topic !== null) {
      const index = this.compiled.topicIndex.get(topic);
      if (index === undefined) throw new UnknownTopicError(topic, this.topics());
      topicIndex = index;
    }
    this.hits.reset(explain);
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
    const relevant = topicIndex < 0 || isRelevant(this.hits);
    const relevance = explain && topicIndex >= 0 ? this.relevance(this.compiled.topics[topicIndex]!, relevant) : null;
    return { relevant, label, score: Math.round(score * 100) / 100, rules, relevance, bar: BAR + round(totals.bar) };
  }

  private relevance(topic: TopicDef, relevant: boolean): Relevance {
    const h = this.hits;
    const parties = topic.parties.filter((_, p) => (h.parties >> p) & 1).map((p) => p.name);
    const terms = (h.words ?? []).map((w) => ({ role: w.role, party: w.party >= 0 ? topic.parties[w.party]!.name : null, text: w.text }));
    return { relevant, reason: reason(topic, parties, h, relevant), parties, terms };
  }
}

/**
 * The relevance rule: a process word or an issue, and the actors: both parties, or one party with the venue, the
 * mediator or an issue. Both parties and the venue together are as good as a process word ("Islamabad is a venue,
 * not a solution").
 */
function isRelevant(h: TopicHits): boolean {
  const parties = h.parties === 0 ? 0 : (h.parties & (h.parties - 1)) === 0 ? 1 : 2;
  const context = h.process || h.issue || (parties === 2 && h.venue);
  return context && (parties === 2 || (parties === 1 && (h.venue || h.mediator || h.issue)));
}

function reason(topic: TopicDef, parties: string[], h: TopicHits, relevant: boolean): string {
  const named = parties.length ? `names ${parties.join(' and ')}` : 'names none of the parties';
  const places = [h.venue && 'the venue', h.mediator && 'the mediator', h.issue && 'an issue'].filter(Boolean).join(', ');
  const what = `${named}${places ? `, ${places}` : ''}${h.process ? ', a process word' : ''}`;
  if (relevant) return `relevant to ${topic.name}: ${what}`;
  const missing = !(h.process || h.issue)
    ? 'it needs a process word (talks, round, envoy ...) or an issue'
    : 'it needs both parties, or one party with the venue, the mediator or an issue';
  return `not relevant to ${topic.name}: ${what}; ${missing}`;
}
