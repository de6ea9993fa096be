// SQL for search: runs a SearchPlan (built by the pure query parser) against the FTS index.
import type { SearchPlan } from '../news/query.js';
import { articleIdBase, sourceTag } from './articles.js';
import type { Db } from './db.js';
import { findFeedIdsByName } from './feeds.js';

export interface SearchHit {
  id: number;
  title: string;
  url: string | null;
  published: number;
  source: string;
  feedId: number;
  language: string;
  summary: string;
}

export interface SearchOptions {
  limit: number;
  offset?: number;
  order?: 'newest' | 'relevance';
}

const HIT_COLUMNS = `a.id, a.title, a.url, a.published_at AS published, f.title AS source, a.feed_id AS feedId,
  a.language, a.summary`;

/** Adds `tags : (srcN OR …)` for source: filters; null when a source matches no feed at all. */
function withSources(db: Db, plan: SearchPlan): string | null | undefined {
  if (!plan.sources.length) return plan.match;
  const clauses: string[] = [];
  for (const name of plan.sources) {
    const ids = findFeedIdsByName(db, name);
    if (!ids.length) return undefined;
    clauses.push(`(tags : (${ids.map(sourceTag).join(' OR ')}))`);
  }
  return [plan.match, ...clauses].filter(Boolean).join(' AND ');
}

export function searchArticles(db: Db, plan: SearchPlan, opts: SearchOptions): SearchHit[] {
  const match = withSources(db, plan);
  if (match === undefined) return [];
  const minId = plan.sinceMs === null ? 0 : articleIdBase(plan.sinceMs);
  const limit = Math.max(1, Math.min(opts.limit, 1000));
  const offset = Math.max(0, opts.offset ?? 0);
  if (match === null) {
    // since: alone: a plain walk down the primary key.
    return db
      .prepare(`SELECT ${HIT_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id >= ? ORDER BY a.id DESC LIMIT ? OFFSET ?`)
      .all(minId, limit, offset) as SearchHit[];
  }
  const order = opts.order === 'relevance' ? 'bm25(articles_fts, 8.0, 3.0, 1.0, 0.0)' : 'articles_fts.rowid DESC';
  const ids = db
    .prepare(`SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ? ORDER BY ${order} LIMIT ? OFFSET ?`)
    .pluck()
    .all(match, minId, limit, offset) as number[];
  if (!ids.length) return [];
  const rows = articlesByIds(db, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is SearchHit => r !== undefined);
}

/** Articles as search hits, in no particular order. */
export function articlesByIds(db: Db, ids: number[]): SearchHit[] {
  return db
    .prepare(`SELECT ${HIT_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(ids)) as SearchHit[];
}

/** The plan's full FTS expression with source: names resolved; null when nothing can match it. */
export function resolvePlanMatch(db: Db, plan: SearchPlan): string | null {
  return withSources(db, plan) ?? null;
}
