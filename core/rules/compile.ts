/**
 * Compiling the tables once into a matcher: every phrase of every rule, operator and topic term goes into one
 * trie keyed by word symbols (a lemma with all its inflections, or an exact form). Text is tokenised once and
 * walked once: at each token, the trie says which phrases start there, so the cost per item does not grow with
 * the number of rules the way a loop of one regular expression per rule does.
 */
import type { Label } from '../types.ts';
import { inflections } from './inflect.ts';
import { GAP_WORDS, parsePhrase } from './phrase.ts';
import { hashOf, type Lexicon } from './tokenize.ts';
import type { RelevanceRole } from './relevance.ts';
import type { OperatorDef, OperatorKind, RuleDef, RuleSet, ScopeKind, TopicDef } from './types.ts';

export type TopicRole = RelevanceRole;

/** The topic index of the process words every topic shares. */
export const EVERY_TOPIC = -2;

export type Entry =
  | { kind: 'rule'; index: number }
  | { kind: 'operator'; index: number }
  /** `loose`: a name made from a party's name, which never starts inside a hyphenated word ("Turkey-Armenia talks") */
  | { kind: 'topic'; topic: number; role: TopicRole; party: number; loose?: boolean };

export interface CompiledRule {
  def: RuleDef;
  label: Label;
  /** progress > 0, stall < 0, neutral: the weight (it raises the bar) */
  signed: number;
  scope: ScopeKind | null;
  window: number;
}

export interface CompiledOperator {
  def: OperatorDef;
  kind: OperatorKind;
  window: number;
  back: number;
}

export class TrieNode {
  next: Map<number, TrieNode> | null = null;
  /** the children as sorted parallel arrays, built by seal(): faster than a Map for a handful of keys */
  keys: Int32Array | null = null;
  kids: TrieNode[] = [];
  gap: TrieNode | null = null;
  /** entry ids that end here: rules and operators (at most one of them wins per span) and topic terms */
  entries: number[] | null = null;
  /** true when some entry here is a rule or an operator, not only topic terms */
  scored = false;
  /** the topic terms that end here (also in entries), kept apart so scoring never loops over them */
  topicTerms: Array<Extract<Entry, { kind: 'topic' }>> | null = null;

  child(symbol: number): TrieNode {
    this.next ??= new Map();
    let node = this.next.get(symbol);
    if (!node) this.next.set(symbol, (node = new TrieNode()));
    return node;
  }

  /** The child for a symbol, or null. */
  find(symbol: number): TrieNode | null {
    const keys = this.keys!;
    let lo = 0;
    let hi = keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const key = keys[mid]!;
      if (key === symbol) return this.kids[mid]!;
      if (key < symbol) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  seal(): void {
    if (this.next) {
      const sorted = [...this.next.entries()].sort((a, b) => a[0] - b[0]);
      this.keys = Int32Array.from(sorted, ([key]) => key);
      this.kids = sorted.map(([, kid]) => kid);
      for (const kid of this.kids) kid.seal();
    }
    this.gap?.seal();
  }
}

/** Default reach, in words, of each kind of operator (and of rules that act as one). */
export const WINDOWS: Record<OperatorKind, number> = { negation: 5, hedge: 6, background: 12, denial: 12, request: 12, inquiry: 12, frame: 0, pseudo: 0 };

export interface Compiled {
  lexicon: Lexicon;
  /** form id -> the symbols it stands for */
  formSymbols: Int32Array[];
  /** forms that start a negation: a `*` gap never skips them */
  gapStops: Set<number>;
  /** form id -> the trie nodes of the phrases that can start with it (null: none) */
  formRoots: Array<TrieNode[] | null>;
  entries: Entry[];
  rules: CompiledRule[];
  operators: CompiledOperator[];
  topics: TopicDef[];
  topicIndex: Map<string, number>;
  gapWords: number;
}

class Vocabulary implements Lexicon {
  private readonly forms = new Map<string, number>();
  private readonly symbols = new Map<string, number>();
  readonly formSymbols: number[][] = [];
  readonly breaks = new Set<number>();
  private breakFlags = new Uint8Array(0);
  // open addressing by hashOf(form): no string is built for a word while text is scanned
  private texts: string[] = [];
  private hashes = new Int32Array(0);
  private slots = new Int32Array(0);
  private mask = 0;

  formId(text: string): number {
    return this.forms.get(text) ?? -1;
  }

  /** Case-insensitive for ASCII: the tokenizer hashes lower-cased codes without building a lower-case copy. */
  lookup(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = this.slots[slot]!;
      if (id < 0) return -1;
      if (this.hashes[id] !== hash) continue;
      const form = this.texts[id]!;
      if (form.length !== length) continue;
      let same = true;
      for (let k = 0; k < length && same; k++) {
        let c = text.charCodeAt(start + k);
        if (c >= 65 && c <= 90) c += 32;
        same = c === form.charCodeAt(k);
      }
      if (same) return id;
    }
  }

  isBreak(form: number): boolean {
    return this.breakFlags[form] === 1;
  }

  /** Build the lookup tables once every form is known. */
  seal(): void {
    this.texts = [...this.forms.keys()];
    this.hashes = Int32Array.from(this.texts, hashOf);
    let size = 16;
    while (size < this.texts.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size).fill(-1);
    this.texts.forEach((_, id) => {
      let slot = this.hashes[id]! & this.mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    });
    this.breakFlags = new Uint8Array(this.texts.length);
    for (const form of this.breaks) this.breakFlags[form] = 1;
  }

  form(text: string): number {
    let id = this.forms.get(text);
    if (id === undefined) {
      id = this.formSymbols.length;
      this.forms.set(text, id);
      this.formSymbols.push([]);
    }
    return id;
  }

  /** The symbol for a phrase word, registering every form it matches. */
  symbol(text: string, exact: boolean): number {
    const key = `${exact ? '=' : ''}${text}`;
    let id = this.symbols.get(key);
    if (id !== undefined) return id;
    id = this.symbols.size;
    this.symbols.set(key, id);
    for (const form of exact ? [text] : inflections(text)) {
      const symbols = this.formSymbols[this.form(form)]!;
      if (!symbols.includes(id)) symbols.push(id);
    }
    return id;
  }
}

/** Compile a rule set. The set must have passed validateRuleSet (a bad phrase here is a programming error). */
export function compile(set: RuleSet): Compiled {
  const vocabulary = new Vocabulary();
  const roots: Array<TrieNode | undefined> = [];
  const entries: Entry[] = [];

  const add = (phrase: string, entry: Entry, owner: string) => {
    const parsed = parsePhrase(phrase);
    if (!parsed.ok) throw new Error(`${owner}: ${parsed.problem}`);
    const id = entries.push(entry) - 1;
    const scored = entry.kind !== 'topic';
    const insert = (node: TrieNode | null, at: number) => {
      if (at === parsed.positions.length) {
        const here = (node!.entries ??= []);
        if (here.includes(id)) return;
        here.push(id);
        if (scored) node!.scored = true;
        else (node!.topicTerms ??= []).push(entry as Extract<Entry, { kind: 'topic' }>);
        return;
      }
      const position = parsed.positions[at]!;
      if (position.gap) {
        insert((node!.gap ??= new TrieNode()), at + 1);
        return;
      }
      for (const words of position.alternatives) {
        let next = node;
        for (const word of words) {
          const symbol = vocabulary.symbol(word.text, word.exact);
          next = next ? next.child(symbol) : (roots[symbol] ??= new TrieNode());
        }
        insert(next, at + 1);
      }
    };
    insert(null, 0);
  };

  const rules = set.rules.map((def, index): CompiledRule => {
    for (const phrase of def.phrases) add(phrase, { kind: 'rule', index }, `rule ${def.id}`);
    const signed = def.label === 'progress' ? def.weight : def.label === 'stall' ? -def.weight : def.weight;
    return { def, label: def.label, signed, scope: def.scope ?? null, window: def.scope ? WINDOWS[def.scope] : 0 };
  });

  const operators = set.language.operators.map((def, index): CompiledOperator => {
    for (const phrase of def.phrases) add(phrase, { kind: 'operator', index }, `operator ${def.id}`);
    return { def, kind: def.kind, window: def.window ?? WINDOWS[def.kind], back: def.back ?? 0 };
  });

  set.topics.forEach((topic, t) => {
    topic.parties.forEach((party, p) => {
      for (const term of party.terms) add(term, { kind: 'topic', topic: t, role: 'party', party: p }, `topic ${topic.name}`);
    });
    const roles: Array<[TopicRole, string[] | undefined]> = [
      ['name', topic.names],
      ['subject', topic.subjects],
      ['venue', topic.venues],
      ['mediator', topic.mediators],
      ['process', topic.process],
      ['issue', topic.issues],
      ['unrelated', topic.unrelated],
    ];
    for (const [role, terms] of roles) for (const term of terms ?? []) add(term, { kind: 'topic', topic: t, role, party: -1 }, `topic ${topic.name}`);
    for (const phrase of partyNamePhrases(topic, set.commonNames ?? [])) add(phrase, { kind: 'topic', topic: t, role: 'name', party: -1, loose: true }, `topic ${topic.name}`);
  });
  for (const term of set.commonProcess ?? []) add(term, { kind: 'topic', topic: EVERY_TOPIC, role: 'process', party: -1 }, 'the common process words');

  for (const word of set.language.breaks) vocabulary.breaks.add(vocabulary.form(word.toLowerCase()));
  const gapStops = new Set<number>();
  for (const op of set.language.operators.filter((o) => o.kind === 'negation')) {
    for (const phrase of op.phrases) {
      const parsed = parsePhrase(phrase);
      const first = parsed.ok ? parsed.positions[0] : undefined;
      if (!first || first.gap) continue;
      for (const [word] of first.alternatives) {
        for (const form of word!.exact ? [word!.text] : inflections(word!.text)) gapStops.add(vocabulary.form(form));
      }
    }
  }
  // The tokenizer emits "not" for contractions ("didn't"); it must have a form even if no phrase used it.
  vocabulary.form('not');
  vocabulary.seal();
  for (const root of roots) root?.seal();

  return {
    lexicon: vocabulary,
    formSymbols: vocabulary.formSymbols.map((s) => Int32Array.from(s)),
    gapStops,
    formRoots: vocabulary.formSymbols.map((symbols) => {
      const nodes = symbols.map((s) => roots[s]).filter((n): n is TrieNode => n !== undefined);
      return nodes.length ? nodes : null;
    }),
    entries,
    rules,
    operators,
    topics: set.topics,
    topicIndex: new Map(set.topics.map((t, i) => [t.name, i])),
    gapWords: GAP_WORDS,
  };
}

/**
 * The names coverage gives a negotiation after one side ("Iran talks", "talks with Kosovo"), from each party's
 * name: its words taken as written, without a leading "the". A party name the phrase syntax cannot hold is skipped.
 */
export function partyNamePhrases(topic: TopicDef, templates: readonly string[]): string[] {
  const phrases: string[] = [];
  for (const party of topic.parties) {
    const words = party.name.toLowerCase().replace(/^the\s+/, '').trim();
    if (!/^[\p{L}\p{N}][\p{L}\p{N} .'-]*$/u.test(words)) continue;
    const exact = words.split(/\s+/).map((w) => `=${w}`).join(' ');
    for (const template of templates) {
      const phrase = template.replaceAll('{party}', exact);
      if (parsePhrase(phrase).ok) phrases.push(phrase);
    }
  }
  return phrases;
}
