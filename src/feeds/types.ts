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
  /** The feed's own word on how often to poll it, as written (feeds/update-hints.ts reads it). */
  updateHints?: { ttl?: string; updatePeriod?: string; updateFrequency?: string };
  items: RawItem[];
}
