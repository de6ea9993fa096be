// Opening the database and applying migrations. The only module that knows file paths of SQL.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

/** Raised when the file cannot be opened or used; entry points print it and exit 3. */
export class DatabaseOpenError extends Error {
  constructor(path: string, cause: unknown) {
    super(`cannot open database ${path}: ${explain(cause)}`);
    this.name = 'DatabaseOpenError';
  }
}

/** Node's mkdir errors name the syscall, not the problem; say what the operator must fix. */
function explain(cause: unknown): string {
  const code = (cause as NodeJS.ErrnoException)?.code;
  if (code === 'EEXIST' || code === 'ENOTDIR') return 'a file is in the way of its folder (check DATABASE_PATH)';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied creating its folder';
  return cause instanceof Error ? cause.message : String(cause);
}

export function openDatabase(path: string): Db {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    // Only takes effect on a new file (before the first table): freed pages can then be given
    // back with incremental_vacuum after retention prunes (store/retention.ts). No-op otherwise.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // Waits for another connection's write lock. Only a transaction that asks for the lock first waits: every
    // write transaction here runs `.immediate()`. A deferred one that read first fails at once with
    // SQLITE_BUSY_SNAPSHOT when the other side committed meanwhile (test/store/write-lock.test.ts).
    db.pragma('busy_timeout = 5000');
    // WAL + NORMAL: a power cut may lose the last transaction, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // fails fast on a corrupt file
    return db;
  } catch (err) {
    throw new DatabaseOpenError(path, err);
  }
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.replace(/\.sql$/, ''),
      sql: readFileSync(join(dir, f), 'utf8'),
    }));
}

/** Applies pending migrations in order, each in its own transaction. Returns the names applied. */
export function migrate(db: Db, now: number, dir = MIGRATIONS_DIR): string[] {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations
       (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`,
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: string[] = [];
  for (const m of readMigrations(dir)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, now);
    }).immediate();
    done.push(m.name);
  }
  return done;
}

/** Throws when the database cannot answer (closed, locked past busy_timeout, corrupt). */
export function pingDatabase(db: Db): void {
  db.prepare('SELECT 1').get();
}

/** Folds the WAL back into the main file, so its size on disk is the real size. */
export function checkpoint(db: Db): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
}
