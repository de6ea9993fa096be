// CISA's Known Exploited Vulnerabilities catalogue, fetched through the same safe fetcher as
// feeds (limits, timeout, conditional GET) and cached in SQLite. A failed refresh keeps the
// previous catalogue. https://www.cisa.gov/known-exploited-vulnerabilities-catalog
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { kevState, recordKevCheck, replaceKev, type KevEntry } from '../store/kev.js';
import { FeedError } from './errors.js';
import { fetchFeed, type FetchOptions } from './fetch.js';

const REFRESH_MS = 12 * 3_600_000;

export function parseKev(json: string): KevEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw new FeedError('not_feed', 'KEV catalogue is not JSON');
  }
  const list = (doc as { vulnerabilities?: unknown })?.vulnerabilities;
  if (!Array.isArray(list)) throw new FeedError('not_feed', 'KEV catalogue has no "vulnerabilities" list');
  const out: KevEntry[] = [];
  for (const v of list as Array<Record<string, unknown>>) {
    if (!v || typeof v !== 'object') continue;
    const id = typeof v?.cveID === 'string' ? v.cveID.trim().toUpperCase() : '';
    if (!/^CVE-\d{4}-\d{4,7}$/.test(id)) continue;
    const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : '');
    out.push({
      cveId: id,
      vendor: s('vendorProject'),
      product: s('product'),
      name: s('vulnerabilityName'),
      dateAdded: s('dateAdded'),
      dueDate: s('dueDate'),
      requiredAction: s('requiredAction'),
      ransomware: /known/i.test(s('knownRansomwareCampaignUse')) && !/unknown/i.test(s('knownRansomwareCampaignUse')),
    });
  }
  // A renamed field (cveID → cveId) would otherwise parse as an empty catalogue and wipe the cache.
  if (list.length && out.length < list.length / 2) {
    throw new FeedError('not_feed', `KEV catalogue: only ${out.length} of ${list.length} entries have a cveID`);
  }
  return out;
}

/**
 * CISA adds entries and almost never removes one; a catalogue less than half the size of the cached
 * one is a truncated or wrong file, not a real change, and is refused.
 */
function checkShrink(entries: KevEntry[], cached: number | undefined): void {
  if (cached && entries.length < cached / 2) {
    throw new FeedError('not_feed', `KEV catalogue has ${entries.length} entries, the cached one ${cached}: refused`);
  }
}

/** A data source refreshed on its own schedule (KEV, EPSS): one URL through the safe fetcher. */
export interface SourceDeps {
  db: Db;
  clock: () => number;
  log: Logger;
  url: string;
  /** Limits, and FEEDS_PROXY when set. */
  fetch: Pick<FetchOptions, 'timeoutMs' | 'maxBytes' | 'proxy'>;
}

export type KevDeps = SourceDeps;

/**
 * Refreshes when the cache is older than 12 h (or `force`). Returns the catalogue size, or null if
 * unchanged or failed.
 */
export async function refreshKev(deps: KevDeps, force = false): Promise<number | null> {
  const state = kevState(deps.db);
  const now = deps.clock();
  if (!force && state?.fetched_at && now - state.fetched_at < REFRESH_MS) return null;
  try {
    const res = await fetchFeed(deps.url, { ...deps.fetch, etag: state?.etag, lastModified: state?.last_modified });
    if (res.kind === 'not_modified') {
      recordKevCheck(deps.db, now, null);
      return null;
    }
    const entries = parseKev(res.body.toString('utf8'));
    checkShrink(entries, state?.entries);
    replaceKev(deps.db, entries, { etag: res.etag, lastModified: res.lastModified, now });
    deps.log.info({ entries: entries.length }, 'KEV catalogue refreshed');
    return entries.length;
  } catch (err) {
    const message = err instanceof FeedError ? err.summary : `unexpected: ${(err as Error).message}`;
    recordKevCheck(deps.db, now, message);
    deps.log.warn({ error: message }, 'KEV refresh failed; keeping the cached catalogue');
    return null;
  }
}
