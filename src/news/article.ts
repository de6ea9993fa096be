// The article as the pure analysis code (topics, clustering, summaries, digests) sees it.

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
