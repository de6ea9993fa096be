// SQL for the feeds table: the operator's list, fetch state and health.
import type { Db } from './db.js';

export interface FeedSpec {
  url: string;
  title: string;
  siteUrl?: string | null;
  language?: string | null;
  category?: string | null;
}

export type FeedOrigin = 'file' | 'cli' | 'admin';

export interface FeedRow {
  id: number;
  url: string;
  title: string;
  site_url: string | null;
  language: string | null;
  category: string | null;
  origin: FeedOrigin;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  last_status: string | null;
  last_http_status: number | null;
  last_error: string | null;
  last_error_reason: string | null;
  fail_streak: number;
  fetch_count: number;
  not_modified_count: number;
  last_fetch_at: number | null;
  last_success_at: number | null;
  next_fetch_at: number;
  /** Start of the current failure streak; NULL while healthy (migration 004). */
  failing_since: number | null;
  /** Why the product disabled it (a 410 Gone); NULL when enabled or disabled by an operator (migration 011). */
  disabled_reason: string | null;
}

/** Inserts new feeds and refreshes titles/languages of known ones; fetch state is kept. */
export function upsertFeeds(
  db: Db,
  specs: FeedSpec[],
  origin: FeedOrigin,
  now: number,
): { added: number; updated: number } {
  const find = db.prepare('SELECT id FROM feeds WHERE url = ?').pluck();
  const insert = db.prepare(
    'INSERT INTO feeds (url, title, site_url, language, category, origin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const update = db.prepare(
    `UPDATE feeds SET title = ?, site_url = coalesce(?, site_url), language = coalesce(?, language),
       category = coalesce(?, category) WHERE id = ?`,
  );
  let added = 0;
  let updated = 0;
  db.transaction(() => {
    for (const f of specs) {
      const id = find.get(f.url) as number | undefined;
      if (id === undefined) {
        insert.run(f.url, f.title, f.siteUrl ?? null, f.language ?? null, f.category ?? null, origin, now);
        added++;
      } else {
        update.run(f.title, f.siteUrl ?? null, f.language ?? null, f.category ?? null, id);
        updated++;
      }
    }
  }).immediate();
  return { added, updated };
}

export function listFeeds(db: Db): FeedRow[] {
  return db.prepare('SELECT * FROM feeds ORDER BY id').all() as FeedRow[];
}

/** Enabled feeds; with `dueAt`, only those whose backoff has expired. */
export function feedsToFetch(db: Db, dueAt?: number): FeedRow[] {
  if (dueAt === undefined) return db.prepare('SELECT * FROM feeds WHERE enabled = 1 ORDER BY id').all() as FeedRow[];
  return db
    .prepare('SELECT * FROM feeds WHERE enabled = 1 AND next_fetch_at <= ? ORDER BY next_fetch_at, id')
    .all(dueAt) as FeedRow[];
}

export function recordFetchSuccess(
  db: Db,
  feedId: number,
  r: {
    httpStatus: number;
    notModified: boolean;
    etag: string | null;
    lastModified: string | null;
    now: number;
    nextFetchAt: number;
  },
): void {
  db.prepare(
    `UPDATE feeds SET last_status = ?, last_http_status = ?, last_error = NULL, last_error_reason = NULL,
       fail_streak = 0, failing_since = NULL, fetch_count = fetch_count + 1,
       not_modified_count = not_modified_count + ?,
       etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),
       last_fetch_at = ?, last_success_at = ?, next_fetch_at = ? WHERE id = ?`,
  ).run(
    r.notModified ? 'not_modified' : 'ok',
    r.httpStatus,
    r.notModified ? 1 : 0,
    r.etag,
    r.lastModified,
    r.now,
    r.now,
    r.nextFetchAt,
    feedId,
  );
}

export function recordFetchFailure(
  db: Db,
  feedId: number,
  r: { reason: string; message: string; httpStatus: number | null; now: number; nextFetchAt: number },
): void {
  db.prepare(
    `UPDATE feeds SET last_status = 'error', last_http_status = ?, last_error = ?, last_error_reason = ?,
       fail_streak = fail_streak + 1, failing_since = coalesce(failing_since, ?), fetch_count = fetch_count + 1,
       last_fetch_at = ?, next_fetch_at = ? WHERE id = ?`,
  ).run(r.httpStatus, r.message, r.reason, r.now, r.now, r.nextFetchAt, feedId);
}

/** Feed ids whose title or URL contains `needle` (case-insensitive), for `source:` filters. */
export function findFeedIdsByName(db: Db, needle: string): number[] {
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare("SELECT id FROM feeds WHERE title LIKE ? ESCAPE '\\' OR url LIKE ? ESCAPE '\\'")
    .pluck()
    .all(like, like) as number[];
}

/**
 * Feeds that came from FEEDS_FILE follow the file: present → enabled, removed → disabled.
 * Disabled, not deleted: their articles stay searchable.
 */
export function syncFileFeedsEnabled(db: Db, urlsInFile: string[]): number {
  return db
    .prepare(
      `UPDATE feeds SET enabled = (url IN (SELECT value FROM json_each(?)) AND disabled_reason IS NULL)
       WHERE origin = 'file'`,
    )
    .run(JSON.stringify(urlsInFile)).changes;
}

export function setFeedEnabled(db: Db, url: string, enabled: boolean): void {
  db.prepare('UPDATE feeds SET enabled = ?, disabled_reason = NULL, next_fetch_at = 0 WHERE url = ?').run(
    enabled ? 1 : 0,
    url,
  );
}

/** The publisher said the feed is gone for good (410): stop fetching it, and say why. */
export function disableGoneFeed(db: Db, feedId: number, reason: string): void {
  db.prepare('UPDATE feeds SET enabled = 0, disabled_reason = ? WHERE id = ?').run(reason, feedId);
}

/**
 * Re-enables the listed feeds that were disabled (an import means "fetch these"). A disabled
 * feed that came from FEEDS_FILE now comes from the importer, or the next start's file sync
 * would disable it again; admin-added feeds stay 'admin' so they keep the SSRF guard.
 */
export function enableImportedFeeds(db: Db, urls: string[], origin: Exclude<FeedOrigin, 'file'>): number {
  return db
    .prepare(
      `UPDATE feeds SET enabled = 1, disabled_reason = NULL, next_fetch_at = 0,
         origin = CASE WHEN origin = 'file' THEN ? ELSE origin END
       WHERE enabled = 0 AND url IN (SELECT value FROM json_each(?))`,
    )
    .run(origin, JSON.stringify(urls)).changes;
}
