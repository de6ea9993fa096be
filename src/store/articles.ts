// SQL for articles and their full-text index. A feed's batch is one transaction: a crash
// leaves either the whole batch or none of it.
import type { NormalizedItem } from '../news/article.js';
import { extractCves } from '../news/cve.js';
import { cveTag, languageTag } from '../news/query.js';
import { segmentForIndex } from '../news/text.js';
import type { Db } from './db.js';

/** Text beyond this many characters of a body is stored but not indexed (segmenting is the cost). */
export const INDEXED_BODY_CHARS = 4_000;
const SEQ_BITS = 2 ** 20;

export interface BatchResult {
  inserted: number;
  /** Ids of the new articles, for watch alerts. */
  insertedIds: number[];
  updated: number;
  unchanged: number;
}

interface ExistingRow {
  id: number;
  feed_id: number;
  guid: string | null;
  canonical_url: string | null;
  content_hash: string;
}

export const articleIdBase = (publishedAt: number) => Math.floor(publishedAt / 1000) * SEQ_BITS;

export function sourceTag(feedId: number): string {
  return `src${feedId}`;
}

/** Index form of a text column: same normalisation as the query side (NFKC, lower case, CJK bigrams). */
const indexText = (s: string) => segmentForIndex(s.normalize('NFKC').toLowerCase());

/** What the index needs of an article; NormalizedItem and stored rows both provide it. */
export type IndexSource = Pick<NormalizedItem, 'title' | 'summary' | 'bodyText' | 'language'>;

export function indexRow(feedId: number, item: IndexSource, cves: string[]): [string, string, string, string] {
  const tags = [languageTag(item.language), sourceTag(feedId), ...cves.map(cveTag)].join(' ');
  // Description-only feeds give a body equal to the summary; indexing it twice doubled the
  // index and the insert cost and counted every word twice in bm25. The text stays
  // searchable through the summary column.
  const body = item.bodyText === item.summary ? '' : item.bodyText.slice(0, INDEXED_BODY_CHARS);
  return [indexText(item.title), indexText(item.summary), indexText(body), tags];
}

function statements(db: Db) {
  const cols = 'id, feed_id, guid, canonical_url, content_hash';
  return {
    byGuid: db.prepare(`SELECT ${cols} FROM articles WHERE feed_id = ? AND guid = ?`),
    byUrl: db.prepare(`SELECT ${cols} FROM articles WHERE canonical_url = ?`),
    byKey: db.prepare(
      `SELECT ${cols} FROM articles WHERE feed_id = ? AND content_key = ? AND guid IS NULL AND canonical_url IS NULL`,
    ),
    maxId: db.prepare('SELECT max(id) FROM articles WHERE id >= ? AND id < ?').pluck(),
    insert: db.prepare(
      `INSERT INTO articles (id, feed_id, guid, url, canonical_url, content_key, title, summary, body_text, author,
         language, cves, published_at, date_missing, fetched_at, updated_at, content_hash)
       VALUES (@id, @feedId, @guid, @url, @canonicalUrl, @contentKey, @title, @summary, @bodyText, @author,
         @language, @cves, @publishedAt, @dateMissing, @now, @now, @contentHash)`,
    ),
    update: db.prepare(
      `UPDATE articles SET guid = coalesce(@guid, guid), url = coalesce(@url, url), title = @title, summary = @summary,
         body_text = @bodyText, author = @author, cves = @cves, updated_at = @now, content_hash = @contentHash
       WHERE id = @id`,
    ),
    adoptGuid: db.prepare('UPDATE articles SET guid = ? WHERE id = ?'),
    ftsInsert: db.prepare('INSERT INTO articles_fts (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)'),
    ftsDelete: db.prepare('DELETE FROM articles_fts WHERE rowid = ?'),
    archiveFloor: db.prepare('SELECT pruned_before FROM archive_state WHERE id = 1').pluck(),
  };
}

type Statements = ReturnType<typeof statements>;
const cache = new WeakMap<Db, Statements>();
const stmts = (db: Db) => cache.get(db) ?? (cache.set(db, statements(db)), cache.get(db)!);

/** Finds the stored article an item is: guid within the feed, then canonical URL, then title+date. */
function findExisting(s: Statements, feedId: number, item: NormalizedItem): ExistingRow | undefined {
  if (item.guid) {
    const hit = s.byGuid.get(feedId, item.guid) as ExistingRow | undefined;
    if (hit) return hit;
  }
  if (item.canonicalUrl) return s.byUrl.get(item.canonicalUrl) as ExistingRow | undefined;
  if (!item.guid) return s.byKey.get(feedId, item.contentKey) as ExistingRow | undefined;
  return undefined;
}

function nextId(s: Statements, publishedAt: number): number {
  const base = articleIdBase(publishedAt);
  const max = s.maxId.get(base, base + SEQ_BITS) as number | null;
  return max === null ? base : max + 1;
}

export function storeBatch(db: Db, feedId: number, items: NormalizedItem[], now: number): BatchResult {
  const s = stmts(db);
  const result: BatchResult = { inserted: 0, insertedIds: [], updated: 0, unchanged: 0 };
  // Oldest first, so ids within one second follow the feed's order.
  const ordered = [...items].sort((a, b) => a.publishedAt - b.publishedAt);
  // Retention pruned everything published before the floor (store/retention.ts); an old item a
  // feed still lists is not stored again, or it would come back as new: alerted, digested, and
  // pruned the next day. Counted as unchanged.
  const floor = (s.archiveFloor.get() as number | undefined) ?? -Infinity;
  db.transaction(() => {
    for (const item of ordered) {
      if (item.publishedAt < floor) {
        result.unchanged++;
        continue;
      }
      const existing = findExisting(s, feedId, item);
      if (!existing) {
        result.insertedIds.push(insertArticle(s, feedId, item, now));
        result.inserted++;
      } else if (existing.feed_id !== feedId || existing.content_hash === item.contentHash) {
        // Same story syndicated by another feed stays with its first source; GUID churn with
        // an unchanged link re-keys the row so the next fetch matches on guid directly.
        if (existing.feed_id === feedId && item.guid && existing.guid !== item.guid)
          s.adoptGuid.run(item.guid, existing.id);
        result.unchanged++;
      } else {
        updateArticle(s, existing.id, feedId, item, now);
        result.updated++;
      }
    }
  }).immediate();
  return result;
}

function insertArticle(s: Statements, feedId: number, item: NormalizedItem, now: number): number {
  const id = nextId(s, item.publishedAt);
  const cves = extractCves(`${item.title} ${item.summary} ${item.bodyText}`);
  s.insert.run({ ...item, id, feedId, now, cves: cves.join(' '), dateMissing: item.dateMissing ? 1 : 0 });
  s.ftsInsert.run(id, ...indexRow(feedId, item, cves));
  return id;
}

function updateArticle(s: Statements, id: number, feedId: number, item: NormalizedItem, now: number): void {
  const cves = extractCves(`${item.title} ${item.summary} ${item.bodyText}`);
  s.update.run({ ...item, id, now, cves: cves.join(' ') });
  s.ftsDelete.run(id);
  s.ftsInsert.run(id, ...indexRow(feedId, item, cves));
}

export function countArticles(db: Db): number {
  return db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
}

/** Cheap emptiness check (count(*) walks the whole table). */
export function hasArticles(db: Db): boolean {
  return db.prepare('SELECT 1 FROM articles LIMIT 1').get() !== undefined;
}
