/**
 * An inline DTD, read the way feed readers read it, without its dangers. Entity declarations are how billion-laughs
 * expansion (entities made of entities) and file disclosure (an entity naming a SYSTEM file) work, so a DOCTYPE's
 * internal subset is accepted only when every declaration is harmless:
 *
 * - a general entity whose value is plain text (no `&`, no `%`, at most 1,000 characters; at most 64 of them): its
 *   references in the document are replaced by the text, once, so expansion is linear;
 * - an external parameter entity and its reference (`<!ENTITY % lat1 PUBLIC ... "...ent"> %lat1;`): nothing is ever
 *   fetched, so it declares nothing; an entity it would have declared reads as an unknown entity;
 * - ELEMENT, ATTLIST and NOTATION declarations, comments and processing instructions: ignored.
 *
 * Anything else (an external general entity, an entity that refers to another, an internal parameter entity) is
 * refused as before.
 */
import { FeedError } from './errors.ts';

const MAX_ENTITIES = 64;
const MAX_VALUE = 1_000;

const refuse = (entities: boolean) =>
  new FeedError(
    'unsafe-xml',
    entities
      ? 'the feed declares its own XML entities in a way that can expand or read files (a DOCTYPE with ENTITY declarations that refer to other entities or to files); talkwatch refuses them because they are used for entity-expansion and file-disclosure attacks'
      : 'the feed carries an inline DTD talkwatch cannot read safely (a DOCTYPE with declarations); talkwatch refuses it because such declarations are used for entity-expansion and file-disclosure attacks',
  );

/** Where the prolog's DOCTYPE starts (past the XML declaration, comments and processing instructions), or -1. */
function doctypeStart(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && (text[i] === '\uFEFF' || /\s/.test(text[i]!))) i++;
    if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2;
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3;
    else return /^<!DOCTYPE/i.test(text.slice(i, i + 9)) ? i : -1;
    if (i < 2) return -1;
  }
}

/** Where the DOCTYPE's internal subset is: the offsets of `[` and `]`, and of the DOCTYPE's closing `>`. */
function internalSubset(text: string): { open: number; close: number; end: number } | null {
  const start = doctypeStart(text);
  if (start < 0) return null;
  let quote: string | null = null;
  let open = -1;
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (open < 0 && c === '>') return null;
    else if (open < 0 && c === '[') open = i;
    else if (open >= 0 && c === ']') {
      const end = text.indexOf('>', i);
      if (end < 0) throw refuse(false);
      return { open, close: i, end };
    } else if (open >= 0 && c === '<' && text.startsWith('<!--', i)) {
      const comment = text.indexOf('-->', i);
      if (comment < 0) throw refuse(false);
      i = comment + 2;
    }
  }
  // a DOCTYPE that never closes declares nothing anyone can use; the XML reader judges the rest
  if (open < 0) return null;
  throw refuse(false);
}

const escapeXml = (s: string) => s.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The declared entities, or a refusal when a declaration is not harmless. */
function readDeclarations(subset: string): Map<string, string> {
  const entities = new Map<string, string>();
  const declaration = /\s+|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!(ELEMENT|ATTLIST|NOTATION)\b(?:[^>"']|"[^"]*"|'[^']*')*>|<!ENTITY\s+(%\s+)?([\w.:-]+)\s+((?:[^>"']|"[^"]*"|'[^']*')*)>|%[\w.:-]+;/y;
  let at = 0;
  while (at < subset.length) {
    declaration.lastIndex = at;
    const m = declaration.exec(subset);
    if (!m) throw refuse(/<!ENTITY/i.test(subset));
    at = declaration.lastIndex;
    if (m[3] === undefined) continue;
    const [, , parameter, name, body] = m;
    const value = /^\s*(?:"([^"]*)"|'([^']*)')\s*$/.exec(body!);
    if (parameter) {
      // an external parameter entity is never fetched; an internal one could declare more: refused
      if (value || !/^\s*(?:PUBLIC|SYSTEM)\b/.test(body!)) throw refuse(true);
      continue;
    }
    const text = value?.[1] ?? value?.[2];
    if (text === undefined || /[&%]/.test(text) || text.length > MAX_VALUE) throw refuse(true);
    if (!entities.has(name!)) entities.set(name!, escapeXml(text));
    if (entities.size > MAX_ENTITIES) throw refuse(true);
  }
  return entities;
}

/**
 * The document with its inline DTD taken out and its harmless entities replaced by their text; the document as it
 * was when it has none. Throws FeedError('unsafe-xml') for a DTD that is not harmless.
 */
export function resolveInlineDtd(text: string): string {
  const subset = internalSubset(text);
  if (!subset) return text;
  const entities = readDeclarations(text.slice(subset.open + 1, subset.close));
  const head = `${text.slice(0, subset.open)}${text.slice(subset.close + 1, subset.end + 1)}`;
  const body = text.slice(subset.end + 1);
  if (entities.size === 0) return head + body;
  // CDATA is text already: an ampersand there is not a reference
  const replaced = body
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&([\w.:-]+);/g, (whole, name: string) => entities.get(name) ?? whole)))
    .join('');
  return head + replaced;
}
