/**
 * Properties of the normaliser and the reader over generated input: nothing a feed can contain makes them throw
 * anything but a FeedError, and what they return stays within the caps, free of control characters. The runs
 * are a fixed number; the time allowed is generous, for a busy machine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NormalisedItem } from '../../core/feeds.ts';
import { FeedError } from '../../feeds/errors.ts';
import { MAX_GUID, MAX_SUMMARY, MAX_TITLE, MAX_URL, normaliseItems, plainText } from '../../feeds/normalise.ts';
import { parseFeed } from '../../feeds/parse-task.ts';

const now = new Date('2026-11-21T12:00:00Z');
const base = 'https://news.example.org/feeds/world.xml';
// eslint-disable-next-line no-control-regex -- control characters are what this checks for
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Text as feeds have it: any code point, markup, entities, escape sequences and links mixed. */
const feedText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom('<p>', '</p>', '<b>', '<!--', '-->', '<script>x</script>', '&amp;', '&lt;b&gt;', '&#x1b;', '&nbsp;', '&bogus;', '&'),
        fc.constantFrom('\u001b[31m', '\u001b]8;;https://evil.example/\u001b\\', '\u009b', '\u202e', '\u0092', '\u0000', '😀', '\ud800'),
        fc.constantFrom('https://e.org/a?b=1&utm_source=x', '/relative/path', 'javascript:alert(1)', ' https://e.org/ws '),
        fc.string({ maxLength: 20 }),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join('')),
  fc.string({ minLength: 3000, maxLength: 6000 }).map((s) => `https://e.org/${s}`),
);

/** What rss-parser hands back for a field: usually a string, sometimes anything. */
const fieldValue = fc.oneof(
  { weight: 6, arbitrary: feedText },
  fc.integer(),
  fc.constant(null),
  fc.constant(undefined),
  feedText.map((t) => ({ _: t, $: { type: 'html' } })),
  fc.array(feedText, { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

const rawItem = fc.dictionary(
  fc.constantFrom('title', 'link', 'guid', 'id', 'summary', 'content', 'content:encoded', 'dc:description', 'pubDate', 'isoDate', 'media:title', 'fullitem', 'rdf:about'),
  fieldValue,
  { maxKeys: 8 },
);

function expectBounded(item: NormalisedItem): void {
  expect(item.title.length).toBeGreaterThan(0);
  expect(item.title.length).toBeLessThanOrEqual(MAX_TITLE);
  expect(item.summary.length).toBeLessThanOrEqual(MAX_SUMMARY);
  expect(item.guid?.length ?? 0).toBeLessThanOrEqual(MAX_GUID);
  // a key over 500 characters is hashed; a same-document collision adds 19 more
  expect(item.key.length).toBeLessThanOrEqual(519);
  if (item.url !== null) {
    expect(item.url.length).toBeLessThanOrEqual(MAX_URL);
    expect(item.url).toMatch(/^https?:\/\//);
  }
  for (const text of [item.title, item.summary, item.url ?? '', item.guid ?? '']) expect(text).not.toMatch(CONTROLS);
  if (item.publishedAt) expect(item.publishedAt.getTime()).toBeLessThanOrEqual(now.getTime() + 24 * 3600_000);
}

describe('the normaliser, on any input', () => {
  it('never throws, and every item it returns is bounded and clean', () => {
    fc.assert(
      fc.property(fc.array(rawItem, { maxLength: 6 }), (raws) => {
        const items = normaliseItems(raws, base, now);
        expect(items.length).toBeLessThanOrEqual(raws.length);
        expect(new Set(items.map((i) => i.key)).size).toBe(items.length);
        items.forEach(expectBounded);
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('plain text stays within its limit', () => {
    fc.assert(
      fc.property(feedText, fc.integer({ min: 2, max: 400 }), (text, max) => {
        const out = plainText(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(CONTROLS);
      }),
      { numRuns: 400 },
    );
  }, 120_000);
});

/** Documents made of feed-shaped fragments, well-formed or not. */
const document = fc
  .array(
    fc.oneof(
      fc.constantFrom('<rss version="2.0">', '</rss>', '<channel>', '</channel>', '<item>', '</item>', '<title>', '</title>', '<link>', '</link>'),
      fc.constantFrom('<guid isPermaLink="true">', '</guid>', '<description><![CDATA[', ']]></description>', '<feed xmlns="http://www.w3.org/2005/Atom">', '</feed>'),
      fc.constantFrom('<entry xml:base="https://b.example/x/">', '</entry>', '<link href="a/b"/>', '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">', '</div></content>'),
      fc.constantFrom('<title type="application/octet-stream">', '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', '<!DOCTYPE html>', '<html>', '<?xml version="1.0"?>'),
      feedText,
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('the reader, on any document', () => {
  it('returns a bounded feed or refuses it with a FeedError, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (xml) => {
        try {
          const feed = await parseFeed({ bytes: Buffer.from(xml), contentType: null, url: base, now: now.getTime() });
          expect(feed.title?.length ?? 0).toBeLessThanOrEqual(200);
          expect(feed.title ?? '').not.toMatch(CONTROLS);
          feed.items.forEach(expectBounded);
        } catch (error) {
          if (!(error instanceof FeedError)) throw error;
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
