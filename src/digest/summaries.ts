// Summaries (and translated headlines) for the lead articles of a digest. Extractive by default;
// with an LLM configured, from the LLM — cached per article content hash, within a daily token
// budget, and falling back to extractive on any failure so a digest is never late or empty.
import type { Logger } from 'pino';
import { complete, LlmError, type LlmConfig } from '../llm/client.js';
import { extractiveSummary } from '../news/summarize.js';
import type { Db } from '../store/db.js';
import { addTokens, cachedOutput, cacheOutput, tokensUsed } from '../store/llm.js';
import type { AnalysedDoc } from '../store/stories.js';

export interface SummaryResult {
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

const MAX_CHARS: Record<string, number> = { zh: 140, en: 280 };
const LANGUAGE_NAME: Record<string, string> = { zh: 'Simplified Chinese', en: 'English' };

export function extractiveFor(doc: AnalysedDoc): string {
  const text = doc.bodyText.length > doc.summary.length ? doc.bodyText : doc.summary;
  return extractiveSummary({ title: doc.title, text, language: doc.language }, { maxChars: MAX_CHARS[doc.language] ?? 280 });
}

async function llmOutput(deps: SummarizerDeps, doc: AnalysedDoc, kind: string, system: string, user: string, maxTokens: number): Promise<string | null> {
  const llm = deps.llm!;
  const cached = cachedOutput(deps.db, doc.contentHash, kind, llm.model);
  if (cached !== undefined) return cached;
  const day = new Date(deps.clock()).toISOString().slice(0, 10);
  const estimate = Math.ceil((system.length + user.length) / 3) + maxTokens;
  if (tokensUsed(deps.db, day) + estimate > llm.dailyTokens) return null;
  try {
    const out = await complete(llm, system, user, maxTokens);
    addTokens(deps.db, day, out.tokens);
    cacheOutput(deps.db, doc.contentHash, kind, llm.model, out.text, deps.clock());
    return out.text;
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    deps.log.warn({ articleId: doc.id, error: err.message }, 'LLM call failed; using the extractive summary');
    return null;
  }
}

function summaryPrompt(doc: AnalysedDoc, lang: string): [string, string] {
  const limit = MAX_CHARS[lang] ?? 280;
  return [
    `You summarise security news for a daily digest. Reply with one or two plain sentences in ${LANGUAGE_NAME[lang] ?? 'English'}, at most ${limit} characters, no markdown, no preamble. Keep names, CVE IDs and numbers exact.`,
    `${doc.title}\n\n${(doc.bodyText || doc.summary).slice(0, 4000)}`,
  ];
}

/** Summaries in `lang` for each lead; headlines translated when the lead is in another language. */
export async function summarizeLeads(deps: SummarizerDeps, leads: AnalysedDoc[], lang: string): Promise<SummaryResult> {
  const result: SummaryResult = { summaries: new Map(), headlines: new Map(), llmCalls: 0, fallbacks: 0 };
  for (const doc of leads) {
    if (!deps.llm) {
      result.summaries.set(doc.id, extractiveFor(doc));
      continue;
    }
    const [system, user] = summaryPrompt(doc, lang);
    const summary = await llmOutput(deps, doc, `summary:${lang}`, system, user, 200);
    if (summary === null) result.fallbacks++;
    else result.llmCalls++;
    const limit = MAX_CHARS[lang] ?? 280;
    result.summaries.set(doc.id, summary ? [...summary].slice(0, limit + 20).join('') : extractiveFor(doc));
    if (doc.language !== lang) {
      const headline = await llmOutput(deps, doc, `headline:${lang}`, `Translate this security news headline into ${LANGUAGE_NAME[lang] ?? 'English'}. Reply with the headline only.`, doc.title, 100);
      if (headline) result.headlines.set(doc.id, headline.split('\n')[0]!.slice(0, 300));
    }
  }
  return result;
}
