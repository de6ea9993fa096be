// SQL for the analysis stage: which articles still need topics and a story, recent stories to
// cluster against, and the articles of stories first seen in a digest window.
import type { ArticleDoc } from '../news/article.js';
import { FEATURES_VERSION, type ArticleFeatures } from '../news/story-features.js';
import { articleIdBase } from './articles.js';
import type { Db } from './db.js';

export interface AnalysedDoc extends ArticleDoc {
  storyId: number | null;
  topics: string[];
  contentHash: string;
  fetchedAt: number;
}

interface Row {
  id: number;
  feed_id: number;
  source: string;
  title: string;
  summary: string;
  body_text: string;
  url: string | null;
  language: string;
  published_at: number;
  cves: string;
  story_id: number | null;
  topics: string;
  content_hash: string;
  fetched_at: number;
}

const COLUMNS = `a.id, a.feed_id, f.title AS source, a.title, a.summary, a.body_text, a.url, a.language, a.published_at,
  a.cves, a.story_id, a.topics, a.content_hash, a.fetched_at`;

function toDoc(r: Row): AnalysedDoc {
  return {
    id: r.id,
    feedId: r.feed_id,
    source: r.source,
    title: r.title,
    summary: r.summary,
    bodyText: r.body_text,
    url: r.url,
    language: r.language,
    published: r.published_at,
    cves: r.cves ? r.cves.split(' ') : [],
    storyId: r.story_id,
    topics: r.topics ? r.topics.split(',') : [],
    contentHash: r.content_hash,
    fetchedAt: r.fetched_at,
  };
}

/** Articles not analysed yet, oldest first, so stories form in the order news arrived. */
export function unanalysedArticles(db: Db, limit: number): AnalysedDoc[] {
  return (
    db
      .prepare(
        `SELECT ${COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.analysed = 0
           ORDER BY a.fetched_at, a.id LIMIT ?`,
      )
      .all(limit) as Row[]
  ).map(toDoc);
}

export type WindowDoc = AnalysedDoc & { storyId: number; features: ArticleFeatures | null };

/**
 * What new articles may join: every article of the stories whose latest article was published since
 * `sinceMs` and that began after `openSinceMs`, with their cached clustering features (null when missing or
 * of another version: the caller recomputes them).
 */
export function openStoryArticles(db: Db, sinceMs: number, openSinceMs: number): WindowDoc[] {
  const rows = db
    .prepare(
      `SELECT ${COLUMNS}, af.data AS features FROM articles a JOIN feeds f ON f.id = a.feed_id
       LEFT JOIN article_features af ON af.article_id = a.id AND af.version = ?
       WHERE a.id >= ? AND a.story_id IN (SELECT id FROM stories WHERE latest_published >= ?)`,
    )
    .all(FEATURES_VERSION, articleIdBase(openSinceMs), sinceMs) as Array<Row & { features: string | null }>;
  return rows.map((r) => ({ ...(toDoc(r) as AnalysedDoc & { storyId: number }), features: parseFeatures(r.features) }));
}

/** A damaged cache row is recomputed, never fatal: the analysis would otherwise fail every cycle. */
function parseFeatures(json: string | null): ArticleFeatures | null {
  if (!json) return null;
  try {
    const f = JSON.parse(json) as ArticleFeatures;
    return f && typeof f === 'object' && f.terms && Array.isArray(f.title) ? f : null;
  } catch {
    return null;
  }
}

/** Stores clustering features computed for already analysed articles. */
export function cacheFeatures(db: Db, features: ArticleFeatures[]): void {
  if (!features.length) return;
  const put = db.prepare('INSERT OR REPLACE INTO article_features (article_id, version, data) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const f of features) put.run(f.id, f.v, JSON.stringify(f));
  }).immediate();
}

export interface Analysis {
  id: number;
  topics: string[];
  /**
   * A positive story id to join; null to start a new story with this article; or the negative
   * id of an earlier article of the same batch whose new story this one joins.
   */
  story: number | null;
  /** Clustering features to cache, computed once. */
  features?: ArticleFeatures;
}

/**
 * Moves every article of story `drop` into story `keep` (an article bridged them). What the chats were sent
 * of `drop` counts as sent of `keep`, so instant mode does not send the merged story again.
 */
function mergeStory(db: Db, keep: number, drop: number): void {
  if (keep === drop) return;
  db.prepare('UPDATE articles SET story_id = ? WHERE story_id = ?').run(keep, drop);
  db.prepare(
    `UPDATE stories SET size = (SELECT count(*) FROM articles WHERE story_id = @keep),
       first_seen = min(first_seen, coalesce((SELECT first_seen FROM stories WHERE id = @drop), first_seen)),
       first_article_id = min(first_article_id,
         coalesce((SELECT first_article_id FROM stories WHERE id = @drop), first_article_id)),
       latest_published = max(coalesce(latest_published, 0),
         coalesce((SELECT latest_published FROM stories WHERE id = @drop), 0))
     WHERE id = @keep`,
  ).run({ keep, drop });
  db.prepare(
    `INSERT OR IGNORE INTO instant_sent (chat_id, story_id, lead_article_id) SELECT chat_id, ?, lead_article_id
      FROM instant_sent WHERE story_id = ?`,
  ).run(keep, drop);
  db.prepare('DELETE FROM instant_sent WHERE story_id = ?').run(drop);
  db.prepare('UPDATE instant_updates SET story_id = ? WHERE story_id = ?').run(keep, drop);
  db.prepare('DELETE FROM stories WHERE id = ?').run(drop);
}

/**
 * Writes topics and stories for a batch in one transaction, then the merges (same id convention as
 * `Analysis.story`); returns article id → new story id for the stories created that still exist.
 */
export function saveAnalysis(
  db: Db,
  results: Analysis[],
  now: number,
  merges: Array<[number, number]> = [],
): Map<number, number> {
  const published = '(SELECT published_at FROM articles WHERE id = ?)';
  const newStory = db.prepare(
    `INSERT INTO stories (first_article_id, first_seen, latest_published) VALUES (?, ?, ${published})`,
  );
  const grow = db.prepare(
    `UPDATE stories SET size = size + 1, latest_published = max(coalesce(latest_published, 0), ${published})
       WHERE id = ?`,
  );
  const mark = db.prepare('UPDATE articles SET topics = ?, story_id = ?, analysed = 1 WHERE id = ?');
  const cache = db.prepare('INSERT OR REPLACE INTO article_features (article_id, version, data) VALUES (?, ?, ?)');
  const created = new Map<number, number>();
  db.transaction(() => {
    for (const r of results) {
      const joined = r.story === null ? undefined : r.story > 0 ? r.story : created.get(-r.story);
      let storyId: number;
      if (joined === undefined) {
        storyId = Number(newStory.run(r.id, now, r.id).lastInsertRowid);
        created.set(r.id, storyId);
      } else {
        storyId = joined;
        grow.run(r.id, storyId);
      }
      mark.run(r.topics.join(','), storyId, r.id);
      if (r.features) cache.run(r.id, r.features.v, JSON.stringify(r.features));
    }
    const resolve = (id: number) => (id > 0 ? id : created.get(-id)!);
    for (const [keep, drop] of merges) {
      mergeStory(db, resolve(keep), resolve(drop));
      for (const [article, story] of created) if (story === resolve(drop)) created.delete(article);
    }
  }).immediate();
  return created;
}

/** Every article of the stories first seen in [start, end), for a digest. */
export function storiesFirstSeenBetween(db: Db, start: number, end: number): AnalysedDoc[] {
  return (
    db
      .prepare(
        `SELECT ${COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
       WHERE a.story_id IN (SELECT id FROM stories WHERE first_seen >= ? AND first_seen < ?)`,
      )
      .all(start, end) as Row[]
  ).map(toDoc);
}

/** Every article of the given stories. */
export function storyArticles(db: Db, storyIds: number[]): AnalysedDoc[] {
  return (
    db
      .prepare(
        `SELECT ${COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
           WHERE a.story_id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(storyIds)) as Row[]
  ).map(toDoc);
}
