/**
 * XML text to the object tree rss-parser reads (xml2js's shape: children in arrays by name, attributes in `$`,
 * text in `_`), read the way feed readers read feeds:
 *
 * - strictly first (saxes, then sax's strict mode for what saxes refuses); a document that is not well-formed (a
 *   bare `&`, an undefined entity, an unclosed tag) is read again by sax's lenient mode, which recovers what a
 *   browser would, and the result says so;
 * - element names by namespace, not by the prefix a document happens to use (`<r:item>` in the RSS 2.0
 *   namespace is an `item`, Dublin Core is always `dc:`), so RSS and Atom in a non-default namespace read alike;
 * - text constructs (titles, summaries, content) as one HTML string: inline XHTML serialised in document order,
 *   base64 decoded, Atom `type="text"` escaped so that markup-looking text stays text;
 * - `xml:base` applied at every level to the links it governs, so what rss-parser hands on is absolute.
 *
 * Neither reader reads a DTD or expands a declared entity; documents that declare entities are refused before this
 * (see decode.ts).
 */
import sax from 'sax';
import { SaxesParser } from 'saxes';
import { safeText } from './safe-text.ts';
import { canonicalCase, prefixFor, TEXT_ELEMENTS, VOID_HTML } from './xml-names.ts';

export type XmlNode = { $?: Record<string, string>; _?: string } & { [child: string]: unknown };

export interface XmlTree {
  /** the root element's name, e.g. `rss`, `feed`, `rdf:RDF` */
  root: string;
  tree: Record<string, XmlNode>;
  /** read by the lenient parser: the document was not well-formed */
  lenient: boolean;
}

export const FEED_ROOTS = new Set(['rss', 'feed', 'rdf:RDF', 'channel']);
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ATOM_NAMESPACES = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);
// the named entities sax reads in strict mode: XML's five and HTML's
const SAX_ENTITIES = (sax as unknown as { ENTITIES: Record<string, string> }).ENTITIES;

interface Frame {
  name: string;
  attrs: Record<string, string>;
  base: string;
  text: string;
  children: Map<string, unknown[]>;
  /** inside a text construct: its markup so far, and how the text is to be read */
  markup: string[] | null;
  mode: 'text' | 'html' | 'base64';
  atom: boolean;
}

export class XmlReadError extends Error {}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** A reference made absolute; control characters go first, or the URL parser would keep them percent-encoded. */
function resolve(ref: string, base: string): string {
  const clean = safeText(ref).trim();
  try {
    return new URL(clean, base).href;
  } catch {
    return clean;
  }
}

/** How an Atom text construct's content is to be read (Atom 1.0 `type`, Atom 0.3 `mode`). */
function atomMode(attrs: Record<string, string>): Frame['mode'] {
  const type = (attrs.type ?? '').toLowerCase().trim();
  const mode = (attrs.mode ?? '').toLowerCase().trim();
  if (mode === 'base64') return 'base64';
  if (type === 'html' || type === 'xhtml' || type === 'text/html' || type === 'application/xhtml+xml' || mode === 'escaped') return 'html';
  if (type === '' || type === 'text' || type.startsWith('text/')) return 'text';
  // Atom 1.0: any other media type that is not XML is base64-encoded.
  return type.endsWith('xml') ? 'html' : 'base64';
}

function decodeBase64(text: string): string {
  return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
}

/** A start tag with its names resolved, as both sax and saxes report it with `xmlns` on. */
interface Tag {
  name: string;
  prefix: string;
  local: string;
  uri: string;
  attributes: Record<string, { name: string; prefix: string; local: string; uri: string; value: string }>;
}

/** The tree being built from a reader's events: what every reader below feeds. */
function treeBuilder(baseUrl: string) {
  const root: Frame = { name: '', attrs: {}, base: baseUrl, text: '', children: new Map(), markup: null, mode: 'html', atom: false };
  const stack: Frame[] = [root];
  let rootName = '';
  let atomDoc = false;
  let cdf = false;

  const open = (node: Tag) => {
    const parent = stack[stack.length - 1]!;
    const attrs: Record<string, string> = {};
    let base = parent.base;
    for (const attr of Object.values(node.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      if ((attr.uri === XML_NS || attr.prefix === 'xml') && attr.local === 'base') base = resolve(attr.value, parent.base);
      const name = attr.prefix && attr.prefix !== 'xml' ? `${prefixFor(attr.uri, attr.prefix, false)}${canonicalCase(attr.local)}` : canonicalCase(attr.name);
      attrs[name] = attr.value;
    }
    if (parent.markup) {
      const html = Object.entries(attrs).map(([k, v]) => ` ${k.replace(/^.*:/, '')}="${escapeAttr(v)}"`).join('');
      const local = node.local.toLowerCase();
      parent.markup.push(VOID_HTML.has(local) ? `<${local}${html} />` : `<${local}${html}>`);
      stack.push({ ...parent, name: local, children: new Map(), text: '' });
      return;
    }
    // The root is the first top-level element, or a later feed element after leading junk (lenient reads only).
    const isRoot = stack.length === 1 && !FEED_ROOTS.has(rootName);
    if (isRoot) {
      atomDoc = ATOM_NAMESPACES.has(node.uri) || node.local.toLowerCase() === 'feed';
      cdf = node.local.toLowerCase() === 'channel';
    }
    const atom = ATOM_NAMESPACES.has(node.uri) || (atomDoc && !node.uri);
    const name = `${prefixFor(node.uri, node.prefix, atomDoc)}${canonicalCase(node.local)}`;
    if (isRoot) rootName = name;
    // CDF gives its base as a plain attribute.
    if (cdf && attrs.base) base = resolve(attrs.base, base);
    const isText = TEXT_ELEMENTS.has(name) && stack.length > 1;
    stack.push({
      name,
      attrs,
      base,
      text: '',
      children: new Map(),
      markup: isText ? [] : null,
      mode: isText && atom ? atomMode(attrs) : 'html',
      atom,
    });
  };
  const text = (chunk: string) => {
    const frame = stack[stack.length - 1]!;
    if (frame.markup) frame.markup.push(escapeHtml(chunk));
    frame.text += chunk;
  };
  const close = () => {
    const frame = stack.pop()!;
    const parent = stack[stack.length - 1]!;
    if (!parent) return;
    if (parent.markup && parent.markup === frame.markup) {
      if (!VOID_HTML.has(frame.name)) parent.markup.push(`</${frame.name}>`);
      return;
    }
    const value = finish(frame);
    const list = parent.children.get(frame.name);
    if (list) list.push(value);
    else parent.children.set(frame.name, [value]);
  };
  /** The tree so far; elements left open (a lenient read of a document cut short) are closed first. */
  const done = (failure: Error | null): Omit<XmlTree, 'lenient'> => {
    // An item or entry still open at the end was cut short itself and is dropped rather than stored in part.
    while (stack.length > 1) {
      const openFrame = stack[stack.length - 1]!;
      if (!openFrame.markup && (openFrame.name === 'item' || openFrame.name === 'entry')) stack.pop();
      else close();
    }
    if (!root.children.size) throw new XmlReadError(failure?.message.split('\n')[0] ?? 'no root element');
    const tree: Record<string, XmlNode> = {};
    for (const [name, list] of root.children) tree[name] = asNode(list[0]);
    return { root: rootName, tree };
  };
  return { open, text, close, done };
}

/**
 * A well-formed document, read by saxes: about three times as fast as sax, and just as strict. It knows the
 * entities sax's strict mode knows (HTML's named ones among them), so it accepts what that mode accepts.
 */
export function parseFast(text: string, baseUrl: string): Omit<XmlTree, 'lenient'> {
  const builder = treeBuilder(baseUrl);
  const parser = new SaxesParser({ xmlns: true, position: false });
  parser.ENTITIES = SAX_ENTITIES;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', builder.open);
  parser.on('text', builder.text);
  parser.on('cdata', builder.text);
  parser.on('closetag', builder.close);
  try {
    // Blank lines before the XML declaration are common (a stray newline in a template); sax skips them, saxes
    // would refuse the document.
    parser.write(text.charCodeAt(0) <= 32 ? text.replace(/^\s+(?=<\?xml)/, '') : text).close();
  } catch (error) {
    throw new XmlReadError((error as Error).message.split('\n')[0]);
  }
  return builder.done(null);
}

/** sax: strictly (any error throws XmlReadError), or leniently, recovering what a browser would. */
export function parseSax(text: string, baseUrl: string, strict: boolean): Omit<XmlTree, 'lenient'> {
  const parser = sax.parser(strict, { xmlns: true, lowercase: true, noscript: true, position: false });
  const builder = treeBuilder(baseUrl);
  let failure: Error | null = null;
  parser.onerror = (error) => {
    failure ??= error;
    // A strict read stops at the first error (the throw leaves write()); the lenient one carries on.
    if (strict) throw error;
    parser.resume();
  };
  parser.onopentag = (tag) => builder.open(tag as sax.QualifiedTag);
  parser.ontext = builder.text;
  parser.oncdata = builder.text;
  parser.onclosetag = builder.close;
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= error as Error;
  }
  if (strict && failure) throw new XmlReadError((failure as Error).message.split('\n')[0]);
  return builder.done(failure);
}

const parseSaxStrict = (text: string, baseUrl: string) => parseSax(text, baseUrl, true);

function asNode(value: unknown): XmlNode {
  if (value && typeof value === 'object') return value as XmlNode;
  return typeof value === 'string' && value.trim() ? { _: value } : {};
}

/** A frame's value in xml2js's shape: a string for plain text, else an object. */
function finish(frame: Frame): unknown {
  const node: XmlNode = {};
  if (Object.keys(frame.attrs).length) node.$ = frame.attrs;
  if (frame.markup) {
    const hasElements = frame.markup.some((part) => part.startsWith('<'));
    let value: string;
    if (frame.mode === 'base64') value = decodeBase64(frame.text);
    else if (hasElements) value = frame.markup.join('');
    else if (frame.mode === 'text' && frame.atom) value = escapeHtml(frame.text);
    else value = frame.text;
    if (!node.$) return value;
    node._ = value;
    return node;
  }
  for (const [name, list] of frame.children) node[name] = list;
  // Links are resolved against the xml:base in force where they stand.
  if (node.$?.href) node.$.href = resolve(node.$.href, frame.base);
  const text = frame.text.trim();
  if (frame.name === 'link' && text && !frame.children.size && !node.$?.href) {
    if (!node.$) return resolve(text, frame.base);
    node._ = resolve(text, frame.base);
    return node;
  }
  if (frame.name === 'item') permalinkAsLink(node, frame.base);
  if (!frame.children.size && !node.$) return frame.text;
  if (text) node._ = frame.children.size ? text : frame.text;
  return node;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as XmlNode)._ === 'string') return (value as XmlNode)._!;
  return '';
}

/**
 * An RSS item with no link of its own links to its guid when the guid is a permalink: one marked so (resolved
 * against the base), or one that is already an absolute web address and not marked otherwise.
 */
function permalinkAsLink(item: XmlNode, base: string): void {
  const links = item.link as unknown[] | undefined;
  if (links?.some((l) => textOf(l).trim() || (l as XmlNode)?.$?.href)) return;
  const guid = (item.guid as unknown[] | undefined)?.[0];
  const text = textOf(guid).trim();
  const marked = (guid as XmlNode | undefined)?.$?.isPermaLink?.trim().toLowerCase();
  if (!text || marked === 'false') return;
  if (marked === 'true' || /^https?:\/\//i.test(text)) item.link = [resolve(text, base)];
}

/**
 * Read a document: strictly, else leniently (`lenientOnly` skips the strict attempt; the benchmark uses it).
 * Throws XmlReadError only when the document has no element at all.
 */
export function readXml(text: string, baseUrl: string, lenientOnly = false): XmlTree {
  if (!lenientOnly) {
    // saxes first; what it refuses, sax's strict mode may still take (it is laxer in places), as before saxes
    for (const strictly of [parseFast, parseSaxStrict]) {
      try {
        return { ...strictly(text, baseUrl), lenient: false };
      } catch (error) {
        if (!(error instanceof XmlReadError)) throw error;
      }
    }
  }
  return { ...parseSax(text, baseUrl, false), lenient: true };
}
