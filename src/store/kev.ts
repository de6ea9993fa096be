// SQL for the CISA Known Exploited Vulnerabilities cache.
import type { KevFacts } from '../news/cve-record.js';
import type { Db } from './db.js';

export interface KevEntry extends KevFacts {
  cveId: string;
}

export interface KevState {
  etag: string | null;
  last_modified: string | null;
  fetched_at: number | null;
  entries: number;
  last_error: string | null;
}

export function kevState(db: Db): KevState | undefined {
  return db.prepare('SELECT etag, last_modified, fetched_at, entries, last_error FROM kev_state WHERE id = 1').get() as
    KevState | undefined;
}

/**
 * Replaces the catalogue in one transaction: readers see the old list or the new one. An entry keeps
 * the time it was first seen; new entries get `now`, except in the first catalogue loaded (0).
 */
export function replaceKev(
  db: Db,
  entries: KevEntry[],
  meta: { etag: string | null; lastModified: string | null; now: number },
): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO kev (cve_id, vendor, product, name, date_added, due_date, required_action, ransomware,
       first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    const seen = new Map(
      (
        db.prepare('SELECT cve_id, first_seen_at FROM kev').all() as Array<{ cve_id: string; first_seen_at: number }>
      ).map((r) => [r.cve_id, r.first_seen_at]),
    );
    const firstSeen = seen.size ? meta.now : 0;
    db.prepare('DELETE FROM kev').run();
    for (const e of entries) {
      const r = e.ransomware ? 1 : 0;
      const first = seen.get(e.cveId) ?? firstSeen;
      insert.run(e.cveId, e.vendor, e.product, e.name, e.dateAdded, e.dueDate, e.requiredAction, r, first);
    }
    db.prepare(
      `INSERT INTO kev_state (id, etag, last_modified, fetched_at, entries, last_error) VALUES (1, ?, ?, ?, ?, NULL)
       ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         fetched_at = excluded.fetched_at, entries = excluded.entries, last_error = NULL`,
    ).run(meta.etag, meta.lastModified, meta.now, entries.length);
  }).immediate();
}

/** CVEs that joined the catalogue at or after `since` (never the baseline catalogue). */
export function kevAddedSince(db: Db, since: number): KevEntry[] {
  const rows = db
    .prepare(`SELECT ${KEV_COLUMNS} FROM kev WHERE first_seen_at > 0 AND first_seen_at >= ? ORDER BY cve_id`)
    .all(since) as KevRow[];
  return rows.map(kevFromRow);
}

export function recordKevCheck(db: Db, now: number, error: string | null): void {
  db.prepare(
    `INSERT INTO kev_state (id, fetched_at, last_error) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET fetched_at = excluded.fetched_at, last_error = excluded.last_error`,
  ).run(now, error);
}

const KEV_COLUMNS = `cve_id AS cveId, vendor, product, name, date_added AS dateAdded, due_date AS dueDate,
  required_action AS requiredAction, ransomware`;
type KevRow = Omit<KevEntry, 'ransomware'> & { ransomware: number };
const kevFromRow = (row: KevRow): KevEntry => ({ ...row, ransomware: row.ransomware === 1 });

/** KEV entries of these CVEs. */
export function kevEntries(db: Db, cveIds: readonly string[]): Map<string, KevEntry> {
  if (!cveIds.length) return new Map();
  const rows = db
    .prepare(`SELECT ${KEV_COLUMNS} FROM kev WHERE cve_id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify([...new Set(cveIds)])) as KevRow[];
  return new Map(rows.map((r) => [r.cveId, kevFromRow(r)]));
}
