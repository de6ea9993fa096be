// One feed refresh reads top to bottom: conditional GET, decode, parse, normalise, store,
// record. A cycle runs every due feed with a concurrency limit; one bad feed never stops the rest.
import type { Logger } from 'pino';
import type { Db } from '../store/db.js';
import { storeBatch } from '../store/articles.js';
import { disableGoneFeed, feedsToFetch, recordFetchFailure, recordFetchSuccess, type FeedRow } from '../store/feeds.js';
import { finishCycle, startCycle } from '../store/cycles.js';
import { nextFetchAfterFailure } from './backoff.js';
import { decodeFeedBytes } from './decode.js';
import { FeedError } from './errors.js';
import { fetchFeed, type FetchResult } from './fetch.js';
import { followPermanentRedirect } from './moves.js';
import { cacheHint, documentHint, minimumInterval } from './update-hints.js';
import { normalizeFeed } from './normalize.js';
import { parseFeedText } from './parse.js';
import type { OutboundProxy } from '../net/proxy.js';
import type { AddressGuard } from './ssrf.js';
import { mapWithConcurrency } from './pool.js';

export interface IngestDeps {
  db: Db;
  clock: () => number;
  log: Logger;
  fetch: { timeoutMs: number; maxBytes: number; concurrency: number };
  /** SSRF guard for feeds that are not trusted (admin-added); trusted feeds skip it. */
  untrustedGuard?: AddressGuard;
  /** FEEDS_PROXY, and the languages that go direct anyway (FEEDS_DIRECT_LANGUAGES). */
  proxy?: FeedsProxy;
  /** Longest interval a feed's hints may ask for (FEED_HINT_MAX_MINUTES); 0 ignores them. Default 6 h. */
  hintCapSeconds?: number;
}

export interface FeedsProxy {
  via: OutboundProxy;
  directLanguages: ReadonlySet<string>;
}

/** The outline's own choice first, then its language ("zh-CN" counts as zh), then the proxy. */
export function proxyFor(feed: Pick<FeedRow, 'proxy' | 'language'>, proxy?: FeedsProxy): OutboundProxy | undefined {
  if (!proxy || feed.proxy === 'off') return undefined;
  if (feed.proxy === 'on') return proxy.via;
  const language = feed.language?.toLowerCase().split(/[-_]/)[0];
  return language && proxy.directLanguages.has(language) ? undefined : proxy.via;
}

export type FeedStatus = 'new' | 'unchanged' | 'not_modified' | 'error';

export interface FeedOutcome {
  feedId: number;
  title: string;
  url: string;
  status: FeedStatus;
  inserted: number;
  updated: number;
  items: number;
  error?: string;
  ms: number;
}

export interface CycleReport {
  outcomes: FeedOutcome[];
  inserted: number;
  failed: number;
  ms: number;
}

export async function ingestFeed(deps: IngestDeps, feed: FeedRow): Promise<FeedOutcome> {
  const started = deps.clock();
  const base = { feedId: feed.id, title: feed.title, url: feed.url, inserted: 0, updated: 0, items: 0 };
  try {
    const res = await fetchFeed(feed.url, {
      ...deps.fetch,
      etag: feed.etag,
      lastModified: feed.last_modified,
      guard: feed.origin === 'admin' ? deps.untrustedGuard : undefined,
      proxy: proxyFor(feed, deps.proxy),
    });
    const now = deps.clock();
    const stored = res.kind === 'ok' ? await storeItems(deps, feed, res, now) : null;
    const docHint = stored ? documentHint(stored.hints) : storedDocHint(feed);
    const interval = minimumInterval([docHint, cacheHint(res.cacheControl)], deps.hintCapSeconds);
    recordFetchSuccess(deps.db, feed.id, {
      httpStatus: res.status,
      notModified: res.kind === 'not_modified',
      etag: res.kind === 'ok' ? res.etag : null,
      lastModified: res.kind === 'ok' ? res.lastModified : null,
      now,
      nextFetchAt: interval ? started + interval.seconds * 1000 - CYCLE_SLACK_MS : now,
      docHint: stored ? docHint : undefined,
      interval,
    });
    followPermanentRedirect(deps, feed, res.movedTo, now);
    if (!stored) return { ...base, status: 'not_modified', ms: now - started };
    const { inserted, updated, items } = stored;
    return {
      ...base,
      status: inserted > 0 ? 'new' : 'unchanged',
      inserted,
      updated,
      items,
      ms: deps.clock() - started,
    };
  } catch (err) {
    return recordFailure(deps, feed, err, started);
  }
}

/** Decode, parse, normalise and store one fetched body. */
async function storeItems(deps: IngestDeps, feed: FeedRow, res: Extract<FetchResult, { kind: 'ok' }>, now: number) {
  const decoded = decodeFeedBytes(res.body, res.contentType);
  const raw = await parseFeedText(decoded.text);
  const items = normalizeFeed(raw, { finalUrl: res.finalUrl, feedLanguage: feed.language, now });
  const stored = storeBatch(deps.db, feed.id, items, now);
  return { inserted: stored.inserted, updated: stored.updated, items: items.length, hints: raw.updateHints };
}

const storedDocHint = (feed: FeedRow) =>
  feed.doc_hint_s && feed.doc_hint ? { seconds: feed.doc_hint_s, source: feed.doc_hint } : null;

/**
 * A feed asking for an hour is due a little before the hour: cycles start on the cron's minute and
 * this fetch finished some seconds into one, so "exactly an hour later" would miss the cycle at
 * the hour and wait for the next.
 */
const CYCLE_SLACK_MS = 120_000;

function recordFailure(deps: IngestDeps, feed: FeedRow, err: unknown, started: number): FeedOutcome {
  const now = deps.clock();
  const fe =
    err instanceof FeedError ? err : new FeedError('internal', `unexpected: ${(err as Error)?.message ?? String(err)}`);
  if (!(err instanceof FeedError)) deps.log.error({ err, feed: feed.url }, 'unexpected error while ingesting a feed');
  const streak = feed.fail_streak + 1;
  try {
    recordFetchFailure(deps.db, feed.id, {
      reason: fe.reason,
      message: fe.summary.slice(0, 500),
      httpStatus: fe.httpStatus ?? null,
      now,
      nextFetchAt: nextFetchAfterFailure(now, streak, fe.retryAfterSec),
    });
  } catch (dbErr) {
    deps.log.error({ err: dbErr, feed: feed.url }, 'could not record a feed failure');
  }
  if (fe.httpStatus === 410) disableGone(deps, feed);
  deps.log.warn({ feed: feed.url, reason: fe.reason, failStreak: streak }, fe.message);
  return {
    feedId: feed.id,
    title: feed.title,
    url: feed.url,
    status: 'error',
    inserted: 0,
    updated: 0,
    items: 0,
    error: fe.summary,
    ms: now - started,
  };
}

/**
 * 410 means the publisher removed the feed on purpose (RFC 9110 §15.5.11), unlike a 404 that a
 * broken deploy can cause for a day: the feed is disabled at once, with the reason in /feedstatus.
 */
export const GONE_REASON = 'HTTP 410 Gone: the publisher removed this feed';

function disableGone(deps: IngestDeps, feed: FeedRow): void {
  try {
    disableGoneFeed(deps.db, feed.id, GONE_REASON);
    deps.log.warn({ feed: feed.url }, 'feed disabled: 410 Gone');
  } catch (dbErr) {
    deps.log.error({ err: dbErr, feed: feed.url }, 'could not disable a gone feed');
  }
}

/** Fetches every enabled feed (`force`) or only those whose backoff has expired. */
export async function runIngestCycle(deps: IngestDeps, opts: { force?: boolean } = {}): Promise<CycleReport> {
  const started = deps.clock();
  const feeds = feedsToFetch(deps.db, opts.force ? undefined : started);
  const cycleId = startCycle(deps.db, started, feeds.length);
  const outcomes = await mapWithConcurrency(feeds, deps.fetch.concurrency, (f) => ingestFeed(deps, f));
  const inserted = outcomes.reduce((n, o) => n + o.inserted, 0);
  const failed = outcomes.filter((o) => o.status === 'error').length;
  const finished = deps.clock();
  finishCycle(deps.db, cycleId, { finishedAt: finished, failed, inserted });
  deps.log.info({ feeds: feeds.length, failed, inserted, ms: finished - started }, 'ingest cycle finished');
  return { outcomes, inserted, failed, ms: finished - started };
}
