// RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through rss-parser's builders, extended where it falls short
// (the XML itself is read by xml-tree.ts):
// - the root is dispatched here, not by rss-parser: it refuses <rss> without a version, RDF
//   whose channel is missing, and Atom in a prefixed namespace (<a:feed>);
// - xml:base on the feed and on entries, raw date strings (rss-parser throws on bad Atom
//   dates), Atom links without attributes and Atom's default rel="alternate";
// - the feed's update hints (<ttl>, sy:updatePeriod, sy:updateFrequency).
import Parser from 'rss-parser';
import { NotAFeedError } from './errors.js';
import { newestItems } from './limits.js';
import { xhtmlAsHtml } from './xhtml.js';
import type { RawFeed, RawItem } from './types.js';
import { isNode, parseXmlTree, type Tree, type XmlNode } from './xml-tree.js';

type Entry = { [key: string]: unknown[] | Record<string, string> | undefined; $?: Record<string, string> };
type BuiltFeed = Record<string, unknown> & { items: Array<Record<string, unknown>> };

const text = (v: unknown): string | undefined => {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && typeof (first as XmlNode)._ === 'string') return (first as XmlNode)._;
  return undefined;
};
const first = (v: unknown): XmlNode | undefined => (Array.isArray(v) && isNode(v[0]) ? v[0] : undefined);

// rss-parser's class has these members but its typings do not declare them.
interface ParserInternals {
  buildAtomFeed(tree: Tree): BuiltFeed;
  buildRSS(channel: XmlNode, items: unknown[]): BuiltFeed;
  parseItemAtom(entry: Entry): Record<string, unknown>;
  parseItemRss(item: Entry, fields: unknown): Record<string, unknown>;
}
const BaseParser = Parser as unknown as new (opts: object) => ParserInternals;

const ITEM_FIELDS = [
  ['dc:date', 'dcDate'],
  ['guid', 'guidNode', { keepArray: true }],
];

/** Atom links with an href, best first: `alternate` (the default rel) before others, HTML first. */
function atomLinks(v: unknown): XmlNode[] {
  const links = (Array.isArray(v) ? v : []).filter((l): l is XmlNode => isNode(l) && !!l.$?.href);
  const rank = (l: XmlNode) => {
    const rel = l.$?.rel ?? 'alternate';
    const type = l.$?.type ?? 'text/html';
    return (rel === 'alternate' ? 0 : 2) + (/html/i.test(type) ? 0 : 1);
  };
  // rss-parser takes rel="alternate" or else the first link, so the best one goes first.
  return [...links].sort((a, b) => rank(a) - rank(b));
}

// An entry's self/edit links point at its Atom document, not at an article a reader can open.
const NOT_ARTICLE_RELS = new Set(['self', 'edit', 'edit-media', 'replies', 'hub', 'license']);

/**
 * An RSS item whose link is an Atom element: .NET's SyndicationFeed writes `<a10:link href="…"/>` with a10 bound
 * to the Atom namespace. Any prefixed `link` with an href counts: RSS's own <link> has none.
 */
function atomLinkInRss(item: Entry): string | undefined {
  const links = Object.keys(item)
    .filter((k) => /^[\w.-]+:link$/.test(k))
    .flatMap((k) => atomLinks(item[k]));
  return links.find((l) => !NOT_ARTICLE_RELS.has(l.$?.rel ?? ''))?.$?.href;
}

class ExtendedParser extends BaseParser {
  override parseItemAtom(entry: Entry): Record<string, unknown> {
    const link = atomLinks(entry.link).filter((l) => !NOT_ARTICLE_RELS.has(l.$?.rel ?? ''));
    const safe: Entry = { ...entry, link, published: undefined, updated: undefined };
    const item = super.parseItemAtom(safe);
    return {
      ...item,
      rawDates: [
        text(entry.published),
        text(entry.updated),
        text(entry.issued),
        text(entry.modified),
        text(entry['dc:date']),
      ],
      xmlBase: entry.$?.['xml:base'],
    };
  }

  override parseItemRss(xmlItem: Entry, fields: unknown): Record<string, unknown> {
    const item = super.parseItemRss(xmlItem, fields);
    return {
      ...item,
      link: item.link ?? atomLinkInRss(xmlItem),
      rawDates: [text(xmlItem.pubDate), text(xmlItem['dc:date']), text(xmlItem['a10:updated'])],
      xmlBase: xmlItem.$?.['xml:base'],
    };
  }
}

const builder = new ExtendedParser({ customFields: { item: ITEM_FIELDS } });

type Built = { format: RawFeed['format']; feed: BuiltFeed; base?: string; hints?: RawFeed['updateHints'] };

/** Picks the builder from the root element; null when the root is not a feed. */
function buildFeed(tree: Tree): Built | null {
  const rootName = Object.keys(tree)[0];
  if (!rootName) return null;
  const root: XmlNode = isNode(tree[rootName]) ? (tree[rootName] as XmlNode) : {};
  const local = rootName.toLowerCase();
  if (local === 'feed') {
    const entry = root.entry
      ? { entry: newestItems(asArray(root.entry).filter(isNode), (e) => text(e.updated) ?? text(e.published)) }
      : {};
    const feed = builder.buildAtomFeed({ feed: { ...root, link: atomLinks(root.link), ...entry } });
    return { format: 'atom', feed, base: root.$?.['xml:base'], hints: updateHints(root) };
  }
  // RDF's prefix is whatever the document bound; only the local name says what it is.
  if (local !== 'rss' && !/^(?:[\w.-]+:)?rdf$/.test(local)) return null;
  // RSS 0.9x/2.0 keep items in the channel, RSS 0.90/1.0 (RDF) next to it; accept both.
  const channel = first(root.channel) ?? {};
  const items = newestItems(
    [...asArray(channel.item), ...asArray(root.item)].filter(isNode),
    (i) => text(i.pubDate) ?? text(i['dc:date']),
  );
  const feed = builder.buildRSS(channel, items);
  return { format: 'rss', feed, base: root.$?.['xml:base'] ?? channel.$?.['xml:base'], hints: updateHints(channel) };
}

/** RSS <ttl> and the Syndication module's elements, under whatever prefix the document bound to it. */
function updateHints(node: XmlNode): RawFeed['updateHints'] {
  const byLocalName = (name: string) =>
    text(node[Object.keys(node).find((k) => k === name || k.endsWith(`:${name}`)) ?? '']);
  const hints = {
    ttl: text(node.ttl),
    updatePeriod: byLocalName('updatePeriod'),
    updateFrequency: byLocalName('updateFrequency'),
  };
  return hints.ttl || hints.updatePeriod || hints.updateFrequency ? hints : undefined;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export async function parseXmlFeed(xml: string): Promise<RawFeed> {
  const built = buildFeed(parseXmlTree(xhtmlAsHtml(xml)));
  if (!built) throw new NotAFeedError('XML document is not RSS, RDF or Atom');
  const { feed, format, base, hints } = built;
  return {
    format,
    updateHints: hints,
    title: str(feed.title),
    link: str(feed.link),
    language: str(feed.language),
    base: str(base),
    items: feed.items.map((it) => toRawItem(it)),
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function toRawItem(it: Record<string, unknown>): RawItem {
  const guidNode = Array.isArray(it.guidNode) ? (it.guidNode[0] as XmlNode | string) : undefined;
  const permaLink = typeof guidNode === 'object' ? (guidNode.$?.isPermaLink ?? guidNode.$?.ispermalink) : undefined;
  return {
    title: str(it.title),
    link: str(it.link),
    guid: str(it.guid) ?? str(it.id) ?? str(it['rdf:about']),
    guidIsPermaLink: permaLink === undefined ? undefined : permaLink.toLowerCase() !== 'false',
    base: str(it.xmlBase),
    rawDates: ((it.rawDates as Array<string | undefined>) ?? []).filter((d): d is string => !!d?.trim()),
    contentHtml: str(it['content:encoded']) ?? str(it.content),
    summaryHtml: str(it.summary) ?? (str(it['content:encoded']) ? str(it.content) : undefined),
    author: str(it.creator) ?? str(it.author),
  };
}
