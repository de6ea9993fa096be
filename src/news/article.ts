// The article twice: as ingestion hands it to the store (NormalizedItem), and as the pure analysis
// code (topics, clustering, summaries, digests) sees it (ArticleDoc).

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

export interface ArticleDoc {
  id: number;
  feedId: number;
  /** Feed title, e.g. "The Record". */
  source: string;
  title: string;
  summary: string;
  bodyText: string;
  url: string | null;
  /** 'en', 'zh', or another primary language subtag. */
  language: string;
  /** Epoch ms. */
  published: number;
  /** Normalised CVE IDs, e.g. CVE-2024-3400. */
  cves: string[];
}

/** Topic keys; the same keys are stored in chat settings (/settings). */
export const TOPIC_KEYS = ['ransomware', 'vuln', 'breach', 'malware', 'apt', 'policy', 'advisory', 'other'] as const;
export type Topic = (typeof TOPIC_KEYS)[number];
