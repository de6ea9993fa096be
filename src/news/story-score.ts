// Story clustering, part 2: do two articles report the same event? Pure: features, the window's term rarity
// and the tuning constants are the only inputs.
//
// Precision first — a wrong merge hides news, a missed merge only shows it twice — but the evidence that two
// reports share is specific: a repost's near-identical text, a CVE both are about, rare words and names in
// both headlines, the figure and the gang. Generic vocabulary (Microsoft, attack, 漏洞) carries little because
// its weight is its rarity in the window. Two posts of one feed need more: a feed's posts share its
// vocabulary, its boilerplate and its series titles.
import { minhashSimilarity, sameFigure, type ArticleFeatures } from './story-features.js';
import { ACTOR, oneFeed, pairGate, sameVendor, titleCosine } from './story-gates.js';
import type { PairEvidence, ScoreOptions, TermStats } from './story-pair.js';
import { isEventWord } from './story-kinds.js';
import { PAIR_THRESHOLDS, PAIR_WEIGHTS } from './story-weights.js';

export const DEFAULT_SCORE_OPTIONS: ScoreOptions = {
  threshold: PAIR_THRESHOLDS.en,
  zhThreshold: PAIR_THRESHOLDS.zh,
  crossLanguageThreshold: 0.42,
  sameFeedPenalty: 0.25,
  duplicate: 0.55,
  weights: PAIR_WEIGHTS,
};

const weight = (tf: number) => (tf > 1 ? 1 + Math.log(tf) : tf);

type VectorKind = 'terms' | 'anchors' | 'names';
const keysOf = (f: ArticleFeatures, kind: VectorKind): readonly string[] =>
  kind === 'terms' ? Object.keys(f.terms) : f[kind];
// An article is scored against every member of every candidate story while the window stands still: the norms
// of its TF-IDF vectors are computed once per term statistics and generation, not once per pair (the analysis
// bench's hot spot); the dot product touches shared terms only.
type NormMemo = { stats: TermStats; generation: number } & Partial<Record<VectorKind, number>>;
const norms = new WeakMap<ArticleFeatures, NormMemo>();

function normOf(f: ArticleFeatures, stats: TermStats, kind: VectorKind): number {
  let memo = norms.get(f);
  if (!memo || memo.stats !== stats || memo.generation !== stats.generation) {
    memo = { stats, generation: stats.generation };
    norms.set(f, memo);
  }
  const cached = memo[kind];
  if (cached !== undefined) return cached;
  let sq = 0;
  for (const t of keysOf(f, kind)) sq += (weight(f.terms[t] ?? 1) * stats.idf(t)) ** 2;
  return (memo[kind] = Math.sqrt(sq));
}

function cosine(a: ArticleFeatures, b: ArticleFeatures, stats: TermStats, kind: VectorKind): number {
  const na = normOf(a, stats, kind),
    nb = normOf(b, stats, kind);
  if (!na || !nb) return 0;
  const [ka, kb] = [keysOf(a, kind), keysOf(b, kind)];
  const [x, y, ky] = ka.length <= kb.length ? [a, b, kb] : [b, a, ka];
  const inY = kind === 'terms' ? (t: string) => y.terms[t] !== undefined : (t: string) => ky.includes(t);
  let dot = 0;
  for (const t of keysOf(x, kind)) {
    if (inY(t)) dot += weight(x.terms[t] ?? 1) * weight(y.terms[t] ?? 1) * stats.idf(t) ** 2;
  }
  return dot / (na * nb);
}

/** The worse side's share of its headline weight that the other article mentions anywhere. */
function headlineCoverage(a: ArticleFeatures, b: ArticleFeatures, stats: TermStats): number {
  const share = (x: ArticleFeatures, y: ArticleFeatures) => {
    let got = 0,
      all = 0;
    for (const t of x.title) {
      const w = stats.idf(t);
      all += w;
      if (y.terms[t] !== undefined) got += w;
    }
    return all ? got / all : 0;
  };
  return Math.min(share(a, b), share(b, a));
}

function cveRelation(a: ArticleFeatures, b: ArticleFeatures): PairEvidence['cve'] {
  if (a.mainCves.length && b.mainCves.length)
    return a.mainCves.some((c) => b.mainCves.includes(c)) ? 'main' : 'disjoint';
  // One headline names its CVE, the other is a short list that includes it: about the same bug, most likely.
  const [x, y] = a.mainCves.length ? [a, b] : [b, a];
  if (x.mainCves.length && y.cves.length && y.cves.length <= 2)
    return x.mainCves.some((c) => y.cves.includes(c)) ? 'mentioned' : null;
  return null;
}

/** What two articles share, as numbers on comparable scales (rarity relative to the window's size). */
export interface PairSignals {
  text: number; // TF-IDF cosine, title + summary (cross-language: anchors only)
  title: number; // idf-weighted headline cosine
  coverage: number; // worse side's headline weight found in the other article
  rare1: number; // the rarest shared headline term's idf ÷ the window's largest idf
  rare2: number; // the second rarest
  figures: number; // shared figures with units (204.9 GB, $262M)
  names: number; // idf-weighted cosine of the names
  rareNames: number; // shared names rarer than half the window's largest idf
  cveMain: number; // both headlines name the CVE
  cveMentioned: number;
  hours: number; // time apart ÷ 72 h
  dup: number;
}

/**
 * The idfs (÷ the window's largest) of the two rarest pieces of headline evidence the articles share. A name of
 * several words that stands in both headlines ("Entra ID", "Scattered Lapsus$ Hunters") is one piece, not two:
 * counted word by word it looked like two rare facts, and joined unrelated posts about one product or actor.
 */
function rareShared(a: ArticleFeatures, b: ArticleFeatures, stats: TermStats): [number, number] {
  const seen = new Set<string>(),
    idfs: number[] = [];
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const posInY = new Map(y.title.map((t, k) => [t, k]));
    let previous = -2,
      last = -1; // where the last piece's word stands in y's headline and in x's
    x.title.forEach((t, k) => {
      if (y.terms[t] === undefined || seen.has(t)) return;
      seen.add(t);
      const idf = stats.idf(t),
        at = posInY.get(t) ?? -2;
      const samePiece = last === k - 1 && at >= 0 && at === previous + 1;
      if (samePiece) idfs[idfs.length - 1] = Math.max(idfs[idfs.length - 1]!, idf);
      else idfs.push(idf);
      [previous, last] = [at, k];
    });
  }
  idfs.sort((p, q) => q - p);
  const top = stats.maxIdf();
  return [(idfs[0] ?? 0) / top, (idfs[1] ?? 0) / top];
}

export function pairSignals(
  a: ArticleFeatures,
  b: ArticleFeatures,
  stats: TermStats,
  cve: PairEvidence['cve'],
  dup: number,
): PairSignals {
  const crossLanguage = a.zh !== b.zh;
  const [rare1, rare2] = rareShared(a, b, stats);
  let figures = 0,
    rareNames = 0;
  const bFigures = b.anchors.filter((t) => t.startsWith('#'));
  for (const t of a.anchors) if (t.startsWith('#') && bFigures.some((u) => sameFigure(t, u))) figures++;
  const bNames = new Set(b.names),
    top = stats.maxIdf();
  for (const t of a.names) if (bNames.has(t) && stats.idf(t) >= 0.6 * top) rareNames++;
  return {
    text: cosine(a, b, stats, crossLanguage ? 'anchors' : 'terms'),
    title: titleCosine(a, b, stats),
    coverage: headlineCoverage(a, b, stats),
    rare1,
    rare2,
    figures,
    rareNames: Math.min(3, rareNames),
    names: cosine(a, b, stats, 'names'),
    cveMain: cve === 'main' ? 1 : 0,
    cveMentioned: cve === 'mentioned' ? 1 : 0,
    hours: Math.abs(a.published - b.published) / (72 * 3_600_000),
    dup,
  };
}

/** The evidence that two articles report one event, and its score. */
export function scorePair(
  a: ArticleFeatures,
  b: ArticleFeatures,
  stats: TermStats,
  opts = DEFAULT_SCORE_OPTIONS,
): PairEvidence {
  const sameFeed = oneFeed(a, b),
    cve = cveRelation(a, b);
  const base = a.zh !== b.zh ? opts.crossLanguageThreshold : a.zh ? opts.zhThreshold : opts.threshold;
  const needed = Math.min(0.95, base + (sameFeed ? opts.sameFeedPenalty : 0));
  const dup = minhashSimilarity(a.minhash, b.minhash),
    gate = pairGate(a, b, stats, cve, dup, opts);
  const e: PairEvidence = { text: 0, title: 0, dup, cve, sameFeed, gate, score: 0, needed };
  if (gate) {
    if (gate === 'repost' || gate === 'cve-batch') e.score = 1;
    if (gate === 'same-feed') e.title = titleCosine(a, b, stats); // the window's veto reads it
    return e;
  }
  const x = pairSignals(a, b, stats, cve, e.dup);
  e.text = x.text;
  e.title = x.title;
  e.score = a.zh !== b.zh ? crossLanguageScore(x) : sameLanguageScore(x, opts.weights[a.zh ? 'zh' : 'en']);
  // "Casio … ransomware" and "Casio hit by cyberattack" hours apart: the same rare victim name and the same
  // kind of incident in both headlines is one incident, however differently the rest is worded. Threat
  // actors are excluded: LockBit or Lazarus recur across separate events in one week.
  if (a.kinds & b.kinds && x.hours <= 1 / 3 && sharedVictim(a, b, stats)) e.score = Math.max(e.score, needed + 0.05);
  // Two announcements of one vendor's batch of fixes ("Oracle 2025年7月补丁日…", "CNNVD关于Oracle多个安全漏洞的通报").
  if (a.bundle && b.bundle && x.hours <= 1 && sameVendor(a, b)) e.score = Math.max(e.score, needed + 0.05);
  return e;
}

/** Both headlines name the same rare name, both articles as a name, and it is not a threat actor's. */
function sharedVictim(a: ArticleFeatures, b: ArticleFeatures, stats: TermStats): boolean {
  const inB = new Set(b.title),
    named = new Set(a.names.filter((t) => b.names.includes(t))),
    top = stats.maxIdf();
  return a.title.some(
    (t) => inB.has(t) && named.has(t) && !ACTOR.test(t) && !isEventWord(t) && stats.idf(t) >= 0.6 * top,
  );
}

function crossLanguageScore(x: PairSignals): number {
  return x.text + 0.15 * Math.min(2, x.figures) + 0.35 * x.cveMain;
}

/** The model's inputs, in the order of the fitted weights (scripts/fit-pair-model.ts writes story-weights.ts). */
export function pairFeatureVector(x: PairSignals): number[] {
  return [
    1,
    x.text,
    x.title,
    x.coverage,
    x.rare1,
    x.rare2,
    Math.min(2, x.figures),
    x.cveMain,
    x.cveMentioned,
    x.hours,
    x.dup,
    x.text * x.title,
    x.rare1 * x.rare2,
    x.coverage * x.rare1,
    x.names,
    x.rareNames,
  ];
}

/** The fitted probability that a same-language pair is one event. */
function sameLanguageScore(x: PairSignals, weights: readonly number[]): number {
  const v = pairFeatureVector(x);
  let z = 0;
  for (let k = 0; k < v.length; k++) z += weights[k]! * v[k]!;
  return 1 / (1 + Math.exp(-z));
}
