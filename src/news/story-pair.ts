// The vocabulary shared by the pair rules (story-gates.ts), the pair model (story-score.ts) and the
// story window: types only, in a file of their own so those modules do not import each other.
import type { PairWeights } from './story-weights.js';

/** The rule that decided a pair before the model, if one did. */
export type PairGate =
  | 'repost'
  | 'cve-batch'
  | 'disjoint-cves'
  | 'same-feed'
  | 'no-event'
  | 'different-flaws'
  | 'bundle-and-advisory'
  | 'different-vendors'
  | 'actor-only'
  | 'unrelated-headlines'
  | null;

/** Term rarity in the current window. */
export interface TermStats {
  idf(term: string): number;
  /** The idf of a term seen once: the scale of `idf`. */
  maxIdf(): number;
  /** Changes whenever any idf may have: weighted vectors computed at one generation are reused within it. */
  readonly generation: number;
}

export interface ScoreOptions {
  /** Fitted probability needed to link two English articles. */
  threshold: number;
  /** The same for two Chinese articles (fitted separately: WeChat accounts repost and template more). */
  zhThreshold: number;
  /** Score needed by an English/Chinese pair (a different scale: anchors only). */
  crossLanguageThreshold: number;
  /** Added to the threshold for two posts of one feed. */
  sameFeedPenalty: number;
  /** Shingle similarity above which two articles are one text (a repost). */
  duplicate: number;
  /** Logistic weights of `pairFeatureVector` per language (default: the fitted PAIR_WEIGHTS). */
  weights: PairWeights;
}

export interface PairEvidence {
  /** TF-IDF cosine of title + summary; for a Chinese/English pair, of their anchors only. */
  text: number;
  /** idf-weighted cosine of the headlines. */
  title: number;
  /** Estimated shingle Jaccard. */
  dup: number;
  /** 'main': both headlines name the CVE; 'mentioned': one headline's CVE is in the other's short list;
   * 'disjoint': both headlines name CVEs, none shared. */
  cve: 'main' | 'mentioned' | 'disjoint' | null;
  sameFeed: boolean;
  /** The rule that decided the pair before the model, if one did. */
  gate: PairGate;
  score: number;
  /** The score needed for this pair (threshold, raised for one feed). */
  needed: number;
}
