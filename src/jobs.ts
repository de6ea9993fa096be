// The scheduled jobs, each a plain async function over the app: what runs every FETCH_CRON tick,
// every minute and every day. main.ts only schedules them.
import { summarizerDeps, type App } from './app.js';
import { analysePending } from './digest/analyse.js';
import { queueInstantStories, queueStoryUpdates } from './digest/instant.js';
import { planDueDigests } from './digest/plan.js';
import { refreshKev } from './feeds/kev.js';
import { runIngestCycle, type CycleReport, type IngestDeps } from './feeds/ingest.js';
import { queueFeedHealthAlerts } from './feeds/health.js';
import { createAddressGuard } from './feeds/ssrf.js';
import type { Metrics } from './metrics.js';
import { pruneArchive } from './store/retention.js';
import { queueWatchAlerts } from './telegram/alerts.js';

export function ingestDeps(app: App): IngestDeps {
  const { FETCH_TIMEOUT_MS, FETCH_MAX_BYTES, FETCH_CONCURRENCY } = app.config;
  return {
    db: app.db, clock: app.clock, log: app.log,
    fetch: { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: FETCH_MAX_BYTES, concurrency: FETCH_CONCURRENCY },
    untrustedGuard: createAddressGuard(),
  };
}

const planDeps = (app: App, metrics?: Metrics) => ({ ...summarizerDeps(app), topN: app.config.DIGEST_TOP_N, onClaimed: metrics?.onDigestClaimed });

/** Fetch → analyse (topics, stories) → watch alerts, instant stories and their follow-ups. */
export async function ingestAndNotify(app: App, opts: { force?: boolean; metrics?: Metrics } = {}): Promise<{ report: CycleReport; queued: number }> {
  const deps = ingestDeps(app);
  const report = await runIngestCycle(deps, { force: opts.force });
  opts.metrics?.observeCycle(report);
  if (app.config.KEV_URL !== 'off') {
    await refreshKev({ db: app.db, clock: app.clock, log: app.log, url: app.config.KEV_URL, fetch: deps.fetch });
  }
  const analysis = analysePending({ db: app.db, clock: app.clock, log: app.log, windowMs: app.config.CLUSTER_WINDOW_HOURS * 3_600_000 });
  const alerts = queueWatchAlerts(app, analysis.analysedIds);
  const instant = await queueInstantStories(planDeps(app), analysis.newStoryIds);
  const updates = queueStoryUpdates(planDeps(app), analysis.analysedIds, analysis.newStoryIds);
  const health = queueFeedHealthAlerts({ db: app.db, clock: app.clock, adminIds: app.config.ADMIN_IDS, alertHours: app.config.FEED_ALERT_HOURS });
  return { report, queued: alerts + instant + updates + health };
}

/** Daily: archive retention (ARCHIVE_RETENTION_DAYS; 0 keeps everything). */
export async function maintain(app: App): Promise<void> {
  const r = await pruneArchive({ db: app.db, clock: app.clock, retentionDays: app.config.ARCHIVE_RETENTION_DAYS });
  if (r.deleted) app.log.info({ deleted: r.deleted, vacuumedPages: r.vacuumedPages }, 'old articles pruned');
}

/** Every minute: digests whose local time has come. Returns messages planned. */
export async function planDigests(app: App, metrics?: Metrics): Promise<number> {
  const r = await planDueDigests(planDeps(app, metrics));
  return r.planned;
}
