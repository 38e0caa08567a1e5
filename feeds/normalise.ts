/**
 * From rss-parser's items to talkwatch's: plain-text title and summary, a clean absolute link, a sane date and a
 * stable key. Pure apart from hashing; `now` is passed in.
 *
 * Keys: the guid, else the normalised link, else a hash of title and date. A key is what makes an item "already
 * stored", so it must not change when the feed reorders items or edits a date. Some feeds reuse one guid (or one
 * link, often the home page) for different articles; within one document, items that share a key but have
 * different titles are told apart by a hash of the title, and items that share key and title are one item.
 */
import { createHash } from 'node:crypto';
import { compile } from 'html-to-text';
import type { NormalisedItem } from '../core/feeds.ts';
import { safeText } from './safe-text.ts';

export const MAX_TITLE = 300;
export const MAX_SUMMARY = 1000;
/**
 * Longer links are not stored (the item keeps its key): a link must fit a database index entry, which holds
 * about 2,700 bytes, and no browser or sitemap uses longer ones.
 */
export const MAX_URL = 2048;
export const MAX_GUID = 2000;
const MAX_KEY = 500;
/** Dates further ahead than this are a misconfigured clock or a placeholder, not a publication date. */
const FUTURE_SLACK_MS = 24 * 60 * 60 * 1000;

/** Query parameters that only track the reader. Exact names, plus every utm_ parameter. */
const TRACKING = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'mc_cid', 'mc_eid', 'igshid', 'igsh', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'mkt_tok', 'oly_anon_id',
  'oly_enc_id', 'vero_id', 'wt_mc', 'wt.mc_id', 'cmp', 'cmpid', 'ocid', 'ito', 'at_medium', 'at_campaign',
  'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4', 'ns_mchannel', 'ns_source', 'ns_campaign', 'ns_linkname',
  'ns_fee', 'sr_share', 'smid', 'smtyp', 'ref_src', 'ref_url', 'spm', 'xtor',
]);

export function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING.has(n);
}

/** An absolute http(s) link with tracking parameters removed, or null when there is no usable link. */
export function cleanUrl(raw: unknown, base: string): string | null {
  const text = safeText(asText(raw)).trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return null;
  }
  // javascript:, data:, mailto: and the like never become links in a channel.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  for (const name of [...url.searchParams.keys()]) if (isTrackingParam(name)) url.searchParams.delete(name);
  url.username = '';
  url.password = '';
  return url.href.replace(/\?$/, '');
}

/** The link without fragment and with its query sorted: equal for the same article across outlets' quirks. */
export function canonicalUrl(url: string | null): string | null {
  if (!url) return null;
  const u = new URL(url);
  u.hash = '';
  u.searchParams.sort();
  return u.href.replace(/\?$/, '');
}

const HTML_TO_TEXT = {
  wordwrap: false as const,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
  ],
};
// Compiled once: `convert` with options builds the selector tables again on every call, which cost more than
// the conversions themselves (a quarter of a feed's parse time).
const htmlToText = compile(HTML_TO_TEXT);

/** HTML or text to one line of plain text, entities decoded, at most `max` characters (cut at a word). */
export function plainText(raw: unknown, max: number): string {
  // Markup can outweigh its text many times over, but not without bound: a huge value costs no more than this.
  let text = asText(raw).slice(0, Math.max(64 * 1024, max * 64));
  if (!text) return '';
  if (/<[a-z!/?]|&[#a-z0-9]+;/i.test(text)) text = htmlToText(text);
  // Some feeds escape their HTML twice, so the first pass yields a whole element as text: one more. Text that
  // merely mentions a tag ("the <blink> tag") is left as it is.
  if (/^\s*<([a-z][a-z0-9]*)\b[^>]*>[\s\S]*<\/[a-z][a-z0-9]*>\s*$/i.test(text)) text = htmlToText(text);
  text = safeText(text).replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1).replace(/[\ud800-\udbff]$/, '');
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** A publication date, or null when missing, unreadable or implausibly far in the future. */
export function parseDate(raw: unknown, now: Date): Date | null {
  const text = asText(raw).trim();
  if (!text) return null;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return null;
  if (ms > now.getTime() + FUTURE_SLACK_MS) return null;
  if (ms < Date.UTC(1990, 0, 1)) return null;
  return new Date(ms);
}

/** rss-parser hands back strings, but odd feeds give objects (`{ _: text, $: attributes }`) or arrays. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return asText(value[0]);
  if (typeof value === 'object' && '_' in value) return asText((value as { _: unknown })._);
  return '';
}

/** The first value with any text in it. */
function firstText(...values: unknown[]): string {
  for (const value of values) {
    const text = asText(value);
    if (text.trim()) return text;
  }
  return '';
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function boundedKey(key: string): string {
  return key.length > MAX_KEY ? `sha256:${sha256(key)}` : key;
}

/** What rss-parser gives for one item, loosely: feeds put anything anywhere. */
export type RawItem = Record<string, unknown>;

export function normaliseItem(raw: RawItem, base: string, now: Date): NormalisedItem {
  const guid = [...safeText(asText(raw.guid ?? raw.id ?? raw['rdf:about'])).trim()].slice(0, MAX_GUID).join('') || null;
  const link = cleanUrl(raw.link, base);
  const url = link && link.length <= MAX_URL ? link : null;
  const rawDate = raw.isoDate ?? raw.pubDate ?? raw.date ?? raw.published ?? raw.updated;
  // The short text first (Atom summary, RSS description), the full article (content:encoded) only without one.
  const summary = plainText(firstText(raw.summary, raw.content, raw['content:encoded'], raw['dc:description'], raw['itunes:summary'], raw['xhtml:body'], raw.body, raw.fullitem), MAX_SUMMARY);
  const title = plainText(firstText(raw.title, raw['media:title']), MAX_TITLE) || plainText(summary, 120) || '(no title)';
  // An over-long link still keys its item (hashed, like any long key), so the item is stored once, without it.
  const key = boundedKey(guid ?? link ?? `sha256:${sha256(`${asText(raw.title).trim()}\n${asText(rawDate).trim()}`)}`);
  return { key, baseKey: key, guid, url, canonicalUrl: canonicalUrl(url), title, summary, publishedAt: parseDate(rawDate, now) };
}

function titleKey(title: string): string {
  return title.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function disambiguatedKey(baseKey: string, title: string): string {
  return `${baseKey}#t:${sha256(titleKey(title)).slice(0, 16)}`;
}

/** Normalise a document's items and settle key collisions inside it (see the header). Order is kept. */
export function normaliseItems(raws: RawItem[], base: string, now: Date): NormalisedItem[] {
  const items = raws.map((raw) => normaliseItem(raw, base, now));
  const titlesByKey = new Map<string, Set<string>>();
  for (const item of items) {
    const titles = titlesByKey.get(item.baseKey) ?? new Set<string>();
    titles.add(titleKey(item.title));
    titlesByKey.set(item.baseKey, titles);
  }
  const seen = new Set<string>();
  const out: NormalisedItem[] = [];
  for (const item of items) {
    const key = titlesByKey.get(item.baseKey)!.size > 1 ? disambiguatedKey(item.baseKey, item.title) : item.baseKey;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...item, key });
  }
  return out;
}

/**
 * Whether an item is already stored, given the stored rows for its candidate keys (key -> stored title). Covers
 * a collision appearing or going away between polls: the same article keeps matching whichever key it had.
 */
export function alreadyStored(item: NormalisedItem, stored: Map<string, string>): boolean {
  if (stored.has(item.key)) return true;
  if (item.key === item.baseKey) return stored.has(disambiguatedKey(item.baseKey, item.title));
  const plain = stored.get(item.baseKey);
  return plain !== undefined && titleKey(plain) === titleKey(item.title);
}

/** The keys to look up for `alreadyStored`. */
export function candidateKeys(item: NormalisedItem): string[] {
  return [...new Set([item.key, item.baseKey, disambiguatedKey(item.baseKey, item.title)])];
}
