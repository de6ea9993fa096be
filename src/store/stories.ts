// SQL for the analysis stage: which articles still need topics and a story, recent stories to
// cluster against, and the articles of stories first seen in a digest window.
import type { ArticleDoc } from '../news/article.js';
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
    id: r.id, feedId: r.feed_id, source: r.source, title: r.title, summary: r.summary, bodyText: r.body_text, url: r.url,
    language: r.language, published: r.published_at, cves: r.cves ? r.cves.split(' ') : [], storyId: r.story_id,
    topics: r.topics ? r.topics.split(',') : [], contentHash: r.content_hash, fetchedAt: r.fetched_at,
  };
}

/** Articles not analysed yet, oldest first, so stories form in the order news arrived. */
export function unanalysedArticles(db: Db, limit: number): AnalysedDoc[] {
  return (db
    .prepare(`SELECT ${COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.analysed = 0 ORDER BY a.fetched_at, a.id LIMIT ?`)
    .all(limit) as Row[]).map(toDoc);
}

/** Articles already in a story, published since `sinceMs`: what new articles may join. */
export function recentStoryArticles(db: Db, sinceMs: number): Array<AnalysedDoc & { storyId: number }> {
  return (db
    .prepare(`SELECT ${COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id >= ? AND a.story_id IS NOT NULL`)
    .all(articleIdBase(sinceMs)) as Row[]).map(toDoc) as Array<AnalysedDoc & { storyId: number }>;
}

export interface Analysis {
  id: number;
  topics: string[];
  /**
   * A positive story id to join; null to start a new story with this article; or the negative
   * id of an earlier article of the same batch whose new story this one joins.
   */
  story: number | null;
}

/** Writes topics and stories for a batch in one transaction; returns article id → new story id. */
export function saveAnalysis(db: Db, results: Analysis[], now: number): Map<number, number> {
  const newStory = db.prepare('INSERT INTO stories (first_article_id, first_seen) VALUES (?, ?)');
  const grow = db.prepare('UPDATE stories SET size = size + 1 WHERE id = ?');
  const mark = db.prepare('UPDATE articles SET topics = ?, story_id = ?, analysed = 1 WHERE id = ?');
  const created = new Map<number, number>();
  db.transaction(() => {
    for (const r of results) {
      const joined = r.story === null ? undefined : r.story > 0 ? r.story : created.get(-r.story);
      let storyId: number;
      if (joined === undefined) {
        storyId = Number(newStory.run(r.id, now).lastInsertRowid);
        created.set(r.id, storyId);
      } else {
        storyId = joined;
        grow.run(storyId);
      }
      mark.run(r.topics.join(','), storyId, r.id);
    }
  })();
  return created;
}

/** Every article of the stories first seen in [start, end), for a digest. */
export function storiesFirstSeenBetween(db: Db, start: number, end: number): AnalysedDoc[] {
  return (db
    .prepare(
      `SELECT ${COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
       WHERE a.story_id IN (SELECT id FROM stories WHERE first_seen >= ? AND first_seen < ?)`,
    )
    .all(start, end) as Row[]).map(toDoc);
}

/** Every article of the given stories. */
export function storyArticles(db: Db, storyIds: number[]): AnalysedDoc[] {
  return (db
    .prepare(`SELECT ${COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.story_id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(storyIds)) as Row[]).map(toDoc);
}
