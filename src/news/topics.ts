// Pure topic classification of a headline + summary with weighted EN and ZH lexicons.
//
// Why lexicons and not a trained model: the feeds are a few dozen security outlets whose
// vocabulary is narrow and stable, the result has to be explainable to a reader who asks "why is
// this under ransomware?", and it must run per article in microseconds inside digest building.
import { TOPIC_KEYS, type Topic } from './article.js';
import { TOPIC_WORDS_EN, TOPIC_WORDS_ZH, type Lexicon } from './lexicon/topic-words.js';
import { containsCjk } from './text.js';

/**
 * How much a story of each topic matters when ranking a digest. Ransomware, exploited
 * vulnerabilities and state actors are what readers act on the same day; policy and business
 * news can wait, so they only lead a digest on a quiet day.
 */
export const TOPIC_WEIGHT: Record<Topic, number> = {
  ransomware: 1.0,
  vuln: 1.0,
  apt: 0.9,
  breach: 0.85,
  advisory: 0.75,
  malware: 0.7,
  policy: 0.55,
  other: 0.3,
};

interface CompiledTopic {
  topic: Topic;
  re: RegExp;
  weights: number[]; // by capture group, 1-based
}

// One alternation per topic with a capture group per term: a single scan finds every term, and
// the group index says which. Longer terms first, so "data breach" wins over "breach".
function compile(lexicon: Lexicon, bounded: boolean): CompiledTopic[] {
  return TOPIC_KEYS.map((topic) => {
    const terms = Object.entries(lexicon[topic] ?? {}).flatMap(([w, list]) =>
      list.map((src) => ({ src, w: Number(w) })),
    );
    terms.sort((a, b) => b.src.length - a.src.length);
    const body = terms.map((t) => `(${t.src})`).join('|') || '(?!)';
    const source = bounded ? `(?<![\\p{Script=Latin}\\p{N}])(?:${body})(?![\\p{Script=Latin}\\p{N}])` : body;
    return { topic, re: new RegExp(source, 'giu'), weights: [0, ...terms.map((t) => t.w)] };
  });
}

const COMPILED_EN = compile(TOPIC_WORDS_EN, true);
const COMPILED_ZH = compile(TOPIC_WORDS_ZH, false);

/** A title hit counts this many times a summary hit: headlines name what the story is about. */
export const TITLE_FACTOR = 2;
/** Below this a topic is noise: one decisive term in the summary, or an indicative one in the title. */
export const TOPIC_THRESHOLD = 3;
// Ties go to the more specific topic: "ransomware attack leaks data" is a ransomware story.
const PRECEDENCE: Topic[] = ['ransomware', 'apt', 'breach', 'vuln', 'advisory', 'malware', 'policy', 'other'];

// A framing topic names what a story is about while the framed topic's words are its detail: a
// patch story always describes the bug it fixes, a ransomware story the data it stole, a state
// actor's campaign its malware and exploits, a fine or a law the breach or malware behind it.
// So the framing topic leads once it has at least FRAME_RATIO of the framed topic's score.
// Policy does not frame ransomware: readers who follow ransomware want its gangs' arrests.
const FRAMES: Partial<Record<Topic, Topic[]>> = {
  advisory: ['vuln'],
  ransomware: ['breach'],
  apt: ['malware', 'vuln'],
  policy: ['breach', 'malware', 'vuln'],
};
export const FRAME_RATIO = 0.5;

function framedPrimary(ranked: Topic[], scores: Record<Topic, number>): Topic | undefined {
  let primary = ranked[0];
  // The relation is acyclic, so this settles within a few steps.
  for (let changed = true; changed && primary;) {
    changed = false;
    for (const framer of ranked) {
      const p = primary as Topic;
      if (FRAMES[framer]?.includes(p) && scores[framer] >= FRAME_RATIO * scores[p]) {
        primary = framer;
        changed = true;
        break;
      }
    }
  }
  return primary;
}

/**
 * Weights of the distinct terms of `c` found in `text`, strongest first, each further term
 * counting half the one before: "exploited zero-day flaw" is one idea said three ways, and a
 * plain sum would let a piled-up headline outvote what the story is about.
 */
function termScore(c: CompiledTopic, text: string): number {
  const seen = new Set<number>();
  for (const m of text.matchAll(c.re)) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    if (group > 0) seen.add(group);
  }
  const weights = [...seen].map((g) => c.weights[g] ?? 0).sort((a, b) => b - a);
  return weights.reduce((sum, w, i) => sum + w / 2 ** i, 0);
}

export interface TopicResult {
  primary: Topic;
  topics: Topic[];
  scores: Record<Topic, number>;
}

/**
 * Topics of a story. `language` is accepted for callers' symmetry but not needed: both lexicons
 * always run (the Chinese one only on text with CJK), since Chinese reports carry Latin names
 * such as LockBit or APT28.
 */
export function classifyTopics(doc: { title: string; summary: string; language?: string }): TopicResult {
  const scores = Object.fromEntries(TOPIC_KEYS.map((t) => [t, 0])) as Record<Topic, number>;
  const fields: Array<[string, number]> = [
    [doc.title, TITLE_FACTOR],
    [doc.summary, 1],
  ];
  for (const [text, factor] of fields) {
    if (!text) continue;
    const lexicons = containsCjk(text) ? [COMPILED_EN, COMPILED_ZH] : [COMPILED_EN];
    for (const compiled of lexicons) for (const c of compiled) scores[c.topic] += factor * termScore(c, text);
  }
  const ranked = PRECEDENCE.filter((t) => scores[t] >= TOPIC_THRESHOLD).sort((a, b) => scores[b] - scores[a]);
  const primary = framedPrimary(ranked, scores) ?? 'other';
  const topics = ranked.length ? [primary, ...ranked.filter((t) => t !== primary)] : ['other' as const];
  return { primary, topics, scores };
}

export interface TopicMetrics {
  perTopic: Record<Topic, { precision: number; recall: number; f1: number; support: number }>;
  macroF1: number;
  accuracy: number;
}

/** Precision/recall/F1 of the primary topic against labels (the eval script and tests share it). */
export function evaluateTopics(
  items: ReadonlyArray<{ title: string; summary: string; language?: string; topic: Topic }>,
): TopicMetrics {
  const tp = new Map<Topic, number>();
  const predicted = new Map<Topic, number>();
  const actual = new Map<Topic, number>();
  const inc = (m: Map<Topic, number>, t: Topic) => m.set(t, (m.get(t) ?? 0) + 1);
  for (const item of items) {
    const got = classifyTopics(item).primary;
    inc(predicted, got);
    inc(actual, item.topic);
    if (got === item.topic) inc(tp, got);
  }
  const perTopic = {} as TopicMetrics['perTopic'];
  for (const t of TOPIC_KEYS) {
    const hit = tp.get(t) ?? 0;
    // An empty denominator means no claim was made (or nothing to find): counted as 0, not 1,
    // so a topic the set forgot to cover shows up as a failure.
    const precision = predicted.get(t) ? hit / predicted.get(t)! : 0;
    const recall = actual.get(t) ? hit / actual.get(t)! : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perTopic[t] = { precision, recall, f1, support: actual.get(t) ?? 0 };
  }
  const macroF1 = TOPIC_KEYS.reduce((s, t) => s + perTopic[t].f1, 0) / TOPIC_KEYS.length;
  const accuracy = items.length ? [...tp.values()].reduce((a, b) => a + b, 0) / items.length : 0;
  return { perTopic, macroF1, accuracy };
}
