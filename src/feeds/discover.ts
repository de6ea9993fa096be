// Feed discovery: the feeds a web page declares with <link rel="alternate" type="application/rss+xml">
// (and Atom, JSON Feed), so `/addfeed https://site/` can offer them instead of failing on HTML.
// Pure: the page's text and URL in, absolute http(s) feed URLs out, in page order, each once.
// https://www.rssboard.org/rss-autodiscovery
import { Parser } from 'htmlparser2';
import { ownValue } from '../news/own-key.js';

export interface DiscoveredFeed {
  url: string;
  /** The link's title attribute, e.g. "Example » Feed"; empty when the page gives none. */
  title: string;
  type: 'rss' | 'atom' | 'json';
}

const FEED_TYPES: Record<string, DiscoveredFeed['type']> = {
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
  'application/feed+json': 'json',
  'application/json': 'json',
};

/** A page that declares more is a spam farm or a tag cloud; the first few are the real ones. */
export const MAX_DISCOVERED = 10;

function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export function discoverFeedLinks(html: string, pageUrl: string): DiscoveredFeed[] {
  let base = pageUrl;
  const found = new Map<string, DiscoveredFeed>();
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        // <base href> moves every relative link after it (and in <head> it comes first).
        if (name === 'base' && attrs.href) base = absolute(attrs.href, pageUrl) ?? base;
        if (name !== 'link' || found.size >= MAX_DISCOVERED) return;
        const rel = (attrs.rel ?? '').toLowerCase().split(/\s+/);
        const type = ownValue(FEED_TYPES, (attrs.type ?? '').toLowerCase().split(';')[0]!.trim());
        // A JSON link counts only as a feed when it says so: plain application/json is also oEmbed.
        if (
          !rel.includes('alternate') ||
          !type ||
          (attrs.type === 'application/json' && !/feed/i.test(attrs.title ?? ''))
        )
          return;
        const url = attrs.href ? absolute(attrs.href, base) : null;
        if (url && !found.has(url)) found.set(url, { url, title: (attrs.title ?? '').trim().slice(0, 200), type });
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return [...found.values()];
}
