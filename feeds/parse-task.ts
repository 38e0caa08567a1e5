/**
 * Parsing a fetched feed, from bytes to normalised items. This runs in a worker thread (see parser.ts): a large
 * feed takes a noticeable fraction of a second to parse, and the main thread must stay free for slash commands.
 * It never throws across the thread boundary; failures come back as a code and a message.
 */
import Parser from 'rss-parser';
import type { NormalisedItem } from '../core/feeds.ts';
import { assertSafeXml, decodeFeed, htmlPage } from './decode.ts';
import { FeedError, type FeedErrorCode } from './errors.ts';
import { asText, normaliseItems, plainText, type RawItem } from './normalise.ts';

export interface ParseInput {
  bytes: Uint8Array;
  contentType: string | null;
  /** the URL the feed was fetched from: the base for relative links */
  url: string;
  /** epoch ms: dates further ahead than a day are dropped */
  now: number;
}

export interface ParsedFeed {
  title: string | null;
  /** RSS <ttl>, in minutes */
  ttlMinutes: number | null;
  charset: string;
  items: NormalisedItem[];
}

export type ParseOutput = { ok: true; feed: ParsedFeed } | { ok: false; code: FeedErrorCode; message: string };

/**
 * rss-parser turns an Atom entry's <published>/<updated> into an ISO string with `new Date(x).toISOString()`,
 * which throws on an unreadable date and fails the whole feed. Unreadable dates are dropped before it looks.
 */
class TolerantParser extends Parser {
  constructor() {
    // `<rss>` without a version attribute is read as RSS 2.0.
    super({ defaultRSS: 2, xml2js: { strict: true } });
    const self = this as unknown as { parseItemAtom(entry: Record<string, unknown>): unknown };
    const original = self.parseItemAtom.bind(this);
    self.parseItemAtom = (entry) => {
      for (const field of ['published', 'updated']) {
        const value = entry[field] as unknown[] | undefined;
        if (value && Number.isNaN(Date.parse(asText(value[0])))) delete entry[field];
      }
      return original(entry);
    };
  }
}

const parser = new TolerantParser();

export async function parseFeed(input: ParseInput): Promise<ParsedFeed> {
  const bytes = input.bytes;
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new FeedError('empty', 'the server sent an empty response instead of the feed');
  }
  const { text, charset } = decodeFeed(bytes, input.contentType);
  const page = htmlPage(text, input.url);
  if (page) {
    const hint = page.feedUrl ? `; the page names its feed at ${page.feedUrl}, add that address instead` : '';
    throw new FeedError('not-a-feed', `the address serves a web page, not an RSS or Atom feed${hint}`);
  }
  assertSafeXml(text);
  let output: Awaited<ReturnType<Parser['parseString']>>;
  try {
    output = await parser.parseString(text);
  } catch (error) {
    const message = String((error as Error)?.message ?? error).split('\n')[0]!.slice(0, 120);
    if (/not recognized as RSS/i.test(message)) {
      throw new FeedError('not-a-feed', 'the document is XML but not an RSS or Atom feed');
    }
    throw new FeedError('malformed', `the feed is not well-formed XML and cannot be read (${message})`);
  }
  const now = new Date(input.now);
  const ttl = Number(asText((output as { ttl?: unknown }).ttl));
  return {
    title: plainText(output.title, 200) || null,
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
    charset,
    items: normaliseItems((output.items ?? []) as unknown as RawItem[], input.url, now),
  };
}

/** The worker's entry point. */
export default async function run(input: ParseInput): Promise<ParseOutput> {
  try {
    return { ok: true, feed: await parseFeed(input) };
  } catch (error) {
    if (error instanceof FeedError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'malformed', message: `the feed could not be read (${String((error as Error)?.message ?? error).slice(0, 120)})` };
  }
}
