// Summaries (and translated headlines) for the stories of a digest. Extractive by default (the
// lead's point plus what the other sources add, see news/story-summary.ts); with an LLM
// configured, from the LLM — cached per set of articles, within a daily token budget, and
// falling back to extractive on any failure so a digest is never late or empty.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { UiLanguage } from '../format/i18n.js';
import { complete, LlmError, type LlmConfig } from '../llm/client.js';
import { splitSentences } from '../news/sentences.js';
import { articleSummary, STORY_MAX_CHARS, storySummary } from '../news/story-summary.js';
import { joinSentences, MAX_CHARS_CJK, MAX_CHARS_LATIN } from '../news/summarize.js';
import { collapseWhitespace, truncate } from '../news/text.js';
import type { Db } from '../store/db.js';
import { addTokens, cachedOutput, cacheOutput, tokensUsed } from '../store/llm.js';
import type { AnalysedDoc } from '../store/stories.js';

export interface SummaryResult {
  /** By lead article id. */
  summaries: Map<number, string>;
  headlines: Map<number, string>;
  llmCalls: number;
  fallbacks: number;
}

export interface SummarizerDeps {
  db: Db;
  clock: () => number;
  log: Logger;
  llm?: (LlmConfig & { dailyTokens: number }) | undefined;
}

/** A story as the summariser needs it; DigestStory fits. */
export interface StoryArticles {
  lead: AnalysedDoc;
  /** One article per other source, best first. */
  others: readonly AnalysedDoc[];
}

const LANGUAGE_NAME: Record<UiLanguage, string> = { zh: 'Simplified Chinese', en: 'English' };
// The other sources reach the prompt as short excerpts: they are there for the facts the lead
// lacks, and five outlets say whatever fifty would.
const MAX_EXCERPTS = 5;
const EXCERPT_CHARS = 400;
const LEAD_CHARS = 4000;
// Models miscount characters; a little over the asked length is kept whole, more is cut.
const LLM_SLACK = 20;

/** The summary of a lone article, as the extractive fallback gives it. */
export function extractiveFor(doc: AnalysedDoc): string {
  return articleSummary(doc);
}

/** The extractive story summary: what the digest shows without an LLM, or when it fails. */
export function extractiveStory(story: StoryArticles, lang: UiLanguage): string {
  return storySummary(story, lang);
}

function limitFor(story: StoryArticles, lang: UiLanguage): number {
  if (story.others.length) return STORY_MAX_CHARS[lang];
  return lang === 'zh' ? MAX_CHARS_CJK : MAX_CHARS_LATIN;
}

/**
 * Where the LLM's answer is cached. A lone article keeps its old key (its content hash), so
 * existing cache rows stay valid; a story's key hashes the lead and the excerpted sources, so
 * a story that gains a source, or changes lead, is summarised afresh.
 */
export function summaryCacheKey(story: StoryArticles, lang: UiLanguage): { hash: string; kind: string } {
  const excerpted = story.others.slice(0, MAX_EXCERPTS);
  if (!excerpted.length) return { hash: story.lead.contentHash, kind: `summary:${lang}` };
  const others = excerpted.map((d) => d.contentHash).sort();
  const hash = createHash('sha256')
    .update(`${story.lead.contentHash}\n${others.join('\n')}`)
    .digest('hex')
    .slice(0, 32);
  return { hash: `story:${hash}`, kind: `summary:${lang}` };
}

function textOf(doc: AnalysedDoc): string {
  return doc.bodyText.length > doc.summary.length ? doc.bodyText : doc.summary;
}

/** System and user prompt; the user prompt's first line is the lead's headline. */
export function summaryPrompt(story: StoryArticles, lang: UiLanguage): [string, string] {
  const limit = limitFor(story, lang);
  const language = LANGUAGE_NAME[lang];
  const lead = `${story.lead.title}\n\n${textOf(story.lead).slice(0, LEAD_CHARS)}`;
  if (!story.others.length) {
    return [
      `You summarise security news for a daily digest. Reply with one or two plain sentences in ${language}, ` +
        `at most ${limit} characters, no markdown, no preamble. Keep names, CVE IDs and numbers exact.`,
      lead,
    ];
  }
  const excerpts = story.others
    .slice(0, MAX_EXCERPTS)
    .map((d) => `- ${d.source}: ${d.title}. ${truncate(collapseWhitespace(textOf(d)), EXCERPT_CHARS)}`);
  return [
    'You summarise security news for a daily digest. You get the lead report of one event and excerpts of ' +
      "other outlets' reports of the same event. " +
      `Reply in ${language} with at most two plain sentences, at most ${limit} characters in all: the lead report's ` +
      'point, then what the other reports add that the lead does not say, such as the attacker or gang, a figure, ' +
      'or the impact. ' +
      'Do not repeat the lead, do not name the outlets, no markdown, no preamble. Keep names, CVE IDs and numbers ' +
      'exact and use only facts from the reports.',
    `${lead}\n\nOther reports of the same event:\n${excerpts.join('\n')}`,
  ];
}

/** The answer held to what the digest promises: two sentences, about `limit` characters. */
function fitAnswer(answer: string, lang: UiLanguage, limit: number): string {
  const [a = '', b] = splitSentences(answer, lang);
  const text = b ? joinSentences(a, b) : a;
  return text.length > limit + LLM_SLACK ? truncate(text, limit) : text;
}

async function llmOutput(
  deps: SummarizerDeps,
  key: { hash: string; kind: string },
  articleId: number,
  prompt: [string, string],
  maxTokens: number,
): Promise<string | null> {
  const llm = deps.llm!;
  const cached = cachedOutput(deps.db, key.hash, key.kind, llm.model);
  if (cached !== undefined) return cached;
  const day = new Date(deps.clock()).toISOString().slice(0, 10);
  const [system, user] = prompt;
  const estimate = Math.ceil((system.length + user.length) / 3) + maxTokens;
  if (tokensUsed(deps.db, day) + estimate > llm.dailyTokens) return null;
  try {
    const out = await complete(llm, system, user, maxTokens);
    addTokens(deps.db, day, out.tokens);
    cacheOutput(deps.db, key.hash, key.kind, llm.model, out.text, deps.clock());
    return out.text;
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    deps.log.warn({ articleId, error: err.message }, 'LLM call failed; using the extractive summary');
    return null;
  }
}

async function summarizeWithLlm(
  deps: SummarizerDeps,
  story: StoryArticles,
  lang: UiLanguage,
  result: SummaryResult,
): Promise<void> {
  const { lead } = story;
  const answer = await llmOutput(deps, summaryCacheKey(story, lang), lead.id, summaryPrompt(story, lang), 200);
  if (answer === null) result.fallbacks++;
  else result.llmCalls++;
  const summary = answer ? fitAnswer(answer, lang, limitFor(story, lang)) : '';
  result.summaries.set(lead.id, summary || extractiveStory(story, lang));
  if (lead.language !== lang) {
    const system = `Translate this security news headline into ${LANGUAGE_NAME[lang]}. Reply with the headline only.`;
    const headline = await llmOutput(
      deps,
      { hash: lead.contentHash, kind: `headline:${lang}` },
      lead.id,
      [system, lead.title],
      100,
    );
    if (headline) result.headlines.set(lead.id, headline.split('\n')[0]!.slice(0, 300));
  }
}

/** A summary in `lang` per story (keyed by lead id); headlines translated when the lead is in another language. */
export async function summarizeStories(
  deps: SummarizerDeps,
  stories: readonly StoryArticles[],
  lang: UiLanguage,
): Promise<SummaryResult> {
  const result: SummaryResult = { summaries: new Map(), headlines: new Map(), llmCalls: 0, fallbacks: 0 };
  for (const story of stories) {
    if (deps.llm) await summarizeWithLlm(deps, story, lang, result);
    else result.summaries.set(story.lead.id, extractiveStory(story, lang));
  }
  return result;
}
