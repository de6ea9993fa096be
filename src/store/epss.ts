// SQL for FIRST EPSS scores. An import fills epss_staging and swaps it in by renaming, inside one
// transaction: readers see the old scores or the new ones, never half. The scores of the day
// before are kept as epss_previous, so "what rose" is one join.
import { MIN_EPSS_JUMP } from '../news/cve-watch.js';
import type { Db } from './db.js';

export interface EpssRow {
  cveId: string;
  epss: number;
  percentile: number;
}

export interface EpssMeta {
  scoreDate: string | null;
  modelVersion: string | null;
  etag: string | null;
  lastModified: string | null;
  now: number;
}

export interface CveSourceState {
  etag: string | null;
  last_modified: string | null;
  fetched_at: number | null;
  score_date: string | null;
  previous_score_date: string | null;
  model_version: string | null;
  rows: number;
  last_error: string | null;
}

export function cveSourceState(db: Db, source: string): CveSourceState | undefined {
  return db
    .prepare(
      `SELECT etag, last_modified, fetched_at, score_date, previous_score_date, model_version, rows, last_error
       FROM cve_sources WHERE source = ?`,
    )
    .get(source) as CveSourceState | undefined;
}

export function recordCveSourceCheck(db: Db, source: string, now: number, error: string | null): void {
  db.prepare(
    `INSERT INTO cve_sources (source, fetched_at, last_error) VALUES (?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET fetched_at = excluded.fetched_at, last_error = excluded.last_error`,
  ).run(source, now, error);
}

/** Starts an import: an empty staging table, dropped first if a crashed import left one. */
export function beginEpssImport(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS epss_staging;
    CREATE TABLE epss_staging (cve_id TEXT PRIMARY KEY, epss REAL NOT NULL, percentile REAL NOT NULL) WITHOUT ROWID;`);
}

export function stageEpssRows(db: Db, rows: readonly EpssRow[]): void {
  const insert = db.prepare('INSERT OR REPLACE INTO epss_staging (cve_id, epss, percentile) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (const r of rows) insert.run(r.cveId, r.epss, r.percentile);
  }).immediate();
}

export function abandonEpssImport(db: Db): void {
  db.exec('DROP TABLE IF EXISTS epss_staging');
}

/**
 * Swaps the staged scores in. A file of a new score date pushes today's to epss_previous; a file
 * of the same date (a re-fetch) replaces today's and keeps the previous day.
 */
export function finishEpssImport(db: Db, rows: number, meta: EpssMeta): void {
  const state = cveSourceState(db, 'epss');
  const newDay = meta.scoreDate !== state?.score_date;
  db.transaction(() => {
    // The score index serves "which CVEs crossed a threshold"; the day before needs only its key.
    if (newDay)
      db.exec('DROP INDEX IF EXISTS epss_score; DROP TABLE epss_previous; ALTER TABLE epss RENAME TO epss_previous;');
    else db.exec('DROP TABLE epss;');
    db.exec('ALTER TABLE epss_staging RENAME TO epss; CREATE INDEX epss_score ON epss (epss); DELETE FROM epss_jumps;');
    db.prepare(
      `INSERT INTO epss_jumps (cve_id, epss, previous)
       SELECT e.cve_id, e.epss, p.epss FROM epss e JOIN epss_previous p ON p.cve_id = e.cve_id
       WHERE e.epss >= ? AND p.epss < e.epss`,
    ).run(MIN_EPSS_JUMP);
    db.prepare(
      `INSERT INTO cve_sources (source, etag, last_modified, fetched_at, score_date, previous_score_date, model_version,
         rows, last_error) VALUES ('epss', ?, ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (source) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         fetched_at = excluded.fetched_at, score_date = excluded.score_date,
         previous_score_date = excluded.previous_score_date, model_version = excluded.model_version,
         rows = excluded.rows, last_error = NULL`,
    ).run(
      meta.etag,
      meta.lastModified,
      meta.now,
      meta.scoreDate,
      newDay ? (state?.score_date ?? null) : (state?.previous_score_date ?? null),
      meta.modelVersion,
      rows,
    );
  }).immediate();
}

export interface EpssScore {
  epss: number;
  percentile: number;
  /** The score in the file before, if the CVE was in it. */
  previous: number | null;
}

export function epssScores(db: Db, cveIds: readonly string[]): Map<string, EpssScore> {
  if (!cveIds.length) return new Map();
  const rows = db
    .prepare(
      `SELECT e.cve_id, e.epss, e.percentile, p.epss AS previous FROM epss e
       LEFT JOIN epss_previous p ON p.cve_id = e.cve_id WHERE e.cve_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify([...new Set(cveIds)])) as Array<{ cve_id: string } & EpssScore>;
  return new Map(rows.map((r) => [r.cve_id, { epss: r.epss, percentile: r.percentile, previous: r.previous }]));
}
