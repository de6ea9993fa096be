// The analysis stage after each ingest cycle: topics for every new article, and its story —
// an existing one from the last window (another outlet reporting the same event) or a new one.
import type { Logger } from 'pino';
import { assignToStories, DEFAULT_MAX_STORY_MS } from '../news/cluster.js';
import { classifyTopics } from '../news/topics.js';
import type { Db } from '../store/db.js';
import { cacheFeatures, openStoryArticles, saveAnalysis, unanalysedArticles, type Analysis } from '../store/stories.js';

export interface AnalyseDeps {
  db: Db;
  clock: () => number;
  log: Logger;
  windowMs: number;
}

export interface AnalyseResult {
  analysed: number;
  /**
   * Articles analysed in this pass. Watch alerts match these rather than a cycle's report:
   * an article committed by a cycle that was then killed is still unanalysed at the next pass,
   * so it is alerted then instead of never.
   */
  analysedIds: number[];
  /** Stories created in this pass (their first article arrived now). */
  newStoryIds: number[];
}

const BATCH = 2_000;

/** Analyses everything pending, in batches, oldest first. */
export function analysePending(deps: AnalyseDeps): AnalyseResult {
  const result: AnalyseResult = { analysed: 0, analysedIds: [], newStoryIds: [] };
  for (;;) {
    const docs = unanalysedArticles(deps.db, BATCH);
    if (!docs.length) break;
    const now = deps.clock();
    const oldest = Math.min(...docs.map((d) => d.published));
    const recent = openStoryArticles(deps.db, oldest - deps.windowMs, oldest - DEFAULT_MAX_STORY_MS);
    const { stories, features, merges } = assignToStories(docs, recent, { windowMs: deps.windowMs });
    // Articles analysed before features were cached (or under another FEATURES_VERSION) get them once.
    cacheFeatures(
      deps.db,
      recent.filter((d) => features.has(d.id)).map((d) => features.get(d.id)!),
    );
    const analyses = docs.map((d): Analysis => ({
      id: d.id,
      topics: classifyTopics(d).topics,
      story: stories.get(d.id) ?? null,
      features: features.get(d.id),
    }));
    const created = saveAnalysis(deps.db, analyses, now, merges);
    result.analysed += docs.length;
    result.analysedIds.push(...docs.map((d) => d.id));
    result.newStoryIds.push(...created.values());
    if (docs.length < BATCH) break;
  }
  if (result.analysed)
    deps.log.info({ analysed: result.analysed, newStories: result.newStoryIds.length }, 'articles analysed');
  return result;
}
