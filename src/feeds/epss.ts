// FIRST EPSS: the daily CSV of exploitation probabilities (~300,000 rows, gzip). Fetched through
// the same safe fetcher as feeds (guard, timeout, byte cap on the ~2 MB compressed body), then
// decompressed and parsed as a stream, row by row into a staging table: the ~12 MB of CSV is never
// held whole. A failed refresh keeps the previous scores. https://www.first.org/epss/data_stats
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Db } from '../store/db.js';
import {
  abandonEpssImport,
  beginEpssImport,
  cveSourceState,
  finishEpssImport,
  recordCveSourceCheck,
  stageEpssRows,
  type EpssRow,
} from '../store/epss.js';
import { FeedError } from './errors.js';
import { fetchFeed } from './fetch.js';
import type { SourceDeps } from './kev.js';

const REFRESH_MS = 12 * 3_600_000;
const BATCH = 5_000;
/** More unreadable rows than this share means the format changed, not a few odd lines. */
const MAX_BAD_SHARE = 0.01;
const CVE_ID = /^CVE-\d{4}-\d{4,7}$/;

export type EpssDeps = SourceDeps;

export interface EpssHeader {
  modelVersion: string | null;
  scoreDate: string | null;
}

/** `#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z` → its two fields. */
export function parseEpssComment(line: string): EpssHeader {
  const field = (name: string) => new RegExp(`${name}:([^,\\s]+)`).exec(line)?.[1] ?? null;
  return { modelVersion: field('model_version'), scoreDate: field('score_date')?.slice(0, 10) ?? null };
}

/** One data row, or null when it is not `CVE-…,<0..1>,<0..1>`. */
export function parseEpssRow(line: string): EpssRow | null {
  const [cve, epss, percentile] = line.split(',');
  if (!epss?.trim() || !percentile?.trim()) return null;
  const e = Number(epss);
  const p = Number(percentile);
  if (!cve || !CVE_ID.test(cve) || !(e >= 0 && e <= 1) || !(p >= 0 && p <= 1)) return null;
  return { cveId: cve, epss: e, percentile: p };
}

/** The decompressed lines of a body: gzip when it starts with gzip's magic bytes, else plain text. */
function lines(body: Buffer): AsyncIterable<string> {
  const gzip = body[0] === 0x1f && body[1] === 0x8b;
  const source = Readable.from([body]);
  return createInterface({ input: gzip ? source.pipe(createGunzip()) : source, crlfDelay: Infinity });
}

/** Streams the CSV into the staging table; returns the header and the rows staged. */
export async function stageEpss(db: Db, input: AsyncIterable<string>): Promise<{ header: EpssHeader; rows: number }> {
  let header: EpssHeader = { modelVersion: null, scoreDate: null };
  let sawColumns = false;
  let batch: EpssRow[] = [];
  let rows = 0;
  let bad = 0;
  for await (const raw of input) {
    const line = raw.trim();
    if (!line) continue;
    if (!sawColumns && line.startsWith('#')) header = parseEpssComment(line);
    else if (!sawColumns) {
      if (line.toLowerCase() !== 'cve,epss,percentile') {
        throw new FeedError('not_feed', `EPSS file starts "${line.slice(0, 60)}", not the columns cve,epss,percentile`);
      }
      sawColumns = true;
    } else {
      const row = parseEpssRow(line);
      if (!row) bad++;
      else batch.push(row);
      if (batch.length >= BATCH) {
        stageEpssRows(db, batch);
        rows += batch.length;
        batch = [];
      }
    }
  }
  stageEpssRows(db, batch);
  rows += batch.length;
  if (!sawColumns) throw new FeedError('not_feed', 'EPSS file has no cve,epss,percentile header');
  if (rows === 0 || bad > (rows + bad) * MAX_BAD_SHARE) {
    throw new FeedError('not_feed', `EPSS file has ${bad} unreadable rows of ${rows + bad}`);
  }
  return { header, rows };
}

/**
 * Refreshes when the cached scores are older than 12 h (or `force`). Returns the rows imported, or
 * null when unchanged or failed (the reason is in cve_sources and the log).
 */
export async function refreshEpss(deps: EpssDeps, force = false): Promise<number | null> {
  const state = cveSourceState(deps.db, 'epss');
  const now = deps.clock();
  if (!force && state?.fetched_at && now - state.fetched_at < REFRESH_MS) return null;
  try {
    const res = await fetchFeed(deps.url, { ...deps.fetch, etag: state?.etag, lastModified: state?.last_modified });
    if (res.kind === 'not_modified') {
      recordCveSourceCheck(deps.db, 'epss', now, null);
      return null;
    }
    beginEpssImport(deps.db);
    const { header, rows } = await stageEpss(deps.db, lines(res.body)).catch((err: unknown) => {
      throw err instanceof FeedError
        ? err
        : new FeedError('not_feed', `EPSS file is truncated or not gzip/CSV (${(err as Error).message})`);
    });
    finishEpssImport(deps.db, rows, { ...header, etag: res.etag, lastModified: res.lastModified, now });
    deps.log.info({ rows, scoreDate: header.scoreDate }, 'EPSS scores refreshed');
    return rows;
  } catch (err) {
    abandonEpssImport(deps.db);
    const message = err instanceof FeedError ? err.summary : `unexpected: ${(err as Error).message}`;
    recordCveSourceCheck(deps.db, 'epss', now, message);
    deps.log.warn({ error: message }, 'EPSS refresh failed; keeping the previous scores');
    return null;
  }
}
