// Story clustering: which articles report the same event. Pure. Features per article (story-features.ts),
// pair evidence (story-score.ts) and the incremental window (story-window.ts) are the parts; this file runs
// them over a set of articles, all at once or as one more analysis pass.
//
// Both entry points feed articles to the window one at a time in publication order, so clustering a week in
// one call and assigning it cycle by cycle give the same stories (see scripts/eval-realdata.ts, replay).
import type { ArticleDoc } from './article.js';
import { articleFeatures, FEATURES_VERSION, type ArticleFeatures } from './story-features.js';
import { DEFAULT_WINDOW_OPTIONS, StoryWindow, type WindowOptions } from './story-window.js';

export { DEFAULT_WINDOW_MS } from './story-window.js';
export const DEFAULT_MAX_STORY_MS = DEFAULT_WINDOW_OPTIONS.maxStoryMs;
export type { ArticleFeatures } from './story-features.js';

export type ClusterOptions = Partial<WindowOptions> & { windowMs: number };

/** An article, with its cached features when they have been computed before. */
export type ClusterDoc = ArticleDoc & { features?: ArticleFeatures | null };

const byTime = (a: ArticleDoc, b: ArticleDoc) => a.published - b.published || a.id - b.id;

export function featuresOf(doc: ClusterDoc): ArticleFeatures {
  const f = doc.features;
  return f && f.v === FEATURES_VERSION && f.id === doc.id ? f : articleFeatures(doc);
}

/** Merges the stories an article bridges into the eldest; returns the [keep, drop] pairs in order. */
function bridge(win: StoryWindow, story: number, others: number[]): Array<[number, number]> {
  const merges: Array<[number, number]> = [];
  let keep = story;
  for (const other of others) {
    const elder = win.elder(keep, other),
      drop = elder === keep ? other : keep;
    win.merge(elder, drop);
    merges.push([elder, drop]);
    keep = elder;
  }
  return merges;
}

function windowFor(opts: ClusterOptions): StoryWindow {
  return new StoryWindow({ ...DEFAULT_WINDOW_OPTIONS, ...opts });
}

/** Groups of article ids, one per story; every article is in exactly one group. */
export function clusterArticles(docs: ClusterDoc[], opts: ClusterOptions): number[][] {
  const win = windowFor(opts),
    groups = new Map<number, number[]>();
  for (const doc of [...docs].sort(byTime)) {
    const f = featuresOf(doc);
    win.advance(f.published);
    const a = win.assign(f),
      story = a.story ?? f.id;
    win.add(f, story);
    (groups.get(story) ?? groups.set(story, []).get(story)!).push(doc.id);
    for (const [keep, drop] of bridge(win, story, a.also)) {
      groups.get(keep)!.push(...groups.get(drop)!);
      groups.delete(drop);
    }
  }
  return [...groups.values()];
}

export interface StoryAssignments {
  /**
   * For each new article, the id of the existing story it joins, null to start a story, or the *negative id*
   * of the earlier new article whose story it joins (-17: "the story created for article 17").
   */
  stories: Map<number, number | null>;
  /** The features computed here, for new articles and for recent ones that had none cached (cache them). */
  features: Map<number, ArticleFeatures>;
  /**
   * Stories bridged by a new article, in order: [keep, drop] with the same id convention (a negative id is a
   * story created in this batch). Every article of `drop` moves to `keep`.
   */
  merges: Array<[number, number]>;
}

/**
 * Incremental clustering: each new article, in publication order, joins an open story — one of `recent`
 * (articles already in stories, positive story ids) or one started earlier in this batch — or starts one.
 */
export function assignToStories(
  newDocs: ClusterDoc[],
  recent: Array<ClusterDoc & { storyId: number }>,
  opts: ClusterOptions,
): StoryAssignments {
  const win = windowFor(opts),
    newIds = new Set(newDocs.map((d) => d.id));
  const result: StoryAssignments = { stories: new Map(), features: new Map(), merges: [] };
  for (const doc of recent.filter((d) => !newIds.has(d.id)).sort(byTime)) {
    const f = featuresOf(doc);
    if (f !== doc.features) result.features.set(doc.id, f); // not cached yet, or of another version
    win.advance(f.published);
    win.add(f, doc.storyId);
  }
  for (const doc of [...newDocs].sort(byTime)) {
    const f = featuresOf(doc);
    win.advance(f.published);
    const a = win.assign(f);
    win.add(f, a.story ?? -doc.id);
    result.stories.set(doc.id, a.story);
    result.features.set(doc.id, f);
    result.merges.push(...bridge(win, a.story ?? -doc.id, a.also));
  }
  return result;
}
