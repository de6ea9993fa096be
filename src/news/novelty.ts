// Does a follow-up article add something to what a chat was already sent about its story? Pure.
//
// The rule. What the chat was sent (the story's lead and every earlier update: title, summary
// and the start of the body, since a reader could open them) is the known text. The candidate's
// title and summary are searched for facts the known text lacks (news/facts.ts):
//
//   a new CVE id, figure with a unit or event kind   2 points in the title, 1 in the summary only
//   a new name                                       1 in the title, ½ in the summary; ≤ 1 in all
//
// It is an update at NOVEL_SCORE (2) points: one new fact in the headline ("Police dismantle
// LockBit infrastructure" after "LockBit affiliate arrested": a takedown), or two in the summary.
// Developments are announced in headlines; a lone summary fact is as often background
// ("LockBit has extorted $120 million…") as news, so it needs a second one.
//
// Names alone never make an update: every outlet's retelling brings its own (the agency, the
// country, the researcher, the outlet it quotes). They only tip a summary fact over the line.
//
// A near-copy — at least REPEAT_OVERLAP (80 %) of its words already sent — is a repost unless its
// headline carries the new fact: syndicated copies differ in a stray figure or name, not in what
// happened. Overlap is by words, so it says nothing across languages; there the facts decide,
// and figures and event kinds are language-neutral (120万 = 1.2 million, 逮捕 = arrest).
import { contentTokens, extractFacts, latinWords, type Facts, type Figure } from './facts.js';

export interface NoveltyText {
  title: string;
  summary: string;
  bodyText?: string;
}

export interface Novelty {
  novel: boolean;
  score: number;
  /** Share of the candidate's words already sent, 0–1. */
  overlap: number;
  /** What is new, e.g. `kind:takedown`, `figure:count:8478`, `cve:CVE-2025-0282`, `name:europol`. */
  newFacts: string[];
}

export const NOVEL_SCORE = 2;
export const REPEAT_OVERLAP = 0.8;
/** Figures this close are one figure told twice: 8,478 rounded to 8,500 is not a revision. */
export const FIGURE_TOLERANCE = 0.05;
const NAME_CAP = 1;
// A feed's summary past this is the article's body and background, not what it reports.
const SUMMARY_CHARS = 500;
const BODY_CHARS = 4_000;

interface Known {
  facts: Facts;
  words: Set<string>;
  tokens: Set<string>;
}

function knownOf(sent: NoveltyText[]): Known {
  const text = sent.map((s) => `${s.title}\n${s.summary}\n${(s.bodyText ?? '').slice(0, BODY_CHARS)}`).join('\n');
  return { facts: extractFacts(text), words: latinWords(text), tokens: contentTokens(text) };
}

const sameFigure = (a: Figure, b: Figure) =>
  a.kind === b.kind && Math.abs(a.value - b.value) <= FIGURE_TOLERANCE * Math.max(Math.abs(a.value), Math.abs(b.value));

/** New CVE ids, figures and event kinds of one part of the candidate. */
function strongFacts(f: Facts, known: Known): string[] {
  const out = [
    ...[...f.cves].filter((c) => !known.facts.cves.has(c)).map((c) => `cve:${c}`),
    ...f.figures
      .filter((x) => !known.facts.figures.some((y) => sameFigure(x, y)))
      .map((x) => `figure:${x.kind}:${x.value}`),
    ...[...f.kinds].filter((k) => !known.facts.kinds.has(k)).map((k) => `kind:${k}`),
  ];
  return [...new Set(out)];
}

const newNames = (f: Facts, known: Known) => [...f.names].filter((n) => !known.words.has(n)).map((n) => `name:${n}`);

function overlapWith(candidate: string, known: Known): number {
  const tokens = contentTokens(candidate);
  if (!tokens.size) return 1;
  let seen = 0;
  for (const t of tokens) if (known.tokens.has(t)) seen++;
  return seen / tokens.size;
}

/** Whether `candidate` tells the chat something `sent` did not. */
export function assessNovelty(candidate: NoveltyText, sent: NoveltyText[]): Novelty {
  const known = knownOf(sent);
  const summary = candidate.summary.slice(0, SUMMARY_CHARS);
  const title = extractFacts(candidate.title);
  const body = extractFacts(summary);
  const titleStrong = strongFacts(title, known);
  const summaryStrong = strongFacts(body, known).filter((f) => !titleStrong.includes(f));
  const titleNames = newNames(title, known);
  const summaryNames = newNames(body, known).filter((n) => !titleNames.includes(n));
  const nameScore = Math.min(NAME_CAP, titleNames.length + summaryNames.length / 2);
  const score = 2 * titleStrong.length + summaryStrong.length + nameScore;
  const overlap = overlapWith(`${candidate.title}\n${summary}`, known);
  const repost = overlap >= REPEAT_OVERLAP && titleStrong.length === 0;
  return {
    novel: !repost && score >= NOVEL_SCORE,
    score,
    overlap,
    newFacts: [...titleStrong, ...summaryStrong, ...titleNames, ...summaryNames],
  };
}
