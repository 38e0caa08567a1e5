/**
 * The tree from xml-tree.ts, put in the shape rss-parser reads, for the documents feed readers accept but
 * rss-parser does not: `<rss>` with no `<channel>` (or items beside it), RSS 1.0 with no channel, Netscape's CDF,
 * Atom links without a rel (which means alternate) or written as text, and Atom 0.3's dates.
 */
import type { XmlNode, XmlTree } from './xml-tree.ts';

type List = unknown[] | undefined;

function node(value: unknown): XmlNode {
  return value && typeof value === 'object' ? (value as XmlNode) : {};
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  return typeof node(value)._ === 'string' ? node(value)._! : '';
}

function channelOf(root: XmlNode): XmlNode {
  const channel = node((root.channel as List)?.[0]);
  root.channel = [channel];
  return channel;
}

/** Atom: every link has attributes, a link with no rel is the alternate one, and 0.3's dates have 1.0's names. */
function atomLinks(links: List): XmlNode[] | undefined {
  return links?.map((link) => {
    const n = typeof link === 'string' ? { $: { href: link.trim() } } : node(link);
    const attrs = { ...n.$ };
    if (!attrs.href && text(n).trim()) attrs.href = text(n).trim();
    attrs.rel = attrs.rel?.trim() || 'alternate';
    return { ...n, $: attrs };
  });
}

function atom(feed: XmlNode): void {
  if (feed.link) feed.link = atomLinks(feed.link as List);
  const entries = (feed.entry as List) ?? [];
  feed.entry = entries.map((value) => {
    const entry = node(value);
    if (entry.link) entry.link = atomLinks(entry.link as List);
    entry.published ??= entry.issued ?? entry.created;
    entry.updated ??= entry.modified;
    return entry;
  });
}

/** CDF, as RSS 2.0: TITLE, ABSTRACT as the description, HREF as the link, LASTMOD as the date. */
function cdf(channel: XmlNode): XmlNode {
  const asItem = (n: XmlNode): XmlNode => ({
    ...(n.title ? { title: n.title } : {}),
    ...(n.abstract ? { description: n.abstract } : {}),
    ...(n.$?.href ? { link: [n.$.href] } : {}),
    ...(n.$?.lastmod ? { pubDate: [n.$.lastmod] } : {}),
  });
  return { $: { version: '2.0' }, channel: [{ ...asItem(channel), item: ((channel.item as List) ?? []).map((i) => asItem(node(i))) }] };
}

/** The object to hand rss-parser. */
export function shapeFeed(xml: XmlTree): Record<string, XmlNode> {
  const root = node(xml.tree[xml.root]);
  switch (xml.root) {
    case 'feed':
      atom(root);
      return { feed: root };
    case 'rss': {
      const channel = channelOf(root);
      // RSS 0.9x documents in the wild put items beside the channel, or have no channel at all.
      if (root.item) channel.item = [...((channel.item as List) ?? []), ...(root.item as unknown[])];
      return { rss: root };
    }
    case 'rdf:RDF': {
      const channel = channelOf(root);
      if (!root.item && channel.item) root.item = channel.item;
      return { 'rdf:RDF': root };
    }
    case 'channel':
      return { rss: cdf(root) };
    default:
      return xml.tree;
  }
}
