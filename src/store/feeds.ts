// SQL for the feeds table: the operator's list, fetch state and health.
import type { Db } from './db.js';
import type { FeedMoveColumns } from './feed-moves.js';

export interface FeedSpec {
  url: string;
  title: string;
  siteUrl?: string | null;
  language?: string | null;
  category?: string | null;
  /** The outline's `proxy` attribute: 'off' goes direct, 'on' through FEEDS_PROXY, null follows the default. */
  proxy?: FeedProxyChoice | null;
}

export type FeedProxyChoice = 'on' | 'off';

export type FeedOrigin = 'file' | 'cli' | 'admin';

export interface FeedRow extends FeedMoveColumns {
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
  /** FeedSpec.proxy (migration 013). */
  proxy: FeedProxyChoice | null;
  /** Polling hints (migration 015): the document's, and the interval in force. */
  doc_hint_s: number | null;
  doc_hint: string | null;
  min_interval_s: number | null;
  interval_hint: string | null;
  /** 1 for a chat's own feed (migration 016, store/chat-feeds.ts); its articles reach only the chats that added it. */
  chat_only: number;
}

/** Inserts new feeds and refreshes titles/languages of known ones; fetch state is kept. */
export function upsertFeeds(
  db: Db,
  specs: FeedSpec[],
  origin: FeedOrigin,
  now: number,
): { added: number; updated: number } {
  // A feed that moved is still found under the URL the list has for it (migration 014).
  const find = db
    .prepare('SELECT id FROM feeds WHERE url = @url OR listed_url = @url ORDER BY url = @url DESC')
    .pluck();
  const insert = db.prepare(
    `INSERT INTO feeds (url, title, site_url, language, category, proxy, origin, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // A list that says nothing about the proxy (an /addfeed) keeps the choice; an OPML always says (null = default).
  // The operator's list is everyone's: a chat's own feed that it names becomes shared.
  const update = db.prepare(
    `UPDATE feeds SET title = ?, site_url = coalesce(?, site_url), language = coalesce(?, language),
       category = coalesce(?, category), proxy = CASE WHEN ? THEN ? ELSE proxy END, chat_only = 0 WHERE id = ?`,
  );
  let added = 0;
  let updated = 0;
  db.transaction(() => {
    for (const f of specs) {
      const id = find.get({ url: f.url }) as number | undefined;
      if (id === undefined) {
        insert.run(
          f.url,
          f.title,
          f.siteUrl ?? null,
          f.language ?? null,
          f.category ?? null,
          f.proxy ?? null,
          origin,
          now,
        );
        added++;
      } else {
        const says = f.proxy === undefined ? 0 : 1;
        update.run(f.title, f.siteUrl ?? null, f.language ?? null, f.category ?? null, says, f.proxy ?? null, id);
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

/** A polling hint as stored: seconds and what the feed said (feeds/update-hints.ts). */
export interface StoredHint {
  seconds: number;
  source: string;
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
    /** The document's own hint; undefined keeps the stored one (a 304 carries no document). */
    docHint?: StoredHint | null;
    /** The interval now in force, or null for "every cycle". */
    interval?: StoredHint | null;
  },
): void {
  db.prepare(
    `UPDATE feeds SET last_status = @status, last_http_status = @httpStatus, last_error = NULL,
       last_error_reason = NULL, fail_streak = 0, failing_since = NULL, fetch_count = fetch_count + 1,
       not_modified_count = not_modified_count + @notModified,
       etag = coalesce(@etag, etag), last_modified = coalesce(@lastModified, last_modified),
       doc_hint_s = CASE WHEN @keepDoc THEN doc_hint_s ELSE @docS END,
       doc_hint = CASE WHEN @keepDoc THEN doc_hint ELSE @doc END,
       min_interval_s = @intervalS, interval_hint = @interval,
       last_fetch_at = @now, last_success_at = @now, next_fetch_at = @nextFetchAt WHERE id = @feedId`,
  ).run({
    status: r.notModified ? 'not_modified' : 'ok',
    httpStatus: r.httpStatus,
    notModified: r.notModified ? 1 : 0,
    etag: r.etag,
    lastModified: r.lastModified,
    keepDoc: r.docHint === undefined ? 1 : 0,
    docS: r.docHint?.seconds ?? null,
    doc: r.docHint?.source ?? null,
    intervalS: r.interval?.seconds ?? null,
    interval: r.interval?.source ?? null,
    now: r.now,
    nextFetchAt: r.nextFetchAt,
    feedId,
  });
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
      `UPDATE feeds SET enabled = ((url IN (SELECT value FROM json_each(@urls))
           OR listed_url IN (SELECT value FROM json_each(@urls))) AND disabled_reason IS NULL)
       WHERE origin = 'file'`,
    )
    .run({ urls: JSON.stringify(urlsInFile) }).changes;
}

export function setFeedEnabled(db: Db, url: string, enabled: boolean): void {
  db.prepare(
    `UPDATE feeds SET enabled = @enabled, disabled_reason = NULL, next_fetch_at = 0
       WHERE url = @url OR listed_url = @url`,
  ).run({ enabled: enabled ? 1 : 0, url });
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
         origin = CASE WHEN origin = 'file' THEN @origin ELSE origin END
       WHERE enabled = 0
         AND (url IN (SELECT value FROM json_each(@urls)) OR listed_url IN (SELECT value FROM json_each(@urls)))`,
    )
    .run({ origin, urls: JSON.stringify(urls) }).changes;
}
