// SQL for the ingest cycle log: when the last cycle ran and how it went (health checks read it).
import type { Db } from './db.js';

export function startCycle(db: Db, startedAt: number, feeds: number): number {
  return Number(
    db.prepare('INSERT INTO ingest_cycles (started_at, feeds) VALUES (?, ?)').run(startedAt, feeds).lastInsertRowid,
  );
}

export function finishCycle(db: Db, id: number, r: { finishedAt: number; failed: number; inserted: number }): void {
  db.prepare('UPDATE ingest_cycles SET finished_at = ?, failed = ?, new_articles = ? WHERE id = ?').run(
    r.finishedAt,
    r.failed,
    r.inserted,
    id,
  );
}

export function lastFinishedCycle(
  db: Db,
): { started_at: number; finished_at: number; feeds: number; failed: number } | undefined {
  return db
    .prepare(
      `SELECT started_at, finished_at, feeds, failed FROM ingest_cycles WHERE finished_at IS NOT NULL
        ORDER BY id DESC LIMIT 1`,
    )
    .get() as { started_at: number; finished_at: number; feeds: number; failed: number } | undefined;
}

/**
 * Finish time of the last successful cycle: one that fetched at least one feed without error.
 * A cycle where every feed failed (egress down) or none was due (all backing off) does not count.
 */
export function lastSuccessfulCycleAt(db: Db): number | undefined {
  return db
    .prepare(
      'SELECT finished_at FROM ingest_cycles WHERE finished_at IS NOT NULL AND failed < feeds ORDER BY id DESC LIMIT 1',
    )
    .pluck()
    .get() as number | undefined;
}
