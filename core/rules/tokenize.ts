/**
 * Normalisation and tokenising in one scan: lower case, accents folded, curly quotes straightened, possessives
 * dropped ("Iran's" -> iran), contractions opened ("didn't" -> did not), abbreviations kept whole (U.S. -> u.s.),
 * and the capitalised "US" told apart from the pronoun "us". Punctuation that ends a clause (, ; : . ! ? and
 * dashes) is not a token: it starts a new clause number, which is what limits the scope of negation and hedges.
 *
 * Each word is looked up once in the vocabulary (every form that any compiled phrase can match); words no phrase
 * uses get -1. This is the only place that touches characters: matching works on the numbers.
 */

/** Known word forms: form text -> form id, and which form ids end a clause ("but", "however"). */
export interface Lexicon {
  formId(text: string): number;
  /** the form of text[start, end), whose hash (hashOf) is given, or -1 */
  lookup(text: string, start: number, end: number, hash: number): number;
  isBreak(form: number): boolean;
}

/** One field's tokens. Arrays are reused between calls (the classifier is synchronous), so copy what you keep. */
export class Tokens {
  count = 0;
  form = new Int32Array(64);
  clause = new Int32Array(64);
  /** 1 for the words of a sentence that ends with a question mark */
  question = new Uint8Array(64);
  /** 1 for a word joined to the one before by a hyphen ("ended" in "open-ended"): no phrase starts there */
  joined = new Uint8Array(64);
  start = new Int32Array(64);
  end = new Int32Array(64);
  /** the text the offsets refer to: the input with accents folded, case kept */
  text = '';

  push(form: number, clause: number, start: number, end: number): void {
    if (this.count === this.form.length) this.grow();
    const i = this.count++;
    this.form[i] = form;
    this.clause[i] = clause;
    this.question[i] = 0;
    this.joined[i] = 0;
    this.start[i] = start;
    this.end[i] = end;
  }

  /** The words from token a up to (not including) token b, as written. */
  words(a: number, b: number): string {
    return this.text.slice(this.start[a]!, this.end[b - 1]!);
  }

  private grow(): void {
    const size = this.form.length * 2;
    for (const key of ['form', 'clause', 'start', 'end'] as const) {
      const bigger = new Int32Array(size);
      bigger.set(this[key]);
      this[key] = bigger;
    }
    for (const key of ['question', 'joined'] as const) {
      const bigger = new Uint8Array(size);
      bigger.set(this[key]);
      this[key] = bigger;
    }
  }
}

const APOSTROPHE = 39;
const PERIOD = 46;
const COMMA = 44;

// What a character does between words. 1: part of a word; 2: ends a clause; 0: nothing (spaces, quotes,
// symbols); 3, 4: opening and closing parenthesis; 5: hyphen.
const WORD = 1;
const BREAK = 2;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = WORD;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = WORD;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = WORD;
for (const ch of ',;:.!?[]{}|') ASCII_CLASS[ch.charCodeAt(0)] = BREAK;
// Parentheses are asides, not clause ends: "urged Iran and the EU trio (France, Germany, Britain) to agree".
ASCII_CLASS[40] = 3;
// a-z and 0-9 as themselves, A-Z lowered, anything else 0: one lookup per character inside a word
const WORD_CODE = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD_CODE[c] = c;
for (let c = 97; c <= 122; c++) WORD_CODE[c] = c;
for (let c = 65; c <= 90; c++) WORD_CODE[c] = c + 32;
ASCII_CLASS[41] = 4;
ASCII_CLASS[45] = 5;

function classOf(c: number): number {
  if (c < 128) return ASCII_CLASS[c]!;
  switch (c) {
    case 0x2013: // en dash
    case 0x2014: // em dash
    case 0x2026: // ellipsis
      return BREAK;
    case 0x00ab:
    case 0x00bb:
    case 0x00a0:
      return 0;
    default:
      // curly quotes and other general punctuation
      return c >= 0x2000 && c <= 0x206f ? 0 : WORD;
  }
}

const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c > 127;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isApostrophe = (c: number) => c === APOSTROPHE || c === 0x2019;

/** The hash the lexicon files forms under; the tokenizer computes it while it scans a word. */
export const hashStep = (h: number, c: number) => (Math.imul(h, 31) + c) | 0;

export function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = hashStep(h, text.charCodeAt(i));
  return h;
}

/** Accents folded ("Çankaya" -> Cankaya), everything else as it was. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Split text into tokens, looking each word up in the lexicon. */
export function tokenize(input: string, lexicon: Lexicon, out: Tokens): Tokens {
  // One pass in the common case, lower-casing ASCII on the way; a text with an accented letter is folded and
  // lower-cased first, then scanned again.
  if (!scan(input, input, lexicon, out, false)) {
    const text = fold(input);
    const lower = text.toLowerCase();
    // Lower-casing can change the length of rare characters; offsets then come from the lower-case text.
    scan(lower.length === text.length ? text : lower, lower, lexicon, out, true);
  }
  return out;
}

/** `lower` is the text to read (lower-cased already, or not: ASCII capitals are lowered here); `text` keeps case. */
function scan(text: string, lower: string, lexicon: Lexicon, out: Tokens, folded: boolean): boolean {
  out.text = text;
  out.count = 0;
  let clause = 0;
  // Inside parentheses punctuation does not end the clause: the aside is read through.
  let depth = 0;
  let sentence = 0;
  const n = lower.length;
  let i = 0;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (c === 32) {
      i++;
      continue;
    }
    const kind = c < 128 ? ASCII_CLASS[c]! : classOf(c);
    if (kind !== WORD) {
      if (kind === BREAK) {
        if (depth === 0) clause++;
        if (c === 63) out.question.fill(1, sentence, out.count);
        if (c === 63 || c === 33 || c === 46) sentence = out.count;
      } else if (kind === 3) {
        depth++;
      } else if (kind === 4) {
        if (depth > 0) depth--;
      } else if (kind === 5 && i > 0 && lower.charCodeAt(i - 1) === 32 && lower.charCodeAt(i + 1) === 32) {
        // A hyphen between spaces is a dash; inside a word it only splits it ("Iran-US" -> iran, us).
        clause++;
      }
      i++;
      continue;
    }
    if (c >= 0xc0 && !folded) return false;
    const start = i;
    let segment = 0;
    let dotted = false;
    // plain words (a-z, 0-9) are hashed on the way and looked up without building a string
    let plain = true;
    let hash = 0;
    while (i < n) {
      const d = lower.charCodeAt(i);
      const code = d < 128 ? WORD_CODE[d]! : 0;
      if (code !== 0) {
        hash = hashStep(hash, code);
        segment++;
        i++;
        continue;
      }
      if (d === 32) break;
      if (d > 127 && classOf(d) === WORD) {
        if (d >= 0xc0 && !folded) return false;
        plain = false;
        segment++;
        i++;
      } else if (isApostrophe(d) && i + 1 < n && isLetter(lower.charCodeAt(i + 1))) {
        plain = false;
        i++;
      } else if (d === PERIOD && segment === 1 && (dotted || (i + 1 < n && isLetter(lower.charCodeAt(i + 1))))) {
        // u.s., u.n.: one letter, a period, one letter ...
        plain = false;
        dotted = true;
        segment = 0;
        i++;
      } else if ((d === COMMA || d === PERIOD) && isDigit(lower.charCodeAt(i - 1)) && i + 1 < n && isDigit(lower.charCodeAt(i + 1))) {
        plain = false;
        i++;
      } else {
        break;
      }
    }
    const joined = start > 0 && lower.charCodeAt(start - 1) === 45 && out.count > 0 && out.end[out.count - 1] === start - 1;
    const first = out.count;
    if (plain && !(i - start === 2 && text.charCodeAt(start) === 85 && text.charCodeAt(start + 1) === 83)) {
      const form = lexicon.lookup(lower, start, i, hash);
      if (form >= 0 && lexicon.isBreak(form)) clause++;
      out.push(form, clause, start, i);
    } else {
      clause = emit(lower, text, start, i, dotted, lexicon, out, clause);
    }
    if (joined) out.joined[first] = 1;
  }
  return true;
}

/** The slow path: words with apostrophes, periods, accents, and the capitalised US. */
function emit(lower: string, text: string, start: number, end: number, dotted: boolean, lexicon: Lexicon, out: Tokens, clause: number): number {
  let word = lower.slice(start, end).toLowerCase().replace(/\u2019/g, "'");
  let stop = end;
  let negated = false;
  const apostrophe = word.indexOf("'");
  if (apostrophe > 0) {
    if (word.endsWith("'s")) {
      word = word.slice(0, -2);
      stop = end - 2;
    } else if (word.endsWith("n't")) {
      negated = true;
      word = word === "won't" ? 'will' : word === "can't" ? 'can' : word === "shan't" ? 'shall' : word.slice(0, -3);
      stop = end - 3;
    }
  }
  if (dotted && !word.endsWith('.')) word += '.';
  else if (word === 'us' && text.charCodeAt(start) === 85 && text.charCodeAt(start + 1) === 83) word = 'u.s.';
  else if (word === 'usa' || word === 'u.s.a.') word = 'u.s.';
  const form = lexicon.formId(word);
  if (form >= 0 && lexicon.isBreak(form)) clause++;
  out.push(form, clause, start, stop);
  if (negated) out.push(lexicon.formId('not'), clause, stop, end);
  return clause;
}
