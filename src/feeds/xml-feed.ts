// RSS 0.9x/1.0/2.0 and Atom 0.3/1.0 through rss-parser's builders, extended where it falls short:
// - the root is dispatched here, not by rss-parser: it refuses <rss> without a version, RDF
//   whose channel is missing, and Atom in a prefixed namespace (<a:feed>);
// - every document gets a fresh xml2js parser: rss-parser shares one per instance, and after a
//   parse error that instance keeps stale state, so the next document's promise never settles;
// - broken XML (bare `&`, a prolog after a comment, unclosed tags) gets a second, lenient pass
//   through htmlparser2 in XML mode, which never gives up, shaped like xml2js output;
// - xml:base on the feed and on entries, raw date strings (rss-parser throws on bad Atom
//   dates), Atom links without attributes and Atom's default rel="alternate".
import { Parser as HtmlParser } from 'htmlparser2';
import Parser from 'rss-parser';
import { NotAFeedError } from './errors.js';
import { newestItems } from './limits.js';
import { xhtmlAsHtml } from './xhtml.js';
import type { RawFeed, RawItem } from './types.js';

type XmlNode = Record<string, unknown> & { $?: Record<string, string>; _?: string };
type Entry = { [key: string]: unknown[] | Record<string, string> | undefined; $?: Record<string, string> };
type Tree = Record<string, unknown>;
type BuiltFeed = Record<string, unknown> & { items: Array<Record<string, unknown>> };
type TagNamer = (name: string) => string;

const text = (v: unknown): string | undefined => {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && typeof (first as XmlNode)._ === 'string') return (first as XmlNode)._;
  return undefined;
};
const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);
const first = (v: unknown): XmlNode | undefined => (Array.isArray(v) && isNode(v[0]) ? v[0] : undefined);

// rss-parser's class has these members but its typings do not declare them.
interface ParserInternals {
  xmlParser: { parseString(xml: string, cb: (err: Error | null, result: Tree | null) => void): unknown };
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

const ATOM_NAMESPACES = '(?:http://www\\.w3\\.org/2005/Atom|http://purl\\.org/atom/ns#)';
// One character or one whole construct per repetition, so a hostile prefix cannot backtrack.
const ROOT_NAME = /^(?:\s|<\?[^>]*>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[^\]]*\][^>]*)?>)*<([\w.:-]+)/i;

/**
 * Atom written with prefixes (`<a:feed xmlns:a="…Atom">`, or `<p0:entry xmlns:p0="…Atom">`
 * inside a default-namespace feed): those prefixes are dropped from element names so the
 * builders see `feed`, `entry`, `link`. Only in Atom documents: in RSS, `atom:link` must stay
 * apart from the channel's own `link`.
 */
function atomPrefixStripper(xml: string): TagNamer {
  const root = ROOT_NAME.exec(xml.slice(0, 8192))?.[1];
  if (!root || root.split(':').pop()!.toLowerCase() !== 'feed') return (name) => name;
  const bindings = new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${ATOM_NAMESPACES}["']`, 'g');
  const prefixes = new Set([...xml.matchAll(bindings)].map((m) => `${m[1]}:`));
  if (prefixes.size === 0) return (name) => name;
  return (name) => {
    const colon = name.indexOf(':');
    return colon > 0 && prefixes.has(name.slice(0, colon + 1)) ? name.slice(colon + 1) : name;
  };
}

/**
 * Deeper than this is no feed: real documents, inline XHTML content included, nest a few dozen
 * levels at most. Unbounded depth is a denial of service: htmlparser2 keeps its open elements
 * with Array#unshift (O(depth) per element, so quadratic: 100,000 nested tags took 6 s of
 * blocked event loop) and rss-parser rebuilds nested content recursively (stack overflow).
 */
export const MAX_XML_DEPTH = 256;

const tooDeep = () => new NotAFeedError(`elements nested more than ${MAX_XML_DEPTH} levels deep (refused)`);

/** Depth of an xml2js tree, walked with an explicit stack (the tree may be deep). */
function treeDepth(tree: Tree): number {
  let max = 0;
  const todo: Array<[unknown, number]> = [[tree, 0]];
  while (todo.length) {
    const [value, depth] = todo.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_XML_DEPTH) break;
    if (Array.isArray(value)) for (const v of value) todo.push([v, depth]);
    else if (isNode(value)) for (const [k, v] of Object.entries(value)) if (k !== '$') todo.push([v, depth + 1]);
  }
  return max;
}

/** A well-formedness-checking pass (sax strict mode through xml2js); throws on broken XML. */
function strictTree(xml: string, tagName: TagNamer): Tree {
  // A fresh instance per document: see the header comment about shared parser state.
  const { xmlParser } = new BaseParser({ xml2js: { tagNameProcessors: [tagName] } });
  let settled = false;
  let error: Error | null = null;
  let tree: Tree | null = null;
  xmlParser.parseString(xml, (err, result) => {
    if (settled) return;
    settled = true;
    error = err;
    tree = result;
  });
  // xml2js runs synchronously; a callback that has not run by now never will.
  if (!settled) throw new Error('XML parser did not finish');
  if (error) throw error;
  if (!tree) throw new Error('no root element');
  if (treeDepth(tree) > MAX_XML_DEPTH) throw tooDeep();
  return tree;
}

interface Frame {
  name: string;
  node: XmlNode;
  text: string;
  cdata: boolean;
}

/** xml2js's shape: attributes under `$`, text under `_`, children as arrays, bare text as a string. */
function frameValue(f: Frame): unknown {
  const hasText = f.cdata || /\S/.test(f.text);
  if (hasText) f.node._ = f.text;
  const keys = Object.keys(f.node);
  if (keys.length === 0) return f.text;
  return keys.length === 1 && hasText ? f.text : f.node;
}

/** Lenient pass: htmlparser2 in XML mode accepts bare `&`, undefined entities, unclosed and misnested tags. */
function lenientTree(xml: string, tagName: TagNamer): Tree | null {
  const stack: Frame[] = [];
  let tree: Tree | null = null;
  let deep = false;
  const parser = new HtmlParser(
    {
      onopentag(name, attribs) {
        if (stack.length >= MAX_XML_DEPTH) {
          // Stop here: every further element would cost htmlparser2 O(depth).
          deep = true;
          parser.pause();
          return;
        }
        // Prototype-less, as xml2js does: element names such as `constructor` or `__proto__`
        // become keys of these objects.
        const node = Object.create(null) as XmlNode;
        if (Object.keys(attribs).length) node.$ = { ...attribs };
        stack.push({ name: tagName(name), node, text: '', cdata: false });
      },
      ontext(t) {
        const top = stack.at(-1);
        if (top) top.text += t;
      },
      oncdatastart() {
        const top = stack.at(-1);
        if (top) top.cdata = true;
      },
      onclosetag() {
        const frame = stack.pop();
        if (!frame) return;
        const value = frameValue(frame);
        const parent = stack.at(-1);
        if (parent) ((parent.node[frame.name] ??= []) as unknown[]).push(value);
        else tree ??= { [frame.name]: isNode(value) ? value : {} };
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  if (deep) throw tooDeep();
  return tree;
}

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

function parseTree(raw: string): ReturnType<typeof buildFeed> {
  const xml = xhtmlAsHtml(raw);
  const tagName = atomPrefixStripper(xml);
  let tree: Tree | null;
  try {
    tree = strictTree(xml, tagName);
  } catch (strictError) {
    if (strictError instanceof NotAFeedError) throw strictError; // a refusal, not a syntax error
    tree = lenientTree(xml, tagName);
    if (!tree) throw new NotAFeedError(xmlErrorMessage(strictError));
  }
  return buildFeed(tree);
}

export async function parseXmlFeed(xml: string): Promise<RawFeed> {
  const built = parseTree(xml);
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

function xmlErrorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return `malformed XML (${msg})`;
}
