import { describe, expect, it } from 'vitest';
import { alreadyStored, cleanUrl, MAX_GUID, MAX_URL, normaliseItem, normaliseItems, parseDate, plainText } from '../../feeds/normalise.ts';
import { safeText } from '../../feeds/safe-text.ts';

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
    ['History of the &lt;blink&gt; tag', 'History of the <blink> tag'],
    ['safe<!-- an unclosed comment', 'safe'],
    ['don\u0092t \u0093quote\u0094', 'don’t “quote”'],
    ['\u001b[1;31mTalks collapse\u001b[0m', 'Talks collapse'],
  ])('%s', (html, text) => {
    expect(plainText(html, 1000)).toBe(text);
  });

  it('bounds the length at a word', () => {
    const text = plainText('word '.repeat(500), 100);
    expect(text.length).toBeLessThanOrEqual(100);
    expect(text.endsWith('word…')).toBe(true);
  });
});

describe('control characters', () => {
  it.each([
    ['colours', 'a \u001b[31mred\u001b[0m word', 'a red word'],
    ['a window title (OSC, ended by BEL)', 'x\u001b]0;owned\u0007y', 'xy'],
    ['an OSC 8 link that shows one address and opens another', '\u001b]8;;https://evil.example/\u001b\\https://gov.example/\u001b]8;;\u001b\\', 'https://gov.example/'],
    ['an OSC left open to the end', 'title\u001b]2;rest of it', 'title'],
    ['C1 CSI', 'a\u009b2Jb', 'ab'],
    ['other C0 controls, DEL, and C1 with no windows-1252 meaning', 'a\u0000b\u0008c\u007fd\u0081e', 'abcde'],
    ['bidi overrides and isolates', 'txt\u202egpj.exe\u202c and \u2067x\u2069', 'txtgpj.exe and x'],
    ['tab and newline, which stay', 'a\tb\nc', 'a\tb\nc'],
    ['windows-1252 punctuation stored as C1', '\u0093quoted\u0094 \u0096 dash', '“quoted” – dash'],
  ])('%s', (_name, input, output) => {
    expect(safeText(input)).toBe(output);
  });

  it('strips them from the title, summary, link and guid of an item', () => {
    const item = normaliseItem(
      { title: 'T\u001b[5mitle', content: 'S\u001b]0;x\u0007ummary', link: 'https://e.org/\u001b[2Ja', guid: 'g\u001b[1m1\u202e' },
      base,
      now,
    );
    expect([item.title, item.summary, item.url, item.guid, item.key]).toEqual(['Title', 'Summary', 'https://e.org/a', 'g1', 'g1']);
  });
});

describe('length caps', () => {
  const long = `https://e.org/a?ref=${'ab12'.repeat(1000)}`;

  it('stores no link over MAX_URL characters, and still keys the item by it, stably', () => {
    const [first] = normaliseItems([{ title: 'Long', link: long }], base, now);
    const [again] = normaliseItems([{ title: 'Long', link: long, pubDate: 'Sat, 21 Nov 2026 10:00:00 GMT' }], base, now);
    const [other] = normaliseItems([{ title: 'Long', link: `${long}x` }], base, now);
    expect(first).toMatchObject({ url: null, canonicalUrl: null });
    expect(first!.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(again!.key).toBe(first!.key);
    expect(other!.key).not.toBe(first!.key);
  });

  it('keeps a link of exactly MAX_URL characters', () => {
    const exact = `https://e.org/${'a'.repeat(MAX_URL - 'https://e.org/'.length)}`;
    expect(normaliseItem({ title: 'x', link: exact }, base, now).url).toBe(exact);
  });

  it('bounds the guid and the key', () => {
    const item = normaliseItem({ title: 'x', guid: 'g'.repeat(50_000) }, base, now);
    expect(item.guid!.length).toBe(MAX_GUID);
    expect(item.key.length).toBeLessThanOrEqual(500);
  });

  it('never cuts a character in two', () => {
    expect(plainText(`${'a'.repeat(98)}😀😀`, 100)).toBe(`${'a'.repeat(98)}…`);
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
