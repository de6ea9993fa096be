// Pure extractive summaries (EN + ZH): one or two sentences of the article itself, chosen by
// centrality (how much a sentence shares with the rest), position (news leads with the point)
// and overlap with the title (the editor's own statement of what matters).
//
// Why extractive: it needs no model, cannot invent facts, and is the fallback whenever the
// optional LLM is off, over budget or failing, so it has to be good on its own.
import { CJK } from './cjk.js';
import { containsBoilerplate, splitSentences, stripBoilerplate } from './sentences.js';
import { STOPWORDS } from './stopwords.js';
import { truncate } from './text.js';

export const MAX_CHARS_LATIN = 280;
// A Han character carries roughly two Latin characters of meaning and takes twice the width.
export const MAX_CHARS_CJK = 140;

const W_CENTRALITY = 0.4;
const W_TITLE = 0.35;
const W_POSITION = 0.25;
// Only the lead of a long body is scored: the point of a news story is near its top, and the
// pairwise similarity below is quadratic in the number of sentences.
const MAX_SENTENCES = 30;
// Any sentence other than the best one (a shorter one that fits, or a second one) must score
// at least this fraction of the best; a second one must also be this different from the first.
const MIN_SCORE_RATIO = 0.6;
const MAX_REDUNDANCY = 0.5;
// Fragments shorter than this ("Patch now.", "详情如下：") say nothing on their own.
const MIN_CHARS_LATIN = 25;
const MIN_CHARS_CJK = 10;

const CJK_RUN = new RegExp(`[${CJK}]+`, 'gu');
const LATIN_WORD = /[\p{Script=Latin}\p{N}]+(?:[-.][\p{Script=Latin}\p{N}]+)*/gu;

export function isCjkLanguage(language: string): boolean {
  return /^(?:zh|ja|ko)\b/i.test(language);
}

/** English words (lowercase, no stopwords, plural "s" dropped) and Chinese character bigrams. */
export function summaryTokens(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (const [word] of lower.matchAll(LATIN_WORD)) {
    if (STOPWORDS.has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    out.push(word.length > 3 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  }
  for (const [run] of lower.matchAll(CJK_RUN)) {
    const chars = Array.from(run);
    if (chars.length === 1) out.push(run);
    for (let i = 1; i < chars.length; i++) out.push(chars[i - 1]! + chars[i]!);
  }
  return out;
}

// Term-frequency vectors as token ids sorted ascending with their counts: the pairwise
// similarity is the hot loop of a digest build, and a merge over two small sorted arrays is
// several times cheaper than string-keyed map lookups.
interface Vector {
  terms: Set<string>;
  ids: Int32Array;
  counts: Float64Array;
  norm: number;
}

function vectorOf(tokens: string[], dictionary: Map<string, number>): Vector {
  const byId = new Map<number, number>();
  for (const t of tokens) {
    let id = dictionary.get(t);
    if (id === undefined) dictionary.set(t, (id = dictionary.size));
    byId.set(id, (byId.get(id) ?? 0) + 1);
  }
  const ids = Int32Array.from(byId.keys()).sort();
  const counts = Float64Array.from(ids, (id) => byId.get(id)!);
  const norm = Math.sqrt(counts.reduce((sum, x) => sum + x * x, 0));
  return { terms: new Set(tokens), ids, counts, norm };
}

function cosine(a: Vector, b: Vector): number {
  if (!a.norm || !b.norm) return 0;
  let dot = 0;
  for (let i = 0, j = 0; i < a.ids.length && j < b.ids.length;) {
    const d = a.ids[i]! - b.ids[j]!;
    if (d === 0) dot += a.counts[i++]! * b.counts[j++]!;
    else if (d < 0) i++;
    else j++;
  }
  return dot / (a.norm * b.norm);
}

interface Candidate {
  index: number;
  text: string;
  vector: Vector;
  score: number;
}

const normalise = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * The sentence without a leading copy of the title (feeds often start the body with it), or
 * null when nothing but the title, a piece of it, or boilerplate is left.
 */
function withoutTitle(sentence: string, title: string): string | null {
  const nt = normalise(title);
  let text = sentence;
  const head = title.trim();
  if (nt.length >= 8 && sentence.toLowerCase().startsWith(head.toLowerCase())) {
    const rest = sentence.slice(head.length).replace(/^[\s:：,，.。|–—-]+/u, '');
    // Only a new sentence after the title ("Casio hit Casio said …"), not its continuation
    // ("Casio hit by ransomware."), which would read as a fragment.
    if (!/^\p{Ll}/u.test(rest)) text = rest;
  }
  const ns = normalise(text);
  if (!ns || (nt && nt.includes(ns)) || containsBoilerplate(text)) return null;
  return text;
}

function candidates(title: string, text: string, language: string): Candidate[] {
  const sentences = splitSentences(stripBoilerplate(text), language)
    .slice(0, MAX_SENTENCES)
    .map((s) => withoutTitle(s, title))
    .filter((s): s is string => s !== null);
  const minChars = isCjkLanguage(language) ? MIN_CHARS_CJK : MIN_CHARS_LATIN;
  const long = sentences.filter((s) => s.length >= minChars);
  // A text of short sentences still deserves a summary: keep them when nothing else exists.
  const kept = long.length ? long : sentences;
  const dictionary = new Map<string, number>();
  return kept.map((s, index) => ({ index, text: s, vector: vectorOf(summaryTokens(s), dictionary), score: 0 }));
}

function score(cands: Candidate[], title: string): void {
  const titleTokens = new Set(summaryTokens(title));
  // Similarity is symmetric: each pair is computed once.
  const centrality = cands.map(() => 0);
  for (let i = 0; i < cands.length; i++) {
    for (let j = i + 1; j < cands.length; j++) {
      const sim = cosine(cands[i]!.vector, cands[j]!.vector);
      centrality[i] = centrality[i]! + sim;
      centrality[j] = centrality[j]! + sim;
    }
  }
  if (cands.length < 2) centrality[0] = 1;
  const maxCentrality = Math.max(...centrality) || 1;
  cands.forEach((c, i) => {
    let shared = 0;
    for (const t of titleTokens) if (c.vector.terms.has(t)) shared++;
    const titleOverlap = titleTokens.size ? shared / titleTokens.size : 0;
    const position = 1 / Math.sqrt(1 + c.index);
    c.score = W_CENTRALITY * (centrality[i]! / maxCentrality) + W_TITLE * titleOverlap + W_POSITION * position;
  });
}

/** Two sentences as one text: a space after Latin punctuation, none after Chinese. */
export function joinSentences(a: string, b: string): string {
  return /[。！？；”」』）]$/u.test(a) ? a + b : `${a} ${b}`;
}

/**
 * Cuts an over-long sentence at its last clause break (comma, semicolon, colon, dash) or word
 * break in the second half of the budget, else anywhere via truncate(); always marks the cut.
 */
function clip(s: string, maxChars: number): string {
  if (s.length <= maxChars) return s;
  const window = s.slice(0, maxChars - 1);
  const clause = Math.max(...[...window.matchAll(/[，；：、—]|[,;:](?=\s)/gu)].map((m) => m.index));
  const space = window.lastIndexOf(' ');
  const cut = clause > maxChars / 2 ? clause : space > maxChars / 2 ? space : -1;
  if (cut < 0) return truncate(s, maxChars);
  return `${window.slice(0, cut).trimEnd()}…`;
}

/** Picks the sentences: whole sentences whenever one good enough fits, in text order. */
function choose(ranked: Candidate[], maxChars: number): string {
  const best = ranked[0]!;
  const first = ranked.find((c) => c.text.length <= maxChars && c.score >= MIN_SCORE_RATIO * best.score);
  if (!first) return clip(best.text, maxChars);
  const second = ranked.find(
    (c) =>
      c !== first &&
      c.score >= MIN_SCORE_RATIO * best.score &&
      joinSentences(first.text, c.text).length <= maxChars &&
      cosine(first.vector, c.vector) < MAX_REDUNDANCY,
  );
  if (!second) return first.text;
  const [a, b] = first.index < second.index ? [first, second] : [second, first];
  return joinSentences(a.text, b.text);
}

/**
 * One or two sentences of `text` that best say what the article is about, at most
 * ~280 characters (EN) or ~140 (ZH/JA/KO). '' when the text has nothing beyond the title and
 * boilerplate: a repeated headline is not a summary.
 */
export function extractiveSummary(input: SummaryInput, opts: { maxChars?: number } = {}): string {
  const maxChars = opts.maxChars ?? (isCjkLanguage(input.language) ? MAX_CHARS_CJK : MAX_CHARS_LATIN);
  const ranked = rank(input);
  if (!ranked.length || maxChars < 2) return '';
  return choose(ranked, maxChars);
}

export interface SummaryInput {
  title: string;
  text: string;
  language: string;
}

function rank(input: SummaryInput): Candidate[] {
  const cands = candidates(input.title, input.text, input.language);
  score(cands, input.title);
  return cands.sort((a, b) => b.score - a.score || a.index - b.index);
}

/**
 * The summary candidates of a text (boilerplate, title copies and fragments already removed),
 * best first, for callers that combine sentences of several texts themselves (story summaries).
 * `index` is the sentence's position among the candidates.
 */
export function rankedSentences(input: SummaryInput): Array<{ text: string; score: number; index: number }> {
  return rank(input).map(({ text, score, index }) => ({ text, score, index }));
}
