// SQL for the ingest cycle log: when the last cycle ran and how it went (health checks read it).
import type { Db } from './db.js';

export function startCycle(db: Db, startedAt: number, feeds: number): number {
  return Number(db.prepare('INSERT INTO ingest_cycles (started_at, feeds) VALUES (?, ?)').run(startedAt, feeds).lastInsertRowid);
}

export function finishCycle(db: Db, id: number, r: { finishedAt: number; failed: number; inserted: number }): void {
  db.prepare('UPDATE ingest_cycles SET finished_at = ?, failed = ?, new_articles = ? WHERE id = ?').run(r.finishedAt, r.failed, r.inserted, id);
}

export function lastFinishedCycle(db: Db): { started_at: number; finished_at: number; feeds: number; failed: number } | undefined {
  return db
    .prepare('SELECT started_at, finished_at, feeds, failed FROM ingest_cycles WHERE finished_at IS NOT NULL ORDER BY id DESC LIMIT 1')
    .get() as { started_at: number; finished_at: number; feeds: number; failed: number } | undefined;
}
