/**
 * The one pass: tokenise a field, then walk the compiled trie once from each token. Rules and operators are
 * matched leftmost-longest without overlap ("no doubt" is one pseudo-negation, so its "no" negates nothing);
 * topic terms are all collected, overlapping or not.
 */
import type { Compiled, TopicRole, TrieNode } from './compile.ts';
import { tokenize, Tokens } from './tokenize.ts';

/** Which of a topic's terms an item names. */
export class TopicHits {
  parties = 0;
  venue = false;
  mediator = false;
  process = false;
  issue = false;
  /** the words behind each hit, kept only when asked for (explain) */
  words: Array<{ role: TopicRole; party: number; text: string }> | null = null;

  reset(keepWords: boolean): void {
    this.parties = 0;
    this.venue = this.mediator = this.process = this.issue = false;
    this.words = keepWords ? [] : null;
  }
}

export class Scanner {
  readonly tokens = new Tokens();
  /** the rule and operator matches of the last scan, in text order */
  count = 0;
  start: number[] = [];
  end: number[] = [];
  node: TrieNode[] = [];

  private bestEnd = -1;
  private bestNode: TrieNode | null = null;
  private topic = -1;
  private hits: TopicHits | null = null;

  constructor(private readonly compiled: Compiled) {}

  /** Tokenise and match one field; topic hits for topic index `topic` (or none: -1) are added to `hits`. */
  scan(text: string, topic: number, hits: TopicHits | null): void {
    const t = tokenize(text, this.compiled.lexicon, this.tokens);
    const { roots, formSymbols } = this.compiled;
    this.count = 0;
    this.topic = topic;
    this.hits = hits;
    let consumed = 0;
    for (let i = 0; i < t.count; i++) {
      const form = t.form[i]!;
      if (form < 0) continue;
      this.bestEnd = -1;
      this.bestNode = null;
      const symbols = formSymbols[form]!;
      for (let k = 0; k < symbols.length; k++) {
        const root = roots[symbols[k]!];
        if (root) this.walk(root, i, i + 1);
      }
      if (this.bestNode && i >= consumed) {
        this.start[this.count] = i;
        this.end[this.count] = this.bestEnd;
        this.node[this.count] = this.bestNode;
        this.count++;
        consumed = this.bestEnd;
      }
    }
  }

  private walk(node: TrieNode, start: number, pos: number): void {
    if (node.entries) this.found(node, start, pos);
    const t = this.tokens;
    if (node.next && pos < t.count) {
      const form = t.form[pos]!;
      if (form >= 0) {
        const symbols = this.compiled.formSymbols[form]!;
        for (let k = 0; k < symbols.length; k++) {
          const child = node.next.get(symbols[k]!);
          if (child) this.walk(child, start, pos + 1);
        }
      }
    }
    if (node.gap) {
      // skip 0 to gapWords words, never across a clause break and never over a negation
      const clause = t.clause[pos - 1];
      const stops = this.compiled.gapStops;
      for (let skip = 0; skip <= this.compiled.gapWords; skip++) {
        const at = pos + skip;
        if (at >= t.count || t.clause[at] !== clause) break;
        if (skip > 0 && stops.has(t.form[at - 1]!)) break;
        this.walk(node.gap, start, at);
      }
    }
  }

  private found(node: TrieNode, start: number, end: number): void {
    if (node.scored && end > this.bestEnd) {
      this.bestEnd = end;
      this.bestNode = node;
    }
    if (this.topic < 0 || !this.hits) return;
    const entries = this.compiled.entries;
    for (const id of node.entries!) {
      const entry = entries[id]!;
      if (entry.kind !== 'topic' || entry.topic !== this.topic) continue;
      const hits = this.hits;
      switch (entry.role) {
        case 'party':
          hits.parties |= 1 << entry.party;
          break;
        case 'venue':
          hits.venue = true;
          break;
        case 'mediator':
          hits.mediator = true;
          break;
        case 'process':
          hits.process = true;
          break;
        case 'issue':
          hits.issue = true;
          break;
      }
      hits.words?.push({ role: entry.role, party: entry.party, text: this.tokens.words(start, end) });
    }
  }
}
