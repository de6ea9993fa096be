// Plain data passed between the pipeline stages (fetch → decode → parse → normalise → store).

/** One entry as the feed wrote it: strings untouched, links possibly relative. */
export interface RawItem {
  title?: string;
  link?: string;
  guid?: string;
  guidIsPermaLink?: boolean;
  /** xml:base in scope for this entry, if the entry declared its own. */
  base?: string;
  /** Date strings in order of preference (published before updated). */
  rawDates: string[];
  contentHtml?: string;
  summaryHtml?: string;
  author?: string;
}

export interface RawFeed {
  format: 'rss' | 'atom' | 'json';
  title?: string;
  link?: string;
  language?: string;
  /** xml:base of the document root. */
  base?: string;
  items: RawItem[];
}

/** An article ready to store: clean text, absolute canonical URL, epoch-ms date. */
export interface NormalizedItem {
  guid: string | null;
  url: string | null;
  canonicalUrl: string | null;
  title: string;
  summary: string;
  bodyText: string;
  language: string;
  publishedAt: number;
  /** True when the feed gave no usable date and publishedAt is the first-seen time. */
  dateMissing: boolean;
  author: string | null;
  /** Dedupe key for items with neither guid nor link: hash of title + feed date. */
  contentKey: string;
  /** Hash of what a reader sees; a change means "update in place". */
  contentHash: string;
}
