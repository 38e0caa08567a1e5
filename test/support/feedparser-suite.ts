/**
 * feedparser's test documents (test/fixtures/feedparser) and the simple expectations extracted from them: how
 * each document is served, and how talkwatch's reading of it compares with feedparser's. feedparser keeps
 * sanitised HTML where talkwatch keeps plain text, so both sides are compared as plain text.
 */
import { readFileSync } from 'node:fs';
import { convert } from 'html-to-text';
import type { ParsedFeed } from '../../feeds/parse-task.ts';

export const FEEDPARSER_DIR = new URL('../fixtures/feedparser/', import.meta.url);

/** feedparser's own test server; expectations that name it are compared against ours. */
const FEEDPARSER_ORIGIN = 'http://127.0.0.1:8097';

export type Field = 'feed.title' | 'entries.title' | 'entries.link' | 'entries.description' | 'entries.summary';

export interface SuiteCase {
  file: string;
  /** feedparser judged the document ill-formed (and read what it could) */
  bozo: boolean;
  field: Field | null;
  expected: string | null;
  /** the HTTP headers the document's comment says it is served with */
  headers: Record<string, string>;
  body: Buffer;
}

/** `Header: Name: value` lines in the document's first comment. */
export function headersOf(text: string): Record<string, string> {
  const comment = /<!--([\s\S]*?)-->/.exec(text)?.[1] ?? '';
  const headers: Record<string, string> = {};
  for (const m of comment.matchAll(/^\s*Header:\s*([A-Za-z-]+):\s*(.*?)\s*$/gm)) headers[m[1]!.toLowerCase()] = m[2]!;
  return headers;
}

export function loadSuite(): SuiteCase[] {
  return readFileSync(new URL('expectations.jsonl', FEEDPARSER_DIR), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const row = JSON.parse(line) as Omit<SuiteCase, 'headers' | 'body'>;
      const body = readFileSync(new URL(row.file, FEEDPARSER_DIR));
      return { ...row, headers: headersOf(body.toString('latin1')), body };
    });
}

const TO_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
  ],
};

/**
 * feedparser's value with its test server's address replaced by ours, as it stands (`raw`) and as one line of
 * plain text, read as the (sanitised) HTML it usually is (`text`).
 */
export function expectedValue(value: string, origin: string): { raw: string; text: string } {
  const raw = value.replaceAll(FEEDPARSER_ORIGIN, origin);
  return { raw, text: oneLine(/[<&]/.test(raw) ? convert(raw, TO_TEXT) : raw) };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function actualValue(field: Field, feed: ParsedFeed): string | null {
  const first = feed.items[0];
  switch (field) {
    case 'feed.title':
      return feed.title;
    case 'entries.title':
      return first?.title ?? null;
    case 'entries.link':
      return first?.url ?? null;
    case 'entries.description':
    case 'entries.summary':
      return first?.summary ?? null;
  }
}

/**
 * Equal as plain text, or equal to feedparser's value as it stands (which is plain text where the feed said its
 * text is plain); a value talkwatch cut at its length limit agrees when what it kept matches.
 */
export function agrees(expected: { raw: string; text: string }, actual: string | null): boolean {
  const a = oneLine(actual ?? '');
  if (a === expected.text || a === oneLine(expected.raw)) return true;
  if (a.endsWith('…')) return expected.text.startsWith(a.slice(0, -1).trimEnd());
  return false;
}
