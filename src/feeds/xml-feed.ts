// RSS 0.9x/1.0/2.0 and Atom through rss-parser, extended where it falls short:
// - xml:base on the feed and on entries (rss-parser drops attributes);
// - raw date strings (it calls `new Date(x).toISOString()` on Atom dates and throws on bad ones);
// - Atom <link> elements without attributes (its getLink dereferences `$` unguarded);
// - a lenient second pass for real-world XML with bare `&` and similar damage.
import Parser from 'rss-parser';
import { NotAFeedError } from './errors.js';
import type { RawFeed, RawItem } from './types.js';

type XmlNode = Record<string, unknown> & { $?: Record<string, string>; _?: string };
type Entry = { [key: string]: unknown[] | Record<string, string> | undefined; $?: Record<string, string> };

const text = (v: unknown): string | undefined => {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && typeof (first as XmlNode)._ === 'string') return (first as XmlNode)._;
  return undefined;
};

// rss-parser's class has these methods but its typings do not declare them.
interface ParserInternals {
  parseString(xml: string): Promise<Record<string, unknown> & { items: Array<Record<string, unknown>> }>;
  parseItemAtom(entry: Entry): Record<string, unknown>;
  parseItemRss(item: Entry, fields: unknown): Record<string, unknown>;
}
const BaseParser = Parser as unknown as new (opts: object) => ParserInternals;

const ITEM_FIELDS = [['dc:date', 'dcDate'], ['guid', 'guidNode', { keepArray: true }]];

class ExtendedParser extends BaseParser {
  override parseItemAtom(entry: Entry): Record<string, unknown> {
    const links = ((entry.link as unknown[] | undefined) ?? []).filter((l) => l && typeof l === 'object' && (l as XmlNode).$);
    const safe: Entry = { ...entry, link: links, published: undefined, updated: undefined };
    const item = super.parseItemAtom(safe);
    return {
      ...item,
      rawDates: [text(entry.published), text(entry.updated), text(entry.issued), text(entry.modified), text(entry['dc:date'])],
      xmlBase: entry.$?.['xml:base'],
    };
  }

  override parseItemRss(xmlItem: Entry, fields: unknown): Record<string, unknown> {
    const item = super.parseItemRss(xmlItem, fields);
    return {
      ...item,
      // The lenient pass lower-cases tag names, hence `pubdate`.
      rawDates: [text(xmlItem.pubDate ?? xmlItem.pubdate), text(xmlItem['dc:date']), text(xmlItem['a10:updated'])],
      xmlBase: xmlItem.$?.['xml:base'],
    };
  }
}

const lowercase = (name: string) => name.toLowerCase();
const strictParser = new ExtendedParser({ customFields: { item: ITEM_FIELDS } });
const lenientParser = new ExtendedParser({
  customFields: { item: ITEM_FIELDS },
  xml2js: { strict: false, normalizeTags: true, attrNameProcessors: [lowercase] },
});

function feedBase(xml: string): string | undefined {
  // Only the root element's own start tag is read; entry-level bases come from the parser.
  const root = /<(?:[\w-]+:)?(?:feed|rss|rdf:RDF|channel)\b([^>]*)>/i.exec(xml.slice(0, 4096));
  return root ? /\bxml:base\s*=\s*["']([^"']*)["']/i.exec(root[1]!)?.[1] : undefined;
}

export async function parseXmlFeed(xml: string): Promise<RawFeed> {
  let parsed: Awaited<ReturnType<ParserInternals['parseString']>>;
  try {
    parsed = await strictParser.parseString(xml);
  } catch (strictError) {
    try {
      parsed = await lenientParser.parseString(xml);
    } catch {
      throw new NotAFeedError(xmlErrorMessage(strictError));
    }
  }
  const base = feedBase(xml);
  const items = parsed.items.map((it) => toRawItem(it));
  return {
    format: /<feed\b/i.test(xml.slice(0, 2048)) ? 'atom' : 'rss',
    title: str(parsed.title),
    link: str(parsed.link),
    language: str(parsed.language),
    base,
    items,
  };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}

function toRawItem(it: Record<string, unknown>): RawItem {
  const guidNode = Array.isArray(it.guidNode) ? (it.guidNode[0] as XmlNode | string) : undefined;
  const permaLink = typeof guidNode === 'object' ? guidNode.$?.isPermaLink ?? guidNode.$?.ispermalink : undefined;
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
  if (/not recognized as RSS/i.test(msg)) return 'XML document is not RSS, RDF or Atom';
  return `malformed XML (${msg})`;
}
