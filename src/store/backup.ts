// Online backup through SQLite's backup API (better-sqlite3 db.backup), safe while the daemon
// runs: the copy is a consistent snapshot, and WAL mode lets the daemon keep writing meanwhile.
import Database from 'better-sqlite3';
import type { Db } from './db.js';

/**
 * Copies the whole database in one backup step, i.e. inside one read transaction. The default
 * of 100 pages per step would let another process's write in between, and SQLite restarts a
 * backup whose source changed: a daemon writing every second could keep it from finishing.
 */
export async function backupDatabase(db: Db, destination: string): Promise<{ pages: number }> {
  const meta = await db.backup(destination, { progress: () => 0x7fffffff });
  return { pages: meta.totalPages };
}

export interface BackupCheck {
  integrity: string;
  articles: number;
  feeds: number;
  chats: number;
}

/**
 * Opens a finished copy, checks it and turns it into a single self-contained file (rollback
 * journal instead of WAL: no -wal/-shm beside it, readable from read-only media). The daemon
 * switches a restored copy back to WAL when it opens it.
 */
export function checkBackup(path: string): BackupCheck {
  const copy = new Database(path);
  try {
    copy.pragma('journal_mode = DELETE');
    const integrity = (copy.pragma('quick_check', { simple: true }) as string) ?? 'no answer';
    const count = (table: string) => copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { integrity, articles: count('articles'), feeds: count('feeds'), chats: count('chats') };
  } finally {
    copy.close();
  }
}
