// `secbrief backup`, `prune` and `vacuum`: operating on the database file.
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { App } from '../app.js';
import { backupDatabase, checkBackup } from '../store/backup.js';
import { checkpoint } from '../store/db.js';
import { convertToIncrementalVacuum, pruneArchive } from '../store/retention.js';
import { CommandError, iso, out, UsageError } from './output.js';

/** Into a temporary file beside the target, checked, then renamed: a failed run leaves no half copy. */
export async function backup(app: App, target: string | undefined, force: boolean): Promise<number> {
  if (!target) throw new UsageError('backup needs a destination path');
  const dest = resolve(target);
  if (dest === resolve(app.config.DATABASE_PATH)) throw new UsageError('the destination is the database itself');
  if (existsSync(dest) && !force) throw new CommandError(`${target} exists; pass --force to replace it`);
  const partial = `${dest}.partial-${process.pid}`;
  try {
    await backupDatabase(app.db, partial).catch((err: Error) => {
      throw new CommandError(`cannot write ${target}: ${err.message}`);
    });
    const check = checkBackup(partial);
    if (check.integrity !== 'ok') throw new CommandError(`the copy failed its integrity check: ${check.integrity}`);
    renameSync(partial, dest);
    const contents = `${check.articles} articles, ${check.feeds} feeds, ${check.chats} chats`;
    out(`backup written to ${target}: ${statSync(dest).size} bytes, integrity ok, ${contents}`);
    return 0;
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(f, { force: true });
  }
}

export async function prune(app: App, days: string | undefined): Promise<number> {
  const retentionDays = days === undefined ? app.config.ARCHIVE_RETENTION_DAYS : Number(days);
  if (!Number.isInteger(retentionDays) || retentionDays < 0)
    throw new UsageError('--days takes a whole number of days');
  if (retentionDays === 0) {
    out('retention is off (ARCHIVE_RETENTION_DAYS=0): nothing pruned');
    return 0;
  }
  const r = await pruneArchive({ db: app.db, clock: app.clock, retentionDays });
  const batches = `(${r.batches} batches); ${r.vacuumedPages} free pages returned`;
  out(`pruned ${r.deleted} articles published before ${iso(r.cutoff!)} ${batches}`);
  return 0;
}

export async function vacuum(app: App): Promise<number> {
  const before = statSync(app.config.DATABASE_PATH).size;
  const r = await convertToIncrementalVacuum(app.db);
  checkpoint(app.db);
  const after = statSync(app.config.DATABASE_PATH).size;
  const what = r.converted ? 'converted to auto_vacuum=incremental' : 'already incremental; free pages returned';
  out(`${what}: ${before} → ${after} bytes`);
  return 0;
}
