/**
 * Reading feeds the way feed readers do: ill-formed but common documents, links as readers resolve them, text
 * constructs, namespaces, and telling a web page from a feed that carries HTML.
 */
import { describe, expect, it } from 'vitest';
import { parseFeed, type ParsedFeed } from '../../feeds/parse-task.ts';

const now = Date.parse('2026-11-21T12:00:00Z');
const FEED_URL = 'https://news.example.org/feeds/world.xml';

function parse(xml: string | Buffer, contentType: string | null = null): Promise<ParsedFeed> {
  return parseFeed({ bytes: typeof xml === 'string' ? Buffer.from(xml) : xml, contentType, url: FEED_URL, now });
}

const rss = (items: string, channel = '') => `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>${channel}${items}</channel></rss>`;
const atom = (body: string, attrs = '') => `<feed xmlns="http://www.w3.org/2005/Atom"${attrs}><title>Atom wire</title>${body}</feed>`;

describe('ill-formed feeds are read leniently, and only those', () => {
  it('reads a well-formed feed strictly', async () => {
    const feed = await parse(rss('<item><title>Talks resume</title><link>https://e.org/1</link></item>'));
    expect(feed.lenient).toBe(false);
    expect(feed.items.map((i) => i.title)).toEqual(['Talks resume']);
  });

  it.each([
    ['a bare & in a title', rss('<item><title>AT&T and Q&A: envoys meet</title><link>https://e.org/1</link></item>'), 'AT&T and Q&A: envoys meet', 'https://e.org/1'],
    ['a bare & in a link query', rss('<item><title>Query</title><link>https://e.org/story?id=7&page=2</link></item>'), 'Query', 'https://e.org/story?id=7&page=2'],
    ['an HTML entity XML does not define', rss('<item><title>Caf&eacute; &doesnotexist; talks</title><link>https://e.org/1</link></item>'), 'Café &doesnotexist; talks', 'https://e.org/1'],
    ['an unclosed tag', rss('<item><title>Unclosed <b>bold</title><link>https://e.org/1</link></item>'), 'Unclosed bold', 'https://e.org/1'],
    ['an item closed by its channel', '<rss version="2.0"><channel><item><title>Open item</title><link>https://e.org/1</link></channel></rss>', 'Open item', 'https://e.org/1'],
    ['text before the root', `Warning: headers already sent\n${rss('<item><title>After junk</title><link>https://e.org/1</link></item>')}`, 'After junk', 'https://e.org/1'],
  ])('%s', async (_name, xml, title, url) => {
    const feed = await parse(xml);
    expect(feed.lenient).toBe(true);
    expect(feed.items.map((i) => [i.title, i.url])).toEqual([[title, url]]);
  });

  it('drops an item the document ends inside, and keeps the ones before it', async () => {
    const feed = await parse('<rss version="2.0"><channel><item><title>Whole</title><link>https://e.org/1</link></item><item><title>Cut off');
    expect(feed.lenient).toBe(true);
    expect(feed.items.map((i) => i.title)).toEqual(['Whole']);
  });

  it('reads plain-text entities but refuses entities made of entities, well-formed or not', async () => {
    const harmless = await parse('<!DOCTYPE rss [<!ENTITY e "Envoys">]><rss><channel><item><title>&e; & more</title></item></channel></rss>');
    expect(harmless.items.map((i) => i.title)).toEqual(['Envoys & more']);
    await expect(parse('<!DOCTYPE rss [<!ENTITY e "x"><!ENTITY f "&e;&e;">]><rss><channel><item><title>&f; & more</title></item></channel></rss>')).rejects.toThrow(
      /declares its own XML entities/,
    );
  });
});

describe('a web page, told from a feed that carries HTML by the root element', () => {
  it('reads an item whose content is a whole HTML document', async () => {
    const page = '<!DOCTYPE html><html><head><title>Page</title></head><body><p>Envoys met in Islamabad.</p></body></html>';
    const feed = await parse(rss(`<item><title>Envoys meet</title><link>https://e.org/1</link><description><![CDATA[${page}]]></description></item>`));
    expect(feed.items.map((i) => [i.title, i.summary])).toEqual([['Envoys meet', 'Envoys met in Islamabad.']]);
  });

  it('reads a feed with an HTML DOCTYPE before its root', async () => {
    const feed = await parse(`<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x">${rss('<item><title>A</title></item>')}`);
    expect(feed.items).toHaveLength(1);
  });

  it.each([
    ['<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body><rss></rss></body></html>', '; the page names its feed at https://news.example.org/rss.xml, add that address instead'],
    ['<html><body><p>Feeds & news</p></body></html>', ''],
    ['  <!-- served by x --><head><title>Moved</title></head><body>here</body>', ''],
  ])('refuses a web page: %s', async (html, hint) => {
    await expect(parse(html, 'text/html')).rejects.toThrow(`the address serves a web page, not an RSS or Atom feed${hint}`);
  });
});

describe('links as feed readers resolve them', () => {
  it.each([
    ['a link, whitespace trimmed', '<link>\n   https://e.org/a  \n</link><guid>https://e.org/g</guid>', 'https://e.org/a'],
    ['the guid, when there is no link and it is a permalink by default', '<guid>https://e.org/guid</guid>', 'https://e.org/guid'],
    ['the guid marked a permalink, resolved against the feed', '<guid isPermaLink="true">/2026/talks</guid>', 'https://news.example.org/2026/talks'],
    ['no link from a guid marked not a permalink', '<guid isPermaLink="false">https://e.org/guid</guid>', null],
    ['no link from a guid that is not an address', '<guid>article-1234</guid>', null],
    ['the link over a permalink guid', '<link>https://e.org/link</link><guid isPermaLink="true">https://e.org/guid</guid>', 'https://e.org/link'],
  ])('RSS: %s', async (_name, fields, url) => {
    const feed = await parse(rss(`<item><title>T</title>${fields}</item>`));
    expect(feed.items[0]!.url).toBe(url);
  });

  it('RSS: a relative link against the feed address', async () => {
    const feed = await parse(rss('<item><title>T</title><link>../2026/a.html</link></item>'));
    expect(feed.items[0]!.url).toBe('https://news.example.org/2026/a.html');
  });

  it.each([
    ['rel="alternate" over the others', '<link rel="related" href="https://e.org/related"/><link rel="alternate" href="https://e.org/alternate"/>', 'https://e.org/alternate'],
    ['a link without rel (alternate by definition) over an enclosure', '<link rel="enclosure" href="https://e.org/a.mp3"/><link href="https://e.org/page"/>', 'https://e.org/page'],
    ['xml:base on the entry', '<link href="story/1"/>', 'https://entry.example.com/news/story/1'],
    ['xml:base on the link itself, over the entry', '<link xml:base="https://link.example.com/a/" href="b"/>', 'https://link.example.com/a/b'],
  ])('Atom: %s', async (_name, links, url) => {
    const feed = await parse(atom(`<entry xml:base="https://entry.example.com/news/"><title>T</title><id>urn:1</id>${links}</entry>`, ' xml:base="https://feed.example.com/"'));
    expect(feed.items[0]!.url).toBe(url);
  });

  it('Atom: xml:base on the feed, relative to the document, then on the entry, relative to that', async () => {
    const feed = await parse(atom('<entry xml:base="entries/"><title>T</title><id>urn:1</id><link href="7"/></entry>', ' xml:base="/base/"'));
    expect(feed.items[0]!.url).toBe('https://news.example.org/base/entries/7');
  });
});

describe('text constructs', () => {
  it.each([
    ['Atom 1.0 base64', '<title type="application/octet-stream">VGFsa3MgPGI+cmVzdW1lPC9iPg==</title>', 'Talks resume'],
    ['Atom 0.3 base64', '<title mode="base64">VGFsa3MgPGI+cmVzdW1lPC9iPg==</title>', 'Talks resume'],
    ['inline XHTML, in order', '<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Talks <b>resume</b> today</div></title>', 'Talks resume today'],
    ['text that mentions a tag', '<title type="text">History of the &lt;blink&gt; tag</title>', 'History of the <blink> tag'],
    ['escaped HTML', '<title type="html">Talks &lt;em&gt;resume&lt;/em&gt;</title>', 'Talks resume'],
  ])('Atom: %s', async (_name, title, text) => {
    const feed = await parse(atom(`<entry><id>urn:1</id>${title}</entry>`));
    expect(feed.items[0]!.title).toBe(text);
  });

  it('Atom: base64 content becomes the summary', async () => {
    const content = Buffer.from('<p>Envoys met for six hours.</p>').toString('base64');
    const feed = await parse(atom(`<entry><id>urn:1</id><title>T</title><content type="text/html" mode="base64">${content}</content></entry>`));
    expect(feed.items[0]!.summary).toBe('Envoys met for six hours.');
  });

  it('RSS: the summary from Dublin Core, iTunes or an XHTML body when there is no description', async () => {
    const feed = await parse(
      `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>
        <item><title>a</title><dc:description>From Dublin Core</dc:description></item>
        <item><title>b</title><itunes:summary>From iTunes</itunes:summary></item>
        <item><title>c</title><body xmlns="http://www.w3.org/1999/xhtml"><p>From <b>XHTML</b></p></body></item>
      </channel></rss>`,
    );
    expect(feed.items.map((i) => i.summary)).toEqual(['From Dublin Core', 'From iTunes', 'From XHTML']);
  });
});

describe('namespaces and old formats', () => {
  it('reads RSS 2.0 in a non-default namespace', async () => {
    const feed = await parse('<r:rss version="2.0" xmlns:r="http://backend.userland.com/rss2"><r:channel><r:title>NS</r:title><r:item><r:title>Namespaced</r:title><r:link>https://e.org/1</r:link></r:item></r:channel></r:rss>');
    expect([feed.title, feed.items.map((i) => [i.title, i.url])]).toEqual(['NS', [['Namespaced', 'https://e.org/1']]]);
  });

  it('reads RSS 1.0 with every element prefixed', async () => {
    const feed = await parse(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rss="http://purl.org/rss/1.0/"><rss:channel rdf:about="x"><rss:title>One</rss:title></rss:channel><rss:item rdf:about="https://e.org/1"><rss:title>Prefixed</rss:title><rss:link>https://e.org/1</rss:link></rss:item></rdf:RDF>',
    );
    expect(feed.items.map((i) => [i.title, i.url])).toEqual([['Prefixed', 'https://e.org/1']]);
  });

  it('reads an Atom feed whose prefix is not the usual one', async () => {
    const feed = await parse('<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed Atom</a:title><a:entry><a:id>urn:1</a:id><a:title>Entry</a:title><a:link href="https://e.org/1"/></a:entry></a:feed>');
    expect([feed.title, feed.items.map((i) => [i.title, i.url])]).toEqual(['Prefixed Atom', [['Entry', 'https://e.org/1']]]);
  });

  it('reads <rss> with items but no channel, and an empty <rss> as a feed with no items', async () => {
    expect((await parse('<rss><item><title>Loose</title></item></rss>')).items.map((i) => i.title)).toEqual(['Loose']);
    expect((await parse('<rss version="2.0"></rss>')).items).toEqual([]);
  });

  it('reads CDF', async () => {
    const feed = await parse('<CHANNEL HREF="https://e.org/"><TITLE>Channel</TITLE><ITEM HREF="/item/1" LASTMOD="2026-11-21T10:00:00Z"><TITLE>CDF item</TITLE><ABSTRACT>About it</ABSTRACT></ITEM></CHANNEL>');
    expect([feed.title, feed.items.map((i) => [i.title, i.url, i.summary, i.publishedAt?.toISOString()])]).toEqual([
      'Channel',
      [['CDF item', 'https://news.example.org/item/1', 'About it', '2026-11-21T10:00:00.000Z']],
    ]);
  });

  it('reads UTF-16 without a byte-order mark', async () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>Négociations</title></item></channel></rss>', 'utf16le');
    const feed = await parse(bytes);
    expect([feed.charset, feed.lenient, feed.items[0]!.title]).toEqual(['utf-16le', false, 'Négociations']);
  });
});
