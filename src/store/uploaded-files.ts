// SQL for photos already on Telegram's side (migration 017): the file_id Telegram gave an upload,
// by the SHA-256 of the bytes.
import type { Db } from './db.js';

/**
 * What telegram/uploads.ts keeps between sends. Charts are drawn anew each week, so an entry older
 * than `maxAgeMs` is of no more use: it is not read, and it is deleted with the next upload.
 */
export interface UploadCache {
  fileId(sha256: string): string | undefined;
  remember(sha256: string, fileId: string): void;
  forget(sha256: string): void;
}

export function uploadCache(db: Db, clock: () => number, maxAgeMs = 30 * 86_400_000): UploadCache {
  const find = db.prepare('SELECT file_id FROM uploaded_files WHERE sha256 = ? AND uploaded_at >= ?').pluck();
  const save = db.prepare(
    `INSERT INTO uploaded_files (sha256, file_id, uploaded_at) VALUES (?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET file_id = excluded.file_id, uploaded_at = excluded.uploaded_at`,
  );
  const drop = db.prepare('DELETE FROM uploaded_files WHERE sha256 = ?');
  const prune = db.prepare('DELETE FROM uploaded_files WHERE uploaded_at < ?');
  return {
    fileId: (sha256) => find.get(sha256, clock() - maxAgeMs) as string | undefined,
    remember: (sha256, fileId) => {
      const now = clock();
      prune.run(now - maxAgeMs);
      save.run(sha256, fileId, now);
    },
    forget: (sha256) => void drop.run(sha256),
  };
}
