/**
 * Well-formed documents are read by saxes, and what saxes refuses by sax's strict mode: both must build the same
 * tree, so which of them read a feed never shows. Checked on every fixture feed and every document of feedparser's
 * suite that both accept. The only differences XML allows are left aside: saxes turns CRLF line ends into LF and
 * normalises whitespace inside attribute values, as XML says; sax keeps them as written.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFeed } from '../../feeds/decode.ts';
import { resolveInlineDtd } from '../../feeds/dtd.ts';
import { parseFast, parseSax, readXml } from '../../feeds/xml-tree.ts';
import { loadSuite } from '../support/feedparser-suite.ts';

const BASE = 'https://news.example.org/feeds/world.xml';
const fixtures = new URL('../fixtures/feeds/', import.meta.url);

/** The tree as JSON, with the differences XML allows made alike. */
const comparable = (tree: unknown) =>
  JSON.stringify(tree, (_key, value: unknown) => (typeof value === 'string' ? value.replace(/\r\n?/g, '\n').replace(/[\t\n\r ]+/g, ' ') : value));

function tryRead<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

describe('the two strict readers', () => {
  const documents = [
    ...readdirSync(fixtures).filter((f) => /\.(rss|atom)$/.test(f)).map((f) => ({ name: f, bytes: readFileSync(new URL(f, fixtures)) })),
    ...loadSuite().map((c) => ({ name: c.file, bytes: c.body })),
  ];

  it('build the same tree from every document both accept, and saxes accepts what sax does', () => {
    let both = 0;
    const refusedBySaxesOnly: string[] = [];
    for (const doc of documents) {
      const text = tryRead(() => resolveInlineDtd(decodeFeed(doc.bytes, null).text));
      if (text === null) continue;
      const fast = tryRead(() => parseFast(text, BASE));
      const sax = tryRead(() => parseSax(text, BASE, true));
      if (sax && !fast) refusedBySaxesOnly.push(doc.name);
      if (!fast || !sax) continue;
      both++;
      expect(comparable(fast), doc.name).toBe(comparable(sax));
    }
    expect(both).toBeGreaterThan(2_000);
    expect(refusedBySaxesOnly).toEqual([]);
  });

  it('take blank lines before the XML declaration and HTML named entities, as feed readers do', () => {
    const xml = '\n\n<?xml version="1.0"?><rss version="2.0"><channel><title>Caf&eacute;&nbsp;wire</title></channel></rss>';
    expect(parseFast(xml, BASE).tree.rss).toMatchObject({ channel: [{ title: ['Café\u00a0wire'] }] });
    expect(readXml(xml, BASE).lenient).toBe(false);
  });
});
