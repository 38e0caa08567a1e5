/**
 * The one pass: tokenise a field, then walk the compiled trie once from each token. Rules and operators are
 * matched leftmost-longest without overlap ("no doubt" is one pseudo-negation, so its "no" negates nothing);
 * the words a `*` skipped stay free for other rules ("held a constructive meeting" is a meeting and
 * constructive). Topic terms are all collected, overlapping or not.
 */
import { EVERY_TOPIC, type Compiled, type TopicRole, type TrieNode } from './compile.ts';
import type { RoleCounts } from './relevance.ts';
import { tokenize, Tokens } from './tokenize.ts';

/** Which of a topic's terms an item names: the roles for the score, and the words for the stored reason. */
export class TopicHits implements RoleCounts {
  partyBits = 0;
  name = false;
  subject = false;
  issue = false;
  venue = false;
  mediator = false;
  process = false;
  unrelated = false;
  /** the words behind each hit, in text order */
  words: Array<{ role: TopicRole; party: number; text: string }> = [];

  get parties(): number {
    let n = 0;
    for (let bits = this.partyBits; bits; bits &= bits - 1) n++;
    return n;
  }

  reset(): void {
    this.partyBits = 0;
    this.name = this.subject = this.issue = this.venue = this.mediator = this.process = this.unrelated = false;
    this.words = [];
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
  // the words skipped by gaps on the path being walked, as [from, to) pairs, and on the best match so far
  private gaps = new Int32Array(32);
  private gapCount = 0;
  private bestGaps = new Int32Array(32);
  private bestGapCount = 0;
  /** words the best match so far skipped: of two matches of one length, the one that skips fewer wins */
  private bestSkipped = 0;
  /** per token: 1 when a rule or operator matched it */
  private taken = new Uint8Array(64);
  private topic = -1;
  private hits: TopicHits | null = null;

  constructor(private readonly compiled: Compiled) {}

  /** Tokenise and match one field; topic hits for topic index `topic` (or none: -1) are added to `hits`. */
  scan(text: string, topic: number, hits: TopicHits | null): void {
    const t = tokenize(text, this.compiled.lexicon, this.tokens);
    const { formRoots } = this.compiled;
    this.count = 0;
    this.topic = topic;
    this.hits = hits;
    if (this.taken.length < t.count) this.taken = new Uint8Array(t.count * 2);
    const taken = this.taken.fill(0, 0, t.count);
    const forms = t.form;
    const joined = t.joined;
    const count = t.count;
    for (let i = 0; i < count; i++) {
      const form = forms[i]!;
      if (form < 0) continue;
      const roots = formRoots[form];
      if (!roots) continue;
      this.bestEnd = -1;
      this.bestNode = null;
      this.bestSkipped = 0;
      for (let k = 0; k < roots.length; k++) this.walk(roots[k]!, i, i + 1);
      // the tail of a hyphenated word ("ended" in "open-ended") starts no rule, only topic terms ("Iran-US")
      if (this.bestNode && joined[i] === 0) {
        // a match starting inside another's gap must not run into that match's words
        let clash = false;
        for (let j = i; j < this.bestEnd && !clash; j++) clash = taken[j] === 1;
        if (clash) continue;
        this.start[this.count] = i;
        this.end[this.count] = this.bestEnd;
        this.node[this.count] = this.bestNode;
        this.count++;
        taken.fill(1, i, this.bestEnd);
        for (let g = 0; g < this.bestGapCount; g += 2) taken.fill(0, this.bestGaps[g], this.bestGaps[g + 1]);
      }
    }
  }

  private walk(node: TrieNode, start: number, pos: number): void {
    if (node.entries) this.found(node, start, pos);
    const t = this.tokens;
    if (node.keys && pos < t.count) {
      const form = t.form[pos]!;
      if (form >= 0) {
        const symbols = this.compiled.formSymbols[form]!;
        for (let k = 0; k < symbols.length; k++) {
          const child = node.find(symbols[k]!);
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
        // phrases hold a handful of gaps at most; the stack never outgrows its 16 pairs
        this.gaps[this.gapCount++] = pos;
        this.gaps[this.gapCount++] = at;
        this.walk(node.gap, start, at);
        this.gapCount -= 2;
      }
    }
  }

  private found(node: TrieNode, start: number, end: number): void {
    if (node.scored && end >= this.bestEnd) {
      let skipped = 0;
      for (let g = 0; g < this.gapCount; g += 2) skipped += this.gaps[g + 1]! - this.gaps[g]!;
      if (end === this.bestEnd && skipped >= this.bestSkipped) return this.foundTopic(node, start, end);
      this.bestEnd = end;
      this.bestNode = node;
      this.bestSkipped = skipped;
      this.bestGapCount = this.gapCount;
      for (let g = 0; g < this.gapCount; g++) this.bestGaps[g] = this.gaps[g]!;
    }
    this.foundTopic(node, start, end);
  }

  private foundTopic(node: TrieNode, start: number, end: number): void {
    const terms = node.topicTerms;
    if (terms === null || this.topic < 0 || !this.hits) return;
    for (let k = 0; k < terms.length; k++) {
      const entry = terms[k]!;
      if (entry.topic !== this.topic && entry.topic !== EVERY_TOPIC) continue;
      // "Iran-US talks" has both parties anyway; "Turkey-Armenia talks" is another negotiation
      if (entry.loose && this.tokens.joined[start] === 1) continue;
      const hits = this.hits;
      switch (entry.role) {
        case 'party':
          hits.partyBits |= 1 << entry.party;
          break;
        case 'name':
          hits.name = true;
          break;
        case 'subject':
          hits.subject = true;
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
        case 'unrelated':
          hits.unrelated = true;
          break;
      }
      hits.words.push({ role: entry.role, party: entry.party, text: this.tokens.words(start, end) });
    }
  }
}
