// The XML of a feed as an xml2js-shaped tree (attributes under `$`, text under `_`, children as
// arrays), for rss-parser's builders (xml-feed.ts):
// - every document gets a fresh xml2js parser: rss-parser shares one per instance, and after a
//   parse error that instance keeps stale state, so the next document's promise never settles;
// - broken XML (bare `&`, a prolog after a comment, unclosed tags) gets a second, lenient pass
//   through htmlparser2 in XML mode, which never gives up, shaped like xml2js output;
// - prefixed Atom (`<a:feed>`) loses its prefixes, and a document nested too deep is refused.
import { Parser as HtmlParser } from 'htmlparser2';
import Parser from 'rss-parser';
import { NotAFeedError } from './errors.js';

export type XmlNode = Record<string, unknown> & { $?: Record<string, string>; _?: string };
export type Tree = Record<string, unknown>;
type TagNamer = (name: string) => string;

export const isNode = (v: unknown): v is XmlNode => typeof v === 'object' && v !== null && !Array.isArray(v);

// rss-parser builds its xml2js parser with the options it is given; its typings do not declare it.
interface XmlParserHost {
  xmlParser: { parseString(xml: string, cb: (err: Error | null, result: Tree | null) => void): unknown };
}
const XmlParserFactory = Parser as unknown as new (opts: object) => XmlParserHost;

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
  const { xmlParser } = new XmlParserFactory({ xml2js: { tagNameProcessors: [tagName] } });
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

/** The document's tree: strict first, lenient when the XML is broken. Throws NotAFeedError. */
export function parseXmlTree(xml: string): Tree {
  const tagName = atomPrefixStripper(xml);
  try {
    return strictTree(xml, tagName);
  } catch (strictError) {
    if (strictError instanceof NotAFeedError) throw strictError; // a refusal, not a syntax error
    const tree = lenientTree(xml, tagName);
    if (!tree) throw new NotAFeedError(xmlErrorMessage(strictError));
    return tree;
  }
}

function xmlErrorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message.split('\n')[0]! : String(err);
  return `malformed XML (${msg})`;
}
