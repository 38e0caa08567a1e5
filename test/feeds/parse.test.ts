/** Parsing in the worker: charsets, the XML safety check, what is not a feed, and limits that cost a worker only. */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeFeed } from '../../feeds/decode.ts';
import { resolveInlineDtd } from '../../feeds/dtd.ts';
import { createParser } from '../../feeds/parser.ts';
import { parseFeed } from '../../feeds/parse-task.ts';

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const now = Date.parse('2026-11-21T12:00:00Z');

describe('charset', () => {
  it.each([
    ['the HTTP charset', latin1('<rss><channel><title>Notícias</title></channel></rss>'), 'text/xml; charset=ISO-8859-1', 'windows-1252'],
    ['the XML declaration', latin1('<?xml version="1.0" encoding="ISO-8859-1"?><rss/>'), 'application/rss+xml', 'windows-1252'],
    ['windows-1252 quotes', Buffer.from([0x93, 0x61, 0x94]), 'text/xml; charset=windows-1252', 'windows-1252'],
    ['UTF-8 by default', Buffer.from('<rss>Notícias</rss>'), null, 'utf-8'],
    ['a UTF-8 BOM over a wrong header', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss>é</rss>')]), 'text/xml; charset=iso-8859-1', 'utf-8'],
    ['UTF-8 bytes under a Latin-1 header', Buffer.from('<rss>Notícias</rss>'), 'text/xml; charset=iso-8859-1', 'utf-8'],
    ['Latin-1 bytes under a UTF-8 header', latin1('<rss>Notícias</rss>'), 'text/xml; charset=utf-8', 'windows-1252'],
    ['an unknown charset label', Buffer.from('<rss>é</rss>'), 'text/xml; charset=x-klingon', 'utf-8'],
  ])('from %s', (_name, bytes, contentType, charset) => {
    const decoded = decodeFeed(bytes, contentType);
    expect(decoded.charset).toBe(charset);
    expect(decoded.text).not.toContain('\uFFFD');
  });

  it('reads windows-1252 curly quotes correctly', () => {
    expect(decodeFeed(Buffer.from([0x93, 0x61, 0x94]), 'text/xml; charset=iso-8859-1').text).toBe('“a”');
  });
});

describe('the XML safety check', () => {
  const laughs = `<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;">]><rss>&lol1;</rss>`;
  it.each([
    [laughs, /declares its own XML entities in a way that can expand or read files/],
    ['<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss>&xxe;</rss>', /declares its own XML entities/],
    ['<!DOCTYPE rss [<!ENTITY % p "<!ENTITY x \'y\'>"> %p;]><rss/>', /declares its own XML entities/],
    ['<!DOCTYPE rss [<!ENTITY pct "100%">]><rss/>', /declares its own XML entities/],
    [`<!DOCTYPE rss [<!ENTITY long "${'x'.repeat(1001)}">]><rss/>`, /declares its own XML entities/],
    [`<!DOCTYPE rss [${Array.from({ length: 65 }, (_, i) => `<!ENTITY e${i} "v">`).join('')}]><rss/>`, /declares its own XML entities/],
    ['<!DOCTYPE rss [ <!WHATEVER> ]><rss/>', /inline DTD talkwatch cannot read safely/],
    ['<!DOCTYPE rss [ <!ENTITY a "b"> <rss/>', /inline DTD talkwatch cannot read safely/],
  ])('refuses %s', (xml, message) => {
    expect(() => resolveInlineDtd(xml)).toThrow(message);
  });

  it.each([
    '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"/>',
    '<rss version="2.0"><channel><description><![CDATA[ <!DOCTYPE x [<!ENTITY a "b">]> ]]></description></channel></rss>',
  ])('leaves %s as it is', (xml) => {
    expect(resolveInlineDtd(xml)).toBe(xml);
  });

  it('reads plain-text entities once each, and never fetches or defines an external parameter entity', () => {
    const xml = `<!DOCTYPE rss [\n  <!-- a comment -->\n  <!ENTITY id "tag:example.com,">\n  <!ENTITY lt2 "<b>">\n  <!ELEMENT rss ANY>\n  <!ENTITY % lat1 PUBLIC "-//W3C//ENTITIES Latin 1//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml-lat1.ent">\n  %lat1;\n]>\n<rss><guid>&id;2006</guid><t>&lt2; &unknown; &amp;</t><d><![CDATA[&id;]]></d></rss>`;
    expect(resolveInlineDtd(xml)).toBe('<!DOCTYPE rss >\n<rss><guid>tag:example.com,2006</guid><t>&lt;b&gt; &unknown; &amp;</t><d><![CDATA[&id;]]></d></rss>');
  });
});

describe('parsing', () => {
  it('reads <rss> without a version, and RSS 0.91 with its public DTD', async () => {
    const noVersion = await parseFeed({ bytes: Buffer.from('<rss><channel><title>T</title><item><title>A</title><link>https://e.org/a</link></item></channel></rss>'), contentType: null, url: 'https://e.org/', now });
    expect(noVersion.items.map((i) => i.title)).toEqual(['A']);
    const old = await parseFeed({
      bytes: Buffer.from('<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><ttl>30</ttl><item><title>B</title><link>/b</link></item></channel></rss>'),
      contentType: null,
      url: 'https://e.org/feed',
      now,
    });
    expect(old.items.map((i) => [i.title, i.url])).toEqual([['B', 'https://e.org/b']]);
    expect(old.ttlMinutes).toBe(30);
  });

  it.each([
    ['XML that is not a feed', '<?xml version="1.0"?><svg><g/></svg>', /^the document is XML but not an RSS or Atom feed \(its root element is <svg>\)$/],
    ['text with no element in it', 'Service Unavailable', /^the document has no XML elements at all: it is not an RSS or Atom feed$/],
    ['whitespace only', '  \n ', /^the server sent an empty response/],
  ])('refuses %s with a clear error', async (_name, body, message) => {
    await expect(parseFeed({ bytes: Buffer.from(body), contentType: null, url: 'https://e.org/', now })).rejects.toThrow(message);
  });
});

describe('the worker pool', () => {
  const big = readFileSync(new URL('../fixtures/feeds/giantbomb-podcast.rss', import.meta.url));
  const tight = createParser({ maxHeapMb: 16, timeoutMs: 20_000 });
  const slow = createParser({ timeoutMs: 1 });
  const normal = createParser();
  afterAll(() => Promise.all([tight.close(), slow.close(), normal.close()]));

  it('parses the 1.6 MB feed off the main thread', async () => {
    const feed = await normal.parse({ bytes: new Uint8Array(big), contentType: 'application/rss+xml', url: 'https://e.org/', now });
    expect(feed.items).toHaveLength(730);
  });

  it('stops a parse that needs more memory than a worker may have, and keeps working', async () => {
    await expect(tight.parse({ bytes: new Uint8Array(big), contentType: null, url: 'https://e.org/', now })).rejects.toThrow(/needed more than 16 MB of memory/);
    const small = await tight.parse({ bytes: Buffer.from('<rss version="2.0"><channel><title>t</title><item><title>ok</title></item></channel></rss>'), contentType: null, url: 'https://e.org/', now });
    expect(small.items).toHaveLength(1);
  });

  it('stops a parse that overruns its time', async () => {
    await expect(slow.parse({ bytes: new Uint8Array(big), contentType: null, url: 'https://e.org/', now })).rejects.toThrow(/took longer than 0.001 s/);
  });
});
