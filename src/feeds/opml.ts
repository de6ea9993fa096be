// OPML ↔ feed specs. Nested outlines are categories; an outline with xmlUrl is a feed.
// Extra attributes `language` and `category` (used by the shipped list) are read when present, and
// `proxy="off"` (or "on") picks the route of one feed when FEEDS_PROXY is set.
// Parsing and rendering are pure; importOpml/exportOpml at the end apply them to the database.
import { Parser } from 'htmlparser2';
import { escapeAttr } from '../format/html.js';
import { stripUnsafeChars } from '../news/text.js';
import type { Db } from '../store/db.js';
import {
  enableImportedFeeds,
  listFeeds,
  upsertFeeds,
  type FeedProxyChoice,
  type FeedRow,
  type FeedSpec,
} from '../store/feeds.js';
import { decodeFeedBytes } from './decode.js';

export class OpmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpmlError';
  }
}

export function parseOpml(xml: string): FeedSpec[] {
  const feeds: FeedSpec[] = [];
  const path: string[] = [];
  let sawOpml = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name.toLowerCase() === 'opml') sawOpml = true;
        if (name.toLowerCase() !== 'outline') return;
        const url = attrs.xmlUrl ?? attrs.xmlurl;
        if (url && /^https?:\/\//i.test(url.trim())) {
          feeds.push({
            url: url.trim(),
            title: (attrs.title ?? attrs.text ?? url).trim(),
            siteUrl: attrs.htmlUrl ?? attrs.htmlurl ?? null,
            language: attrs.language ?? null,
            category: attrs.category ?? (path.length ? `/${path.join('/')}` : null),
            proxy: proxyChoice(attrs.proxy),
          });
        }
        path.push(attrs.text ?? attrs.title ?? '');
      },
      onclosetag(name) {
        if (name.toLowerCase() === 'outline') path.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  if (!sawOpml) throw new OpmlError('not an OPML document (no <opml> root)');
  return feeds;
}

/** `proxy="off"` (also no, false, direct) or `proxy="on"` (yes, true); anything else is the default. */
export function proxyChoice(value: string | undefined): FeedProxyChoice | null {
  const v = value?.trim().toLowerCase();
  if (v === 'off' || v === 'no' || v === 'false' || v === 'direct') return 'off';
  if (v === 'on' || v === 'yes' || v === 'true') return 'on';
  return null;
}

// Characters XML 1.0 cannot carry (and other controls) are dropped, line breaks become spaces:
// an attribute value would lose them on parsing anyway.
const escapeXml = (s: string) => escapeAttr(stripUnsafeChars(s).replace(/[\t\n\r]+/g, ' '));

function feedOutline(f: FeedSpec, indent: string): string {
  const attrs = [
    ['type', 'rss'],
    ['text', f.title],
    ['title', f.title],
    ['xmlUrl', f.url],
    ['htmlUrl', f.siteUrl ?? ''],
    ['language', f.language ?? ''],
    ['category', f.category ?? ''],
    ['proxy', f.proxy ?? ''],
  ].filter(([, v]) => v);
  return `${indent}<outline ${attrs.map(([k, v]) => `${k}="${escapeXml(v!)}"`).join(' ')}/>`;
}

/**
 * Feeds grouped in one folder per category (feed readers such as Feedly and Inoreader take
 * folders from nesting and ignore the attribute), each feed still carrying `category` and
 * `language`, so parseOpml gives back exactly what was rendered.
 */
export function renderOpml(feeds: FeedSpec[], title: string, now: number): string {
  const folders = new Map<string, FeedSpec[]>();
  const loose: FeedSpec[] = [];
  for (const f of feeds) {
    const folder = f.category?.replace(/^\/+/, '');
    if (folder) folders.set(folder, [...(folders.get(folder) ?? []), f]);
    else loose.push(f);
  }
  const body = [
    ...[...folders].flatMap(([name, list]) => [
      `    <outline text="${escapeXml(name)}" title="${escapeXml(name)}">`,
      ...list.map((f) => feedOutline(f, '      ')),
      '    </outline>',
    ]),
    ...loose.map((f) => feedOutline(f, '    ')),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title><dateCreated>${new Date(now).toUTCString()}</dateCreated></head>`,
    '  <body>',
    ...body,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}

/** Bytes of an uploaded or local file → feed specs. BOM and XML prolog decide the charset. */
export function parseOpmlBytes(bytes: Buffer): FeedSpec[] {
  const feeds = parseOpml(decodeFeedBytes(bytes, null).text);
  if (!feeds.length) throw new OpmlError('an OPML document without feeds (no outline with an http(s) xmlUrl)');
  // The same URL in two folders is one feed; the first outline wins, as in upsertFeeds order.
  const seen = new Set<string>();
  return feeds.filter((f) => !seen.has(f.url) && seen.add(f.url));
}

type SpecColumns = 'url' | 'title' | 'site_url' | 'language' | 'category' | 'proxy';

export function feedSpecOf(row: Pick<FeedRow, SpecColumns>): FeedSpec {
  const { url, title, site_url: siteUrl, language, category, proxy } = row;
  return { url, title, siteUrl, language, category, proxy };
}

export interface ImportResult {
  feeds: number;
  added: number;
  updated: number;
  reenabled: number;
}

/**
 * Upserts an OPML file's feeds (CLI: origin 'cli', trusted; Telegram: 'admin', fetched through
 * the SSRF guard) and re-enables listed feeds that were disabled. One transaction.
 */
export function importOpml(
  db: Db,
  bytes: Buffer,
  origin: 'cli' | 'admin',
  now: number,
  opts: { maxFeeds?: number } = {},
): ImportResult {
  const specs = parseOpmlBytes(bytes);
  if (opts.maxFeeds !== undefined && specs.length > opts.maxFeeds) {
    throw new OpmlError(`a list of ${specs.length} feeds; at most ${opts.maxFeeds} are imported at once`);
  }
  return db
    .transaction(() => {
      const r = upsertFeeds(db, specs, origin, now);
      const reenabled = enableImportedFeeds(
        db,
        specs.map((f) => f.url),
        origin,
      );
      return { feeds: specs.length, ...r, reenabled };
    })
    .immediate();
}

/**
 * OPML of the enabled feeds (all of them with `includeDisabled`). Chats' own feeds are theirs, not
 * the operator's list: imported back, they would become everyone's.
 */
export function exportOpml(
  db: Db,
  now: number,
  opts: { includeDisabled?: boolean } = {},
): { xml: string; feeds: number } {
  const rows = listFeeds(db).filter((f) => !f.chat_only && (opts.includeDisabled || f.enabled));
  return { xml: renderOpml(rows.map(feedSpecOf), 'secbrief feeds', now), feeds: rows.length };
}
