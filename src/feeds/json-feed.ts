// JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1) → RawFeed. rss-parser has no JSON support.
import { NotAFeedError } from './errors.js';
import { newestItems } from './limits.js';
import type { RawFeed, RawItem } from './types.js';

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// The spec's version URL, over http or https, with or without a trailing slash.
const VERSION_URL = /^https?:\/\/jsonfeed\.org\/version\/1(\.\d+)?\/?$/i;

/**
 * A JSON Feed by its version URL, or failing that by its required shape (`title` and an `items`
 * array): generators write `"version": "1.1"` too, and a feed the operator subscribed to that
 * has both is one.
 */
function isJsonFeed(doc: unknown): doc is Json {
  if (!isObject(doc)) return false;
  if (VERSION_URL.test(String(doc.version ?? '').trim())) return true;
  return typeof doc.title === 'string' && Array.isArray(doc.items);
}

export function parseJsonFeed(text: string): RawFeed {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new NotAFeedError(`malformed JSON (${(err as Error).message})`);
  }
  if (!isJsonFeed(doc))
    throw new NotAFeedError('JSON document is not a JSON Feed (no jsonfeed.org version, no title and items)');
  const items = Array.isArray(doc.items) ? doc.items.filter(isObject) : [];
  return {
    format: 'json',
    title: str(doc.title),
    link: str(doc.home_page_url),
    language: str(doc.language),
    items: newestItems(items, (i) => str(i.date_published)).map(toRawItem),
  };
}

function toRawItem(item: Json): RawItem {
  // 1.0 has `author`, 1.1 `authors`; both are accepted.
  const authors = Array.isArray(item.authors) ? item.authors : [item.author];
  const firstAuthor = authors.find(isObject);
  return {
    title: str(item.title),
    link: str(item.url) ?? str(item.external_url),
    guid: item.id === undefined || item.id === null ? undefined : String(item.id),
    rawDates: [str(item.date_published), str(item.date_modified)].filter((d): d is string => !!d),
    contentHtml: str(item.content_html) ?? escapeText(str(item.content_text)),
    summaryHtml: escapeText(str(item.summary)),
    author: firstAuthor ? str(firstAuthor.name) : undefined,
  };
}

/** Plain-text fields go through the same HTML-to-text path, so escape them first. */
function escapeText(s: string | undefined): string | undefined {
  return s?.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
