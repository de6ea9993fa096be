// SQL for the CISA Known Exploited Vulnerabilities cache.
import type { Db } from './db.js';

export interface KevEntry {
  cveId: string;
  vendor: string;
  product: string;
  name: string;
  dateAdded: string;
  /** When US federal agencies must have acted (YYYY-MM-DD), and what they must do. */
  dueDate: string;
  requiredAction: string;
  ransomware: boolean;
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

/** Replaces the catalogue in one transaction: readers see the old list or the new one. */
export function replaceKev(
  db: Db,
  entries: KevEntry[],
  meta: { etag: string | null; lastModified: string | null; now: number },
): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO kev (cve_id, vendor, product, name, date_added, due_date, required_action, ransomware)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    db.prepare('DELETE FROM kev').run();
    for (const e of entries)
      insert.run(e.cveId, e.vendor, e.product, e.name, e.dateAdded, e.dueDate, e.requiredAction, e.ransomware ? 1 : 0);
    db.prepare(
      `INSERT INTO kev_state (id, etag, last_modified, fetched_at, entries, last_error) VALUES (1, ?, ?, ?, ?, NULL)
       ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         fetched_at = excluded.fetched_at, entries = excluded.entries, last_error = NULL`,
    ).run(meta.etag, meta.lastModified, meta.now, entries.length);
  }).immediate();
}

export function recordKevCheck(db: Db, now: number, error: string | null): void {
  db.prepare(
    `INSERT INTO kev_state (id, fetched_at, last_error) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET fetched_at = excluded.fetched_at, last_error = excluded.last_error`,
  ).run(now, error);
}

/** Which of these CVE IDs are in the catalogue. */
export function exploitedCves(db: Db, cveIds: string[]): Set<string> {
  if (!cveIds.length) return new Set();
  const rows = db
    .prepare('SELECT cve_id FROM kev WHERE cve_id IN (SELECT value FROM json_each(?))')
    .pluck()
    .all(JSON.stringify([...new Set(cveIds)])) as string[];
  return new Set(rows);
}

/** The catalogue's entry for one CVE, or undefined when it is not in KEV. */
export function kevEntry(db: Db, cveId: string): KevEntry | undefined {
  const row = db
    .prepare(
      `SELECT cve_id AS cveId, vendor, product, name, date_added AS dateAdded, due_date AS dueDate,
         required_action AS requiredAction, ransomware FROM kev WHERE cve_id = ?`,
    )
    .get(cveId) as (Omit<KevEntry, 'ransomware'> & { ransomware: number }) | undefined;
  return row && { ...row, ransomware: row.ransomware === 1 };
}
