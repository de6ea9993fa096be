// Pure story summaries: the lead report's point, then the one sentence of the story's reports
// (another outlet's, or the lead's own) that adds the most the reader does not have yet: the
// gang, the figure, the CVE, the impact.
//
// Why not just the lead's summary: outlets differ in what they found out. The first report of
// a breach says systems were disrupted; a later one names the gang, a third the gigabytes
// stolen. A reader who sees one headline and "also:" links should still get those facts.
import type { ArticleDoc } from './article.js';
import { factsOf, knownFacts, novelty, type Fact } from './story-facts.js';
import { extractiveSummary, joinSentences, rankedSentences, summaryTokens, type SummaryInput } from './summarize.js';

export type SummaryLanguage = 'en' | 'zh';

/**
 * Story-level caps, above the article-level 280/140 of summarize.ts: the second sentence comes
 * from another text and is the point of a story summary, so it gets room (a lead sentence of
 * ~180 plus a fact sentence of ~120) instead of pushing the lead out. A story of one article
 * keeps the article caps its summary was tuned for.
 */
export const STORY_MAX_CHARS: Record<SummaryLanguage, number> = { en: 320, zh: 160 };

export interface StoryDocs {
  lead: ArticleDoc;
  /** The other sources' articles, best first (DigestStory.others). */
  others: readonly ArticleDoc[];
}

// As in summarize.ts: a sentence other than the best must score this fraction of it.
const MIN_LEAD_RATIO = 0.6;
// A big story has dozens of outlets saying the same; the first few hold the distinct facts.
const MAX_SOURCES = 8;
// A second sentence must state at least one specific fact the reader lacks (a name, a figure,
// a CVE, or two impacts) and be worth more than the words it repeats: a retelling that only
// adds "Tokyo" loses to the repetition, one that adds the gang's name just passes.
const MIN_NOVELTY = 0.8;
const W_REDUNDANCY = 1;

/** A candidate sentence from one of the story's texts, scored for the summary. */
interface Sentence {
  text: string;
  score: number;
  /** Position among its text's candidates, and which of the story's texts it is from. */
  index: number;
  source: number;
  facts: Fact[];
  tokens: Set<string>;
}

const primaryLanguage = (language: string) => language.toLowerCase().split(/[-_]/)[0] ?? '';

function inputOf(doc: ArticleDoc): SummaryInput {
  // Feeds carry either a teaser or the full text; the longer one has more to choose from.
  const text = doc.bodyText.length > doc.summary.length ? doc.bodyText : doc.summary;
  return { title: doc.title, text, language: doc.language };
}

/** The summary of one article alone, at the article caps: what the digest showed before stories. */
export function articleSummary(doc: ArticleDoc, maxChars?: number): string {
  return extractiveSummary(inputOf(doc), maxChars === undefined ? {} : { maxChars });
}

/**
 * True when `sentence` reads as `language`: feeds mislabel languages and quote each other, and a
 * Chinese sentence in an English summary is wrong even when its article is tagged 'en'.
 */
export function inLanguage(sentence: string, language: SummaryLanguage): boolean {
  const cjk = sentence.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const latin = sentence.match(/\p{Script=Latin}/gu)?.length ?? 0;
  const share = cjk / Math.max(1, cjk + latin);
  return language === 'zh' ? share >= 0.3 : share < 0.1;
}

const ENGLISH_FUNCTION_WORDS = new Set(
  'the a an of to in on for and or is are was were has have had by with from that this it its as at be been not'.split(
    ' ',
  ),
);

/**
 * True when a sentence of another report can stand in a summary: complete (feed teasers end
 * mid-word: "Acronis said in a", "值得一提的是，CVE-2025"), not leaning on the sentence before
 * it ("It said …"), and in English prose rather than a Title Case citation or heading, whose
 * capitals would all count as names, or a German paragraph in a feed tagged 'en'.
 */
export function readsAsProse(sentence: string, language: SummaryLanguage): boolean {
  if (!/[.!?。！？][”’"'」』）)\]]*$/u.test(sentence) || /(?:\.\.|…)[”’"'」』）)\]]*$/u.test(sentence)) return false;
  // "It", "They", "它": whom they mean was said in a sentence the summary leaves out.
  if (/^(?:It|They|He|She|We|Its|Their|His|Her)\b|^[它他她]/u.test(sentence)) return false;
  if (language === 'zh') return true;
  const words = sentence.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  const capitalised = words.slice(1).filter((w) => /^\p{Lu}/u.test(w)).length;
  const functional = words.filter((w) => ENGLISH_FUNCTION_WORDS.has(w.toLowerCase())).length;
  return capitalised <= 0.5 * Math.max(1, words.length - 1) && (words.length < 6 || functional >= 0.1 * words.length);
}

/** Share of `tokens` already in `known`: 1 for a sentence that only repeats. */
function containment(tokens: Set<string>, known: Set<string>): number {
  if (!tokens.size) return 1;
  let shared = 0;
  for (const t of tokens) if (known.has(t)) shared++;
  return shared / tokens.size;
}

/** What the reader has before the summary: the headline, and the outlets named under it. */
interface Context {
  headline: string;
  outlets: string[];
}

/** The best supplement for one lead sentence and its net gain, or null when none adds enough. */
function bestSupplement(lead: Sentence, supplements: Sentence[], ctx: Context, maxChars: number) {
  const known = knownFacts([ctx.headline, lead.text, ...ctx.outlets]);
  const knownTokens = new Set(summaryTokens(`${ctx.headline} ${lead.text}`));
  let best: { sentence: Sentence; gain: number } | null = null;
  for (const s of supplements) {
    if (s.text === lead.text || joinSentences(lead.text, s.text).length + 1 > maxChars) continue;
    const novel = novelty(s.facts, known);
    if (novel < MIN_NOVELTY) continue;
    const gain = novel - W_REDUNDANCY * containment(s.tokens, knownTokens);
    // Ties go to the shorter sentence: the same facts in fewer words.
    if (gain > 0 && (!best || gain > best.gain || (gain === best.gain && s.text.length < best.sentence.text.length))) {
      best = { sentence: s, gain };
    }
  }
  return best;
}

/**
 * The two sentences as one text: in text order when both are the lead's, and with a full stop
 * after a first sentence that has none (teasers often end without one), lest they run together.
 */
function joinPair(a: Sentence, b: Sentence, language: SummaryLanguage): string {
  const [first, second] = a.source === b.source && b.index < a.index ? [b, a] : [a, b];
  const ended = /[.!?。！？…][”’"'」』）)\]]*$/u.test(first.text);
  return joinSentences(ended ? first.text : `${first.text}${language === 'zh' ? '。' : '.'}`, second.text);
}

function sentencesOf(docs: ArticleDoc[], language: SummaryLanguage): Sentence[][] {
  return docs.map((doc, source) =>
    rankedSentences(inputOf(doc))
      .filter((s) => inLanguage(s.text, language))
      .map((s) => ({ ...s, source, facts: factsOf(s.text), tokens: new Set(summaryTokens(s.text)) })),
  );
}

/**
 * One or two sentences about the story in `language`, at most `maxChars` (STORY_MAX_CHARS by
 * default): the lead's best sentence, then the sentence of the other sources (same language
 * only) or of the lead itself with the most new specific facts, if one adds something. Whole
 * sentences; cut with an ellipsis only when no sentence of the lead fits at all. A story with no
 * other source in `language`, or whose lead is in another language (nothing offline can
 * translate it), gets the lead's own summary as before stories.
 */
export function storySummary(story: StoryDocs, language: SummaryLanguage, opts: { maxChars?: number } = {}): string {
  const others = story.others.filter((d) => primaryLanguage(d.language) === language);
  if (!others.length || primaryLanguage(story.lead.language) !== language)
    return articleSummary(story.lead, opts.maxChars);
  const maxChars = opts.maxChars ?? STORY_MAX_CHARS[language];
  const docs = [story.lead, ...others].slice(0, MAX_SOURCES);
  const texts = sentencesOf(docs, language);
  // A lead with nothing beyond its headline hands the first sentence to the next source.
  const opener = texts.findIndex((t) => t.length);
  if (opener < 0) return '';
  const ranked = texts[opener]!;
  // The lead's best sentence, or as in summarize.ts a shorter one nearly as good when it is too
  // long; never a lesser one just to make room: the point of the story comes first.
  const first = ranked.find((c) => c.text.length <= maxChars && c.score >= MIN_LEAD_RATIO * ranked[0]!.score);
  if (!first) return extractiveSummary(inputOf(docs[opener]!), { maxChars });
  // The lead's own later sentences compete too: its second sentence may be the one with the gang.
  const supplements = texts.flat().filter((s) => readsAsProse(s.text, language));
  const extra = bestSupplement(
    first,
    supplements,
    { headline: story.lead.title, outlets: docs.map((d) => d.source) },
    maxChars,
  );
  return extra ? joinPair(first, extra.sentence, language) : first.text;
}
