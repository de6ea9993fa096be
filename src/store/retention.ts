// Archive retention: deletes articles published before now − ARCHIVE_RETENTION_DAYS, with their
// index rows (the articles_fts_delete trigger), in batches of PRUNE_BATCH per transaction with
// the event loop released between batches, so the bot keeps answering during a large prune.
//
// Nothing references articles by foreign key; what points at them is cleaned here instead:
// stories lose the pruned members (empty stories are deleted, the rest get size and first
// article recomputed), watch_alerts, instant_sent and instant_updates rows of pruned
// articles/stories go too.
//
// Space: new databases are created with auto_vacuum = INCREMENTAL (openDatabase), so freed pages
// are returned to the file system here with `PRAGMA incremental_vacuum(N)`, a chunk at a time.
// Older databases (auto_vacuum = NONE) reuse freed pages for new articles but do not shrink;
// `secbrief vacuum` converts them once (a full VACUUM; it needs free disk equal to the file).
import type { Db } from './db.js';
import { articleIdBase } from './articles.js';

export const PRUNE_BATCH = 5_000;
const VACUUM_CHUNK_PAGES = 2_000;
const DAY_MS = 86_400_000;
const AUTO_VACUUM_INCREMENTAL = 2;

export interface PruneDeps {
  db: Db;
  clock: () => number;
  /** ARCHIVE_RETENTION_DAYS; 0 keeps everything. */
  retentionDays: number;
  batchSize?: number;
}

export interface PruneResult {
  deleted: number;
  batches: number;
  /** Articles published before this (epoch ms) are gone; null when retention is off. */
  cutoff: number | null;
  vacuumedPages: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `deleteBatch(limit)` (one transaction each) until a batch comes back short, releasing the
 * event loop between batches so the bot keeps answering during a large prune.
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => number,
  batchSize = PRUNE_BATCH,
): Promise<{ deleted: number; batches: number }> {
  let deleted = 0;
  let batches = 0;
  for (;;) {
    const n = deleteBatch(batchSize);
    deleted += n;
    if (n) batches++;
    if (n < batchSize) return { deleted, batches };
    await yieldToEventLoop();
  }
}

/** One transaction: up to `limit` of the oldest articles below `cutoffId`, and their stories' bookkeeping. */
export function deleteArticlesBefore(db: Db, cutoffId: number, limit: number): number {
  return db
    .transaction(() => {
      const rows = db
        .prepare('SELECT id, story_id FROM articles WHERE id < ? ORDER BY id LIMIT ?')
        .all(cutoffId, limit) as Array<{ id: number; story_id: number | null }>;
      if (!rows.length) return 0;
      db.prepare('DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))').run(
        JSON.stringify(rows.map((r) => r.id)),
      );
      const stories = [...new Set(rows.map((r) => r.story_id).filter((s): s is number => s !== null))];
      const remaining = db.prepare('SELECT count(*) AS n, min(id) AS first FROM articles WHERE story_id = ?');
      const drop = db.prepare('DELETE FROM stories WHERE id = ?');
      const shrink = db.prepare('UPDATE stories SET size = ?, first_article_id = ? WHERE id = ?');
      for (const id of stories) {
        const r = remaining.get(id) as { n: number; first: number | null };
        if (r.n === 0) drop.run(id);
        else shrink.run(r.n, r.first, id);
      }
      return rows.length;
    })
    .immediate();
}

/** After the batches: rows that pointed at pruned articles or stories, and the stored floor. */
function finishPrune(db: Db, cutoff: number, deleted: number, now: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM watch_alerts WHERE article_id < ?').run(articleIdBase(cutoff));
    db.prepare('DELETE FROM instant_sent WHERE story_id NOT IN (SELECT id FROM stories)').run();
    // Retention is 7 days or more, so no pruned update still counts toward the 24 h cap.
    db.prepare('DELETE FROM instant_updates WHERE article_id < ?').run(articleIdBase(cutoff));
    db.prepare(
      `INSERT INTO archive_state (id, pruned_before, last_pruned_at, deleted_total) VALUES (1, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET pruned_before = max(pruned_before, excluded.pruned_before),
         last_pruned_at = excluded.last_pruned_at, deleted_total = deleted_total + excluded.deleted_total`,
    ).run(cutoff, now, deleted);
  }).immediate();
}

/** Articles published before this were pruned and are not stored again (see storeBatch). */
export function archiveFloor(db: Db): number | null {
  return (
    (db.prepare('SELECT pruned_before FROM archive_state WHERE id = 1').pluck().get() as number | undefined) ?? null
  );
}

export function autoVacuumMode(db: Db): number {
  return db.pragma('auto_vacuum', { simple: true }) as number;
}

/** Returns free pages to the file system in chunks; 0 when the database is not INCREMENTAL. */
export async function incrementalVacuum(db: Db): Promise<number> {
  if (autoVacuumMode(db) !== AUTO_VACUUM_INCREMENTAL) return 0;
  let freed = 0;
  for (;;) {
    const free = db.pragma('freelist_count', { simple: true }) as number;
    if (free === 0) return freed;
    db.exec(`PRAGMA incremental_vacuum(${VACUUM_CHUNK_PAGES})`);
    freed += Math.min(free, VACUUM_CHUNK_PAGES);
    await yieldToEventLoop();
  }
}

/**
 * One-time conversion of a database created before auto_vacuum was set: a full VACUUM, which
 * rewrites the file and holds the write lock meanwhile (stop the daemon, or run it at a quiet
 * time). On an INCREMENTAL database it only frees the free pages.
 */
export async function convertToIncrementalVacuum(db: Db): Promise<{ converted: boolean }> {
  if (autoVacuumMode(db) === AUTO_VACUUM_INCREMENTAL) {
    await incrementalVacuum(db);
    return { converted: false };
  }
  db.pragma('auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
  return { converted: true };
}

export async function pruneArchive(deps: PruneDeps): Promise<PruneResult> {
  const { db, retentionDays } = deps;
  if (!(retentionDays > 0)) return { deleted: 0, batches: 0, cutoff: null, vacuumedPages: 0 };
  const now = deps.clock();
  // Whole seconds, so "published before the cutoff" and "id below articleIdBase(cutoff)" agree.
  const cutoff = Math.floor((now - retentionDays * DAY_MS) / 1000) * 1000;
  const cutoffId = articleIdBase(cutoff);
  const { deleted, batches } = await deleteInBatches(
    (limit) => deleteArticlesBefore(db, cutoffId, limit),
    deps.batchSize,
  );
  finishPrune(db, cutoff, deleted, now);
  const vacuumedPages = await incrementalVacuum(db);
  return { deleted, batches, cutoff, vacuumedPages };
}
