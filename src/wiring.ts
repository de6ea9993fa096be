// The composition root's map from config to dependencies. Every module below main.ts takes plain
// options and functions; only this file reads Config for them (app.ts reads it for start-up:
// logger, database, feed list), so a setting's effect can be traced from here.
import type { App } from './app.js';
import type { ChartSpec } from './format/chart-spec.js';
import type { AnalyseDeps } from './digest/analyse.js';
import type { SummarizerDeps } from './digest/summaries.js';
import type { IngestDeps } from './feeds/ingest.js';
import { lookupCve, type CveRecordDeps, type CveRecordSource } from './feeds/cve-records.js';
import { cve5Source, nvdSource } from './feeds/cve-sources.js';
import type { EpssDeps } from './feeds/epss.js';
import type { KevDeps } from './feeds/kev.js';
import { createAddressGuard } from './feeds/ssrf.js';
import { createOutboundProxy, type OutboundProxy } from './net/proxy.js';
import { checkFeedUrl } from './feeds/validate.js';
import { cronIntervalMs, type HealthDeps } from './http/health.js';
import type { Metrics } from './metrics.js';
import type { PlanDeps } from './notify/digests.js';
import type { FeedHealthDeps } from './notify/feed-health.js';
import type { WeeklyDeps } from './notify/weekly.js';
import type { OutboxPruneDeps } from './store/outbox-retention.js';
import type { PruneDeps } from './store/retention.js';
import type { PacerOptions } from './telegram/pacer.js';
import { DEFAULT_CONCURRENCY, type BotTransport, type SenderDeps } from './telegram/sender.js';
import type { BotSettings, CveSourceName, HandlerEnv } from './telegram/types.js';

const HOUR_MS = 3_600_000;

/** FETCH_TIMEOUT_MS, FETCH_MAX_BYTES, FETCH_CONCURRENCY: the same limits for feeds, KEV and /addfeed. */
export function fetchLimits(app: Pick<App, 'config'>): IngestDeps['fetch'] {
  const { FETCH_TIMEOUT_MS, FETCH_MAX_BYTES, FETCH_CONCURRENCY } = app.config;
  return { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: FETCH_MAX_BYTES, concurrency: FETCH_CONCURRENCY };
}

/** FEEDS_PROXY for feeds, KEV, EPSS, CVE records and /addfeed checks; unset means direct. */
export function feedsProxy(app: Pick<App, 'config'>): OutboundProxy | undefined {
  return app.config.FEEDS_PROXY ? createOutboundProxy(app.config.FEEDS_PROXY) : undefined;
}

/** TELEGRAM_PROXY for every Bot API call: long polling, sends, uploads and file downloads. */
export function telegramProxy(app: Pick<App, 'config'>): OutboundProxy | undefined {
  return app.config.TELEGRAM_PROXY ? createOutboundProxy(app.config.TELEGRAM_PROXY, { keepAlive: true }) : undefined;
}

/** Limits and FEEDS_PROXY for one-off data fetches (KEV, EPSS, CVE records, `feed test`). */
export function dataFetch(app: Pick<App, 'config'>, limits: { timeoutMs: number; maxBytes: number }) {
  return { ...limits, proxy: feedsProxy(app) };
}

export function ingestDeps(app: App): IngestDeps {
  const via = feedsProxy(app);
  const proxy = via ? { via, directLanguages: app.config.FEEDS_DIRECT_LANGUAGES } : undefined;
  return {
    db: app.db,
    clock: app.clock,
    log: app.log,
    fetch: fetchLimits(app),
    untrustedGuard: createAddressGuard(),
    proxy,
    hintCapSeconds: app.config.FEED_HINT_MAX_MINUTES * 60,
  };
}

/** KEV_URL=off turns the catalogue off. */
export function kevDeps(app: App): KevDeps | null {
  if (app.config.KEV_URL === 'off') return null;
  return {
    db: app.db,
    clock: app.clock,
    log: app.log,
    url: app.config.KEV_URL,
    fetch: dataFetch(app, fetchLimits(app)),
  };
}

/**
 * EPSS_URL=off turns EPSS off. The compressed file is ~2 MB and ~12 MB as CSV; 32 MB caps a server
 * that sends it decompressed, or a file that grew tenfold, with a clear too_large error.
 */
export const EPSS_MAX_BYTES = 32_000_000;

export function epssDeps(app: App): EpssDeps | null {
  if (app.config.EPSS_URL === 'off') return null;
  const fetch = dataFetch(app, { timeoutMs: Math.max(app.config.FETCH_TIMEOUT_MS, 60_000), maxBytes: EPSS_MAX_BYTES });
  return { db: app.db, clock: app.clock, log: app.log, url: app.config.EPSS_URL, fetch };
}

/**
 * CVE records: CVE_RECORDS_URL (CVE JSON 5) and NVD_URL (NVD API 2.0, with NVD_API_KEY for the
 * higher budget); `off` turns each off, and with both off there are no records (KEV and EPSS still
 * show). A record is about 5–40 KB; 2 MB is far above any real one.
 */
export const CVE_RECORD_MAX_BYTES = 2_000_000;

export function cveRecordDeps(app: App): CveRecordDeps | null {
  const c = app.config;
  const sources: CveRecordSource[] = [];
  if (c.CVE_RECORDS_URL !== 'off') sources.push(cve5Source(c.CVE_RECORDS_URL));
  if (c.NVD_URL !== 'off') sources.push(nvdSource(c.NVD_URL, c.NVD_API_KEY));
  if (!sources.length) return null;
  const fetch = dataFetch(app, { timeoutMs: Math.min(c.FETCH_TIMEOUT_MS, 15_000), maxBytes: CVE_RECORD_MAX_BYTES });
  return { db: app.db, clock: app.clock, log: app.log, fetch, sources, refreshMs: c.CVE_REFRESH_DAYS * 24 * HOUR_MS };
}

export function analyseDeps(app: App): AnalyseDeps {
  return { db: app.db, clock: app.clock, log: app.log, windowMs: app.config.CLUSTER_WINDOW_HOURS * HOUR_MS };
}

/** Summaries come from the LLM when LLM_BASE_URL and LLM_MODEL are set, else extractive. */
export function summarizerDeps(app: App): SummarizerDeps {
  const c = app.config;
  const llm =
    c.LLM_BASE_URL && c.LLM_MODEL
      ? {
          baseUrl: c.LLM_BASE_URL,
          apiKey: c.LLM_API_KEY ?? '',
          model: c.LLM_MODEL,
          timeoutMs: c.LLM_TIMEOUT_MS,
          dailyTokens: c.LLM_DAILY_TOKENS,
        }
      : undefined;
  return { db: app.db, clock: app.clock, log: app.log, llm };
}

export function planDeps(app: App, metrics?: Metrics): PlanDeps {
  return { ...summarizerDeps(app), topN: app.config.DIGEST_TOP_N, onClaimed: metrics?.onDigestClaimed };
}

export function weeklyDeps(app: App): WeeklyDeps {
  // The renderer is loaded when the first report is due (see telegram/commands/trend.ts).
  const renderChart = async (spec: ChartSpec) => (await import('./chart/render.js')).renderChartPng(spec);
  return { db: app.db, clock: app.clock, log: app.log, renderChart };
}

export function feedHealthDeps(app: App): FeedHealthDeps {
  return { db: app.db, clock: app.clock, adminIds: app.config.ADMIN_IDS, alertHours: app.config.FEED_ALERT_HOURS };
}

export function outboxRetentionDeps(app: App): OutboxPruneDeps {
  return { db: app.db, clock: app.clock, keepDays: app.config.OUTBOX_KEEP_DAYS };
}

export function retentionDeps(app: App): PruneDeps {
  return { db: app.db, clock: app.clock, retentionDays: app.config.ARCHIVE_RETENTION_DAYS };
}

export function healthDeps(app: App, startedAt: number, bot: HealthDeps['bot']): HealthDeps {
  return {
    db: app.db,
    clock: app.clock,
    startedAt,
    fetchIntervalMs: cronIntervalMs(app.config.FETCH_CRON),
    bot,
    cveSources: cveSourcesOn(app),
  };
}

export function botSettings(app: App): BotSettings {
  const c = app.config;
  return {
    defaultTimezone: c.DEFAULT_TIMEZONE,
    defaultDigestTime: c.DEFAULT_DIGEST_TIME,
    adminIds: c.ADMIN_IDS,
    maxWatchesPerChat: c.MAX_WATCHES_PER_CHAT,
    paidBroadcastPerSecond: c.PAID_BROADCAST_PER_SECOND,
    digestTopN: c.DIGEST_TOP_N,
    cveSources: cveSourcesOn(app),
    chatFeeds: { allowed: c.ALLOW_CHAT_FEEDS === 'on', max: c.MAX_CHAT_FEEDS, total: c.MAX_CHAT_FEEDS_TOTAL },
  };
}

export function cveSourcesOn(app: Pick<App, 'config'>): CveSourceName[] {
  const c = app.config;
  const on: Array<[CveSourceName, string]> = [
    ['kev', c.KEV_URL],
    ['epss', c.EPSS_URL],
    ['cve5', c.CVE_RECORDS_URL],
    ['nvd', c.NVD_URL],
  ];
  return on.filter(([, url]) => url !== 'off').map(([name]) => name);
}

/** /addfeed: one test fetch through the SSRF guard, with the feed limits. */
export function feedValidator(app: App): HandlerEnv['validateFeedUrl'] {
  const guard = createAddressGuard();
  const { timeoutMs, maxBytes } = fetchLimits(app);
  const proxy = feedsProxy(app);
  return (url) => checkFeedUrl(url, { timeoutMs, maxBytes, guard, proxy }, app.log);
}

export type CommonHandlerDeps = Pick<
  HandlerEnv,
  'db' | 'clock' | 'log' | 'settings' | 'validateFeedUrl' | 'summarizer' | 'lookupCve'
>;

/** What the command handlers need in both front ends; Telegram or the console adds the rest. */
export function handlerDeps(app: App): CommonHandlerDeps {
  return {
    db: app.db,
    clock: app.clock,
    log: app.log,
    settings: botSettings(app),
    validateFeedUrl: feedValidator(app),
    summarizer: summarizerDeps(app),
    lookupCve: cveLookup(app),
  };
}

/** /cve and `secbrief cve`: fetch the records now within the budget; undefined when no record source is on. */
export function cveLookup(app: App): HandlerEnv['lookupCve'] {
  const deps = cveRecordDeps(app);
  return deps ? (cveId) => lookupCve(deps, cveId) : undefined;
}

/**
 * Telegram's limits: ~1 message/s per private chat, 20/min per group, SEND_RATE_PER_SECOND overall,
 * and PAID_BROADCAST_PER_SECOND for digests and alerts sent with allow_paid_broadcast (0 = off).
 */
export function telegramPacing(app: App): PacerOptions {
  const c = app.config;
  return {
    globalPerSecond: c.SEND_RATE_PER_SECOND,
    privateIntervalMs: 1_000,
    groupIntervalMs: 3_000,
    paidPerSecond: c.PAID_BROADCAST_PER_SECOND,
  };
}

/** Telegram answers in 50–300 ms: 0.4 s worth of the fastest rate in flight keeps up with it, 16 at least. */
export const SEND_LATENCY_ALLOWANCE_S = 0.4;

export function sendConcurrency(app: App): number {
  const c = app.config;
  const fastest = Math.max(c.SEND_RATE_PER_SECOND, c.PAID_BROADCAST_PER_SECOND);
  return c.SEND_CONCURRENCY ?? Math.max(DEFAULT_CONCURRENCY, Math.ceil(fastest * SEND_LATENCY_ALLOWANCE_S));
}

export function senderDeps(app: App, transport: BotTransport, pacing: PacerOptions, concurrency?: number): SenderDeps {
  return { db: app.db, transport, clock: app.clock, log: app.log, pacing, concurrency };
}
