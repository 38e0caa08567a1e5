/**
 * Parsing one phrase of the table syntax (see types.ts) into positions: a gap, or the alternatives that may
 * stand there, each a sequence of words that are lemmas (matching their inflections) or exact forms.
 */
import { isFunctionWord } from './inflect.ts';

export interface Word {
  text: string;
  exact: boolean;
}
/** A gap, or the alternatives that may stand at this place, each one or more words ("cease-fire|truce"). */
export type Position = { gap: true } | { gap: false; alternatives: Word[][] };

export type ParsedPhrase = { ok: true; positions: Position[] } | { ok: false; problem: string };

/** The most words a `*` skips. */
export const GAP_WORDS = 4;
/** The most `*` in one phrase (the matcher keeps a fixed stack of them). */
export const MAX_GAPS = 8;

const WORD = /^[a-z0-9][a-z0-9'.]*$/;

/** Normalise one word of a phrase as the tokenizer would normalise it in text. */
function normalise(raw: string): string[] {
  const folded = raw.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[\u2018\u2019]/g, "'").toLowerCase();
  if ((folded === 'us' && raw === 'US') || folded === 'usa' || folded === 'u.s.a.') return ['u.s.'];
  // A hyphen or an ampersand splits a word in text ("cease-fire" -> cease fire), so it does in phrases too.
  return folded.split(/[^\p{L}\p{N}'.]+/u).filter(Boolean).flatMap((part) => {
    if (part.endsWith("'s")) return [part.slice(0, -2)];
    if (part.endsWith("n't")) return [part === "won't" ? 'will' : part === "can't" ? 'can' : part.slice(0, -3), 'not'];
    return [part];
  });
}

export function parsePhrase(phrase: string): ParsedPhrase {
  if (typeof phrase !== 'string') return { ok: false, problem: 'a phrase must be text' };
  const chunks = phrase.trim().split(/\s+/).filter(Boolean);
  if (chunks.length === 0) return { ok: false, problem: 'empty phrase' };
  const positions: Position[] = [];
  for (const chunk of chunks) {
    if (chunk === '*') {
      if (positions.length === 0) return { ok: false, problem: `"${phrase}" starts with *; a phrase must start with a word` };
      if (positions[positions.length - 1]!.gap) return { ok: false, problem: `"${phrase}" has two * in a row` };
      positions.push({ gap: true });
      continue;
    }
    const alternatives = chunk.split('|');
    if (alternatives.some((a) => a === '' || a === '=')) return { ok: false, problem: `"${phrase}": "${chunk}" has an empty alternative` };
    const parsed: Word[][] = [];
    for (const alternative of alternatives) {
      const exact = alternative.startsWith('=');
      const parts = normalise(exact ? alternative.slice(1) : alternative);
      if (parts.length === 0) return { ok: false, problem: `"${phrase}": "${chunk}" has no letters or digits` };
      for (const part of parts) {
        if (!WORD.test(part)) return { ok: false, problem: `"${phrase}": "${part}" is not a word (letters and digits, with ' or . inside)` };
      }
      parsed.push(parts.map((text) => ({ text, exact: exact || isFunctionWord(text) })));
    }
    positions.push({ gap: false, alternatives: parsed });
  }
  if (positions[positions.length - 1]!.gap) return { ok: false, problem: `"${phrase}" ends with *; a phrase must end with a word` };
  if (positions.filter((p) => p.gap).length > MAX_GAPS) return { ok: false, problem: `"${phrase}" has more than ${MAX_GAPS} *` };
  return { ok: true, positions };
}
