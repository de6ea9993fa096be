// SQL for the photos the outbox sends (migration 017): the bytes once by SHA-256, and the file_id
// Telegram gave the first upload.
import { createHash } from 'node:crypto';
import { INLINE_PHOTO_KEY } from '../format/payload.js';
import type { Db } from './db.js';

/** Keeps the PNG (once, however many messages send it); returns its SHA-256, which payloads carry. */
export function storePhoto(db: Db, png: Buffer, now: number): string {
  const sha256 = createHash('sha256').update(png).digest('hex');
  db.prepare(
    `INSERT INTO photos (sha256, png, created_at) VALUES (?, ?, ?)
     ON CONFLICT (sha256) DO UPDATE SET created_at = excluded.created_at`,
  ).run(sha256, png, now);
  return sha256;
}

export function photoBytes(db: Db, sha256: string): Buffer | undefined {
  return db.prepare('SELECT png FROM photos WHERE sha256 = ?').pluck().get(sha256) as Buffer | undefined;
}

/** What telegram/uploads.ts reads and writes: the bytes to upload, and the file_id once uploaded. */
export interface PhotoStore {
  bytes(sha256: string): Buffer | undefined;
  fileId(sha256: string): string | undefined;
  remember(sha256: string, fileId: string): void;
  forget(sha256: string): void;
}

export function photoStore(db: Db, clock: () => number): PhotoStore {
  const fileId = db.prepare('SELECT file_id FROM photos WHERE sha256 = ? AND file_id IS NOT NULL').pluck();
  const setFileId = db.prepare('UPDATE photos SET file_id = ?, uploaded_at = ? WHERE sha256 = ?');
  return {
    bytes: (sha256) => photoBytes(db, sha256),
    fileId: (sha256) => fileId.get(sha256) as string | undefined,
    remember: (sha256, id) => void setFileId.run(id, clock(), sha256),
    forget: (sha256) => void setFileId.run(null, null, sha256),
  };
}

/** Photos queued last before `before` that no pending message sends; returns how many went. */
export function deleteUnusedPhotos(db: Db, before: number): number {
  return db
    .prepare(
      `DELETE FROM photos WHERE created_at < @before AND sha256 NOT IN (
         SELECT json_extract(payload, @path) FROM outbox
         WHERE status = 'pending' AND method = 'sendPhoto' AND json_extract(payload, @path) IS NOT NULL)`,
    )
    .run({ before, path: `$.${INLINE_PHOTO_KEY}.sha256` }).changes;
}
