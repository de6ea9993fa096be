// Outbox retention: a message Telegram has (sent) or that will never go (cancelled) is of no more
// use once it is OUTBOX_KEEP_DAYS old — nothing reads it again, exactly-once lives in the digest,
// instant and alert tables. Without this the outbox only grows: 10,000 daily digests are ~40 MB a
// day, a weekly chart ~80 KB a chat. Dead rows (our own formatting bugs, kept with their payload
// for inspection) stay DEAD_KEEP_DAYS at least. Pending rows are never touched, however old, nor
// the photos they send; other photos go once they were last queued OUTBOX_KEEP_DAYS ago.
// In batches with the event loop released between them, as the archive's prune (deleteInBatches).
import type { Db } from './db.js';
import { deleteUnusedPhotos } from './photos.js';
import { deleteInBatches, incrementalVacuum } from './retention.js';

const DAY_MS = 86_400_000;
export const DEAD_KEEP_DAYS = 30;

export interface OutboxPruneDeps {
  db: Db;
  clock: () => number;
  /** OUTBOX_KEEP_DAYS; 0 keeps every row. */
  keepDays: number;
  batchSize?: number;
}

/** One transaction: up to `limit` of the oldest finished rows created before the cutoffs. */
function deleteFinishedRows(db: Db, cutoffs: { done: number; dead: number }, limit: number): number {
  return db
    .prepare(
      `DELETE FROM outbox WHERE id IN (
         SELECT id FROM outbox
         WHERE (status IN ('sent', 'cancelled') AND created_at < @done) OR (status = 'dead' AND created_at < @dead)
         ORDER BY id LIMIT @limit)`,
    )
    .run({ ...cutoffs, limit }).changes;
}

/** Deletes what the outbox no longer needs; returns how many rows and photos went. */
export async function pruneOutbox(
  deps: OutboxPruneDeps,
): Promise<{ deleted: number; photos: number; vacuumedPages: number }> {
  if (!(deps.keepDays > 0)) return { deleted: 0, photos: 0, vacuumedPages: 0 };
  const now = deps.clock();
  const cutoffs = { done: now - deps.keepDays * DAY_MS, dead: now - Math.max(deps.keepDays, DEAD_KEEP_DAYS) * DAY_MS };
  const { deleted } = await deleteInBatches((limit) => deleteFinishedRows(deps.db, cutoffs, limit), deps.batchSize);
  const photos = deleteUnusedPhotos(deps.db, cutoffs.done);
  return { deleted, photos, vacuumedPages: deleted + photos ? await incrementalVacuum(deps.db) : 0 };
}
