/**
 * Parsing a fetched feed, from bytes to normalised items. This runs in a worker thread (see parser.ts): a large
 * feed takes a noticeable fraction of a second to parse, and the main thread must stay free for slash commands.
 * It never throws across the thread boundary; failures come back as a code and a message.
 */
import Parser from 'rss-parser';
import type { NormalisedItem } from '../core/feeds.ts';
import { decodeFeed, htmlPage, isHtmlRoot, rootElement } from './decode.ts';
import { resolveInlineDtd } from './dtd.ts';
import { FeedError, type FeedErrorCode } from './errors.ts';
import { shapeFeed } from './feed-shape.ts';
import { asText, normaliseItems, plainText, type RawItem } from './normalise.ts';
import { FEED_ROOTS, readXml, XmlReadError, type XmlTree } from './xml-tree.ts';

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
  /** the document was not well-formed XML and was read leniently */
  lenient: boolean;
  items: NormalisedItem[];
}

export type ParseOutput = { ok: true; feed: ParsedFeed } | { ok: false; code: FeedErrorCode; message: string };

/** Elements feed readers take an item's text from when RSS's own are missing. */
const ITEM_FIELDS = ['dc:description', 'itunes:summary', 'xhtml:body', 'body', 'fullitem', 'media:title'];

/**
 * rss-parser, reading the tree xml-tree.ts built instead of running its own XML parser (see xml-tree.ts for why).
 * One per document: nothing is shared between parses.
 */
class TreeParser extends Parser {
  constructor(tree: Record<string, unknown>) {
    // `<rss>` without a version attribute is read as RSS 2.0.
    super({ defaultRSS: 2, customFields: { item: ITEM_FIELDS } });
    const self = this as unknown as {
      xmlParser: { parseString(xml: string, done: (error: Error | null, result: unknown) => void): void };
      parseItemAtom(entry: Record<string, unknown>): unknown;
    };
    self.xmlParser = { parseString: (_xml, done) => done(null, tree) };
    // rss-parser turns an Atom entry's <published>/<updated> into an ISO string with `new Date(x).toISOString()`,
    // which throws on an unreadable date and fails the whole feed. Unreadable dates are dropped before it looks.
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

export async function parseFeed(input: ParseInput): Promise<ParsedFeed> {
  const bytes = input.bytes;
  if (bytes.length === 0 || bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    throw new FeedError('empty', 'the server sent an empty response instead of the feed');
  }
  const decoded = decodeFeed(bytes, input.contentType);
  const charset = decoded.charset;
  if (isHtmlRoot(rootElement(decoded.text))) throw webPage(decoded.text, input.url);
  const text = resolveInlineDtd(decoded.text);
  let xml: XmlTree;
  try {
    xml = readXml(text, input.url);
  } catch (error) {
    if (!(error instanceof XmlReadError)) throw error;
    throw new FeedError('not-a-feed', 'the document has no XML elements at all: it is not an RSS or Atom feed');
  }
  if (!FEED_ROOTS.has(xml.root)) {
    if (isHtmlRoot(xml.root) || htmlPage(text, input.url)) throw webPage(text, input.url);
    throw new FeedError('not-a-feed', `the document is XML but not an RSS or Atom feed (its root element is <${xml.root.slice(0, 40)}>)`);
  }
  const output = await new TreeParser(shapeFeed(xml)).parseString('');
  const now = new Date(input.now);
  const ttl = Number(asText((output as { ttl?: unknown }).ttl));
  return {
    title: plainText(output.title, 200) || null,
    ttlMinutes: Number.isFinite(ttl) && ttl > 0 ? ttl : null,
    charset,
    lenient: xml.lenient,
    items: normaliseItems((output.items ?? []) as unknown as RawItem[], input.url, now),
  };
}

function webPage(text: string, url: string): FeedError {
  const feedUrl = htmlPage(text, url)?.feedUrl;
  const hint = feedUrl ? `; the page names its feed at ${feedUrl}, add that address instead` : '';
  return new FeedError('not-a-feed', `the address serves a web page, not an RSS or Atom feed${hint}`);
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
