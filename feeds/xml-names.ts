/**
 * The names a feed's elements are known by, whatever prefix or letter case the document uses: the vocabularies
 * feed readers know, each with the prefix rss-parser expects (none for the feed's own vocabulary).
 */

const NAMESPACES = new Map<string, string>([
  // RSS 0.90, 1.0 and namespaced 2.0: the feed's own vocabulary
  ['http://my.netscape.com/rdf/simple/0.9/', ''],
  ['http://purl.org/rss/1.0/', ''],
  ['http://backend.userland.com/rss2', ''],
  ['http://blogs.law.harvard.edu/tech/rss', ''],
  ['http://purl.org/net/rss1.1#', ''],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf:'],
  ['http://purl.org/dc/elements/1.1/', 'dc:'],
  ['http://purl.org/dc/terms/', 'dcterms:'],
  ['http://purl.org/rss/1.0/modules/content/', 'content:'],
  ['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes:'],
  ['http://search.yahoo.com/mrss/', 'media:'],
  ['http://search.yahoo.com/mrss', 'media:'],
  ['http://www.w3.org/1999/xhtml', 'xhtml:'],
]);

const ATOM = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);

/**
 * The prefix for an element in namespace `uri`, written with `written` as its prefix. Atom is the feed's own
 * vocabulary in an Atom document and `atom:` inside RSS, where its `<link>` must not be taken for RSS's.
 */
export function prefixFor(uri: string | undefined, written: string | undefined, atomDocument: boolean): string {
  if (uri) {
    if (ATOM.has(uri)) return atomDocument ? '' : 'atom:';
    const known = NAMESPACES.get(uri) ?? NAMESPACES.get(uri.toLowerCase());
    if (known !== undefined) return known;
  }
  return written ? `${written.toLowerCase()}:` : '';
}

/** Lower-cased names whose usual spelling has capitals (the lenient reader lower-cases everything). */
const CAMEL = new Map(
  ['pubDate', 'lastBuildDate', 'managingEditor', 'webMaster', 'skipHours', 'skipDays', 'textInput', 'isPermaLink', 'RDF', 'episodeType', 'newLocation'].map(
    (name) => [name.toLowerCase(), name],
  ),
);

export function canonicalCase(local: string): string {
  const lower = local.toLowerCase();
  return CAMEL.get(lower) ?? lower;
}

/**
 * Elements whose content is text or markup to show, never structure: inline XHTML inside them is kept as HTML.
 * (Atom's title, subtitle, summary, content and rights; RSS's title and description, and the elements feed
 * readers take a description from when there is none.)
 */
export const TEXT_ELEMENTS = new Set([
  'title', 'subtitle', 'tagline', 'summary', 'content', 'rights', 'copyright', 'info', 'description', 'abstract',
  'content:encoded', 'dc:description', 'dc:title', 'itunes:summary', 'itunes:subtitle', 'xhtml:body', 'body',
  'fullitem', 'media:title', 'media:description',
]);

/** HTML elements that have no end tag. */
export const VOID_HTML = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
