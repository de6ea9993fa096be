// Synthetic archive articles for the 1M search bench, as normalizeFeed would hand them to
// storeBatch: plain text, canonical URL, language, dates in publication order.
import { createHash } from 'node:crypto';
import type { NormalizedItem } from '../src/news/article.js';
import { FEED_NAMES_EN, FEED_NAMES_ZH, paragraph, pickTopics, Rng, title } from './corpus.js';

/** Fixed "now" of the synthetic archive, so since:7d means the same rows on every run. */
export const ARCHIVE_END = Date.parse('2025-07-01T00:00:00Z');
const ARCHIVE_SPAN = 3 * 365 * 86_400_000;
export const ARCHIVE_FEEDS = 120;

export interface ArchiveFeed {
  url: string;
  title: string;
  lang: 'en' | 'zh';
}

/** Feed n: two in three English; titles reuse real source names so source:krebs means something. */
export function archiveFeed(n: number): ArchiveFeed {
  const lang = n % 3 === 2 ? 'zh' : 'en';
  const names = lang === 'en' ? FEED_NAMES_EN : FEED_NAMES_ZH;
  const title = `${names[Math.floor(n / 3) % names.length]}${n >= 3 * names.length ? ` ${n}` : ''}`;
  return { url: `https://src${n}.archive.example/feed`, title, lang };
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

/** Article `i` of `total`, published in order across three years before ARCHIVE_END. */
export function archiveArticle(rng: Rng, i: number, total: number): { feed: number; item: NormalizedItem } {
  const feed = rng.int(ARCHIVE_FEEDS);
  const lang = archiveFeed(feed).lang;
  const topics = pickTopics(rng);
  const publishedAt = ARCHIVE_END - ARCHIVE_SPAN + Math.floor(((i + rng.next()) * ARCHIVE_SPAN) / total);
  const head = title(rng, lang, topics);
  const summary = paragraph(rng, lang, topics, lang === 'en' ? 420 : 220);
  // A quarter of feeds carry full content; the rest give a body equal to the summary.
  const bodyText = rng.chance(0.25)
    ? `${summary} ${paragraph(rng, lang, topics, lang === 'en' ? 1200 : 500)}`
    : summary;
  const url = `https://src${feed}.archive.example/${i}`;
  const item: NormalizedItem = {
    guid: url,
    url,
    canonicalUrl: url,
    title: head,
    summary,
    bodyText,
    language: lang,
    publishedAt,
    dateMissing: false,
    author: null,
    contentKey: sha1(`${head.toLowerCase()}|${publishedAt}`),
    contentHash: sha1(`${head}\n${url}\n${summary}\n${bodyText}`),
  };
  return { feed, item };
}
