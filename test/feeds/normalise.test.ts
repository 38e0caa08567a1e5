import { describe, expect, it } from 'vitest';
import { alreadyStored, cleanUrl, normaliseItems, parseDate, plainText } from '../../feeds/normalise.ts';

const now = new Date('2026-11-21T12:00:00Z');
const base = 'https://news.example.org/world/feed.xml';

describe('links', () => {
  it.each([
    ['/a/1?utm_source=rss&utm_medium=feed&id=7', 'https://news.example.org/a/1?id=7'],
    ['https://x.example/a?fbclid=abc&gclid=1&CMP=share_btn', 'https://x.example/a'],
    ['story.html#comments', 'https://news.example.org/world/story.html#comments'],
    ['  https://x.example/a?b=1&utm_campaign=z  ', 'https://x.example/a?b=1'],
    ['javascript:alert(1)', null],
    ['mailto:desk@example.org', null],
    ['', null],
  ])('%s -> %s', (raw, expected) => {
    expect(cleanUrl(raw, base)).toBe(expected);
  });
});

describe('plain text', () => {
  it.each([
    ['<p>Talks <b>resume</b> in Islamabad</p><script>alert(1)</script>', 'Talks resume in Islamabad'],
    ['Tom &amp; Jerry &#8211; &quot;quoted&quot; &eacute;t&eacute;', 'Tom & Jerry – "quoted" été'],
    ['&lt;p&gt;escaped twice&lt;/p&gt;', 'escaped twice'],
    ['<img src="x.png"> caption <a href="https://e.org">link text</a>', 'caption link text'],
    ['  spaces\n\n and\tlines  ', 'spaces and lines'],
  ])('%s', (html, text) => {
    expect(plainText(html, 1000)).toBe(text);
  });

  it('bounds the length at a word', () => {
    const text = plainText('word '.repeat(500), 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.endsWith('word…')).toBe(true);
  });
});

describe('dates', () => {
  it.each([
    ['Sat, 21 Nov 2026 10:00:00 GMT', '2026-11-21T10:00:00.000Z'],
    ['2026-11-21T10:00:00+05:00', '2026-11-21T05:00:00.000Z'],
    ['2026-11-22T11:00:00Z', '2026-11-22T11:00:00.000Z'],
    ['2026-11-25T00:00:00Z', null],
    ['Fri, 31 Dec 9999 23:59:59 GMT', null],
    ['yesterday', null],
    ['', null],
    [undefined, null],
  ])('%s -> %s', (raw, iso) => {
    expect(parseDate(raw, now)?.toISOString() ?? null).toBe(iso);
  });
});

describe('item keys', () => {
  it('uses the guid, else the clean link, else a hash of title and date', () => {
    const [a, b, c] = normaliseItems(
      [
        { guid: 'urn:1', link: 'https://e.org/1', title: 'A' },
        { link: 'https://e.org/2?utm_source=x', title: 'B' },
        { title: 'C', pubDate: 'Sat, 21 Nov 2026 10:00:00 GMT' },
      ],
      base,
      now,
    );
    expect(a!.key).toBe('urn:1');
    expect(b!.key).toBe('https://e.org/2');
    expect(c!.key).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps the key when the feed changes the date or the order', () => {
    const first = normaliseItems([{ guid: 'g1', title: 'A', pubDate: 'Sat, 21 Nov 2026 10:00:00 GMT' }, { link: 'https://e.org/b', title: 'B' }], base, now);
    const later = normaliseItems([{ link: 'https://e.org/b', title: 'B' }, { guid: 'g1', title: 'A', pubDate: 'Sat, 21 Nov 2026 11:30:00 GMT' }], base, now);
    expect(later.map((i) => i.key).sort()).toEqual(first.map((i) => i.key).sort());
  });

  it('tells apart different articles that share a guid, and drops verbatim repeats', () => {
    const out = normaliseItems(
      [
        { guid: 'same', title: 'First' },
        { guid: 'same', title: 'Second' },
        { guid: 'same', title: 'second ' },
        { guid: 'solo', title: 'Solo' },
        { guid: 'solo', title: 'Solo' },
      ],
      base,
      now,
    );
    expect(out.map((i) => i.title)).toEqual(['First', 'Second', 'Solo']);
    expect(new Set(out.map((i) => i.key)).size).toBe(3);
    expect(out[2]!.key).toBe('solo');
  });

  it('matches a stored item whichever key it had when a collision appears or goes away', () => {
    const [alone] = normaliseItems([{ guid: 'g', title: 'A' }], base, now);
    const [collided] = normaliseItems([{ guid: 'g', title: 'A' }, { guid: 'g', title: 'B' }], base, now);
    expect(alreadyStored(collided!, new Map([[alone!.key, 'A']]))).toBe(true);
    expect(alreadyStored(alone!, new Map([[collided!.key, 'A']]))).toBe(true);
    const [other] = normaliseItems([{ guid: 'g', title: 'B' }, { guid: 'g', title: 'A' }], base, now);
    expect(alreadyStored(other!, new Map([[alone!.key, 'A']]))).toBe(false);
  });
});
