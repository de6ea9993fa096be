// SQL for search: runs a SearchPlan (built by the pure query parser) against the FTS index.
import { HAN } from '../news/cjk.js';
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

/**
 * Relevance order ranks the newest RANK_WINDOW matches, not every match: bm25 costs about a
 * microsecond per matching row, and a word like "attack" is in 40 % of a security archive
 * (1M articles: ~350 ms for exact bm25, ~40 ms windowed). Queries with fewer matches are
 * ranked exactly; for broad ones the window still spans weeks to months of news.
 */
export const RANK_WINDOW = 10_000;
/** A prefix with more completions than this is left to FTS5's own prefix scan. */
const MAX_PREFIX_TERMS = 32;

function statements(db: Db) {
  // Vocabulary of the archive index, for expanding prefix* terms (see expandPrefixes).
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.articles_vocab USING fts5vocab(main, 'articles_fts', 'row')");
  const fts = 'FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ?';
  return {
    newest: db.prepare(`SELECT rowid ${fts} ORDER BY rowid DESC LIMIT ? OFFSET ?`).pluck(),
    between: db.prepare(`SELECT rowid ${fts} AND rowid < ?`).pluck(),
    // Ties (same score) go newest first.
    relevance: db
      .prepare(
        `SELECT rowid FROM (SELECT rowid, bm25(articles_fts, 8.0, 3.0, 1.0, 0.0) AS score ${fts}
           ORDER BY rowid DESC LIMIT ${RANK_WINDOW}) ORDER BY score, rowid DESC LIMIT ? OFFSET ?`,
      )
      .pluck(),
    // since: alone: a plain walk down the primary key.
    since: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
         WHERE a.id >= ? ORDER BY a.id DESC LIMIT ? OFFSET ?`,
    ),
    byIds: db.prepare(
      `SELECT ${HIT_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id
         WHERE a.id IN (SELECT value FROM json_each(?))`,
    ),
    // Bounds on `term` are pushed into fts5vocab, so this reads only the terms in range.
    prefixTerms: db.prepare('SELECT term FROM temp.articles_vocab WHERE term >= ? AND term <= ? LIMIT ?').pluck(),
  };
}

type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Db, Statements>();
const stmts = (db: Db) => cache.get(db) ?? (cache.set(db, statements(db)), cache.get(db)!);

// news/query.ts writes a prefix term as `"tok tok" *`, every token letters and digits only.
const PREFIX_PHRASE = /"([^"]*)" \*/g;
// Stems the index stores as typed: ASCII (no case or diacritic folding left to do) and Han.
const EXPANDABLE_STEM = new RegExp(`^(?:[a-z0-9]+|[${HAN}]+)$`);

/**
 * `"vuln" *` → `("vulnerability" OR "vulnerable")`. FTS5 answers a prefix query by merging the
 * complete doclists of every completion before returning the first row (~15 ms for vuln* at
 * 1M articles, whatever the LIMIT); an OR of the same terms walks newest first and stops
 * after LIMIT rows. Same matches: the completions come from the index's own vocabulary.
 */
function expandPrefixes(s: Statements, match: string): string {
  return match.replace(PREFIX_PHRASE, (whole, phrase: string) => {
    const head = phrase.split(' ');
    const stem = head.pop()!;
    if (!EXPANDABLE_STEM.test(stem)) return whole;
    const terms = s.prefixTerms.all(stem, `${stem}\u{10FFFF}`, MAX_PREFIX_TERMS + 1) as string[];
    if (!terms.length || terms.length > MAX_PREFIX_TERMS) return whole;
    return `(${terms.map((t) => `"${[...head, t].join(' ').replace(/"/g, '""')}"`).join(' OR ')})`;
  });
}

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

// news/query.ts restricts user terms to the text columns with this filter, so that a word can
// never match a filter token in `tags` (langzh, src12, cve20243400).
const TEXT_COLUMNS = '{title summary body} : ';
const TAG_TOKEN = /^(?:lang[a-z]+|src\d+|cve\d+)$/;
const TAG_STEM = /^(?:l|la|lan|lang[a-z]*|s|sr|src\d*|c|cv|cve\d*)$/;

/**
 * Drops the text-column filter when no term could match a tag token anyway: FTS5 applies a
 * column filter by decoding every position list it walks, about a third of the cost of a
 * broad query (and of bm25's document-frequency pass). Same matches, same scores (tags weighs 0).
 */
function withoutColumnFilter(match: string): string {
  for (const m of match.matchAll(/"([^"]*)"( \*)?/g)) {
    const tokens = m[1]!.split(' ');
    const stem = m[2] ? tokens.pop()! : null;
    if (tokens.some((t) => TAG_TOKEN.test(t)) || (stem !== null && TAG_STEM.test(stem))) return match;
  }
  return match.split(TEXT_COLUMNS).join('');
}

export function searchArticles(db: Db, plan: SearchPlan, opts: SearchOptions): SearchHit[] {
  const match = withSources(db, plan);
  if (match === undefined) return [];
  const s = stmts(db);
  const minId = plan.sinceMs === null ? 0 : articleIdBase(plan.sinceMs);
  const limit = Math.max(1, Math.min(opts.limit, 1000));
  const offset = Math.max(0, opts.offset ?? 0);
  if (match === null) return s.since.all(minId, limit, offset) as SearchHit[];
  // Only quoted user terms score (tags weighs 0): a filter-only query ranks every row 0, and
  // relevance order would be newest first after a wasted pass over the filter's doclist.
  const query = opts.order === 'relevance' && match.includes('"') ? s.relevance : s.newest;
  const ids = query.all(withoutColumnFilter(expandPrefixes(s, match)), minId, limit, offset) as number[];
  if (!ids.length) return [];
  const byId = new Map(articlesByIds(db, ids).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is SearchHit => r !== undefined);
}

/**
 * Every article id matching the plan published in [since, until), in no order: what /trend counts.
 * The plan's own since: is ignored (the period is the caller's). Null match: every article.
 */
export function matchingIdsBetween(db: Db, plan: SearchPlan, since: number, until: number): number[] | null {
  const match = withSources(db, plan);
  if (match === undefined) return [];
  if (match === null) return null;
  const s = stmts(db);
  return s.between.all(
    withoutColumnFilter(expandPrefixes(s, match)),
    articleIdBase(since),
    articleIdBase(until),
  ) as number[];
}

/** Articles as search hits, in no particular order. */
export function articlesByIds(db: Db, ids: number[]): SearchHit[] {
  return stmts(db).byIds.all(JSON.stringify(ids)) as SearchHit[];
}

/** The plan's full FTS expression with source: names resolved; null when nothing can match it. */
export function resolvePlanMatch(db: Db, plan: SearchPlan): string | null {
  return withSources(db, plan) ?? null;
}
