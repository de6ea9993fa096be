// The scheduled jobs, each a plain async function over the app: what runs every FETCH_CRON tick,
// every minute and every day. main.ts only schedules them.
import type { App } from './app.js';
import { analysePending } from './digest/analyse.js';
import { runIngestCycle, type CycleReport } from './feeds/ingest.js';
import { refreshCveRecords } from './feeds/cve-records.js';
import { refreshEpss } from './feeds/epss.js';
import { refreshKev } from './feeds/kev.js';
import type { Metrics } from './metrics.js';
import { planDueDigests } from './notify/digests.js';
import { queueCveAlerts } from './notify/cve-alerts.js';
import { queueFeedHealthAlerts } from './notify/feed-health.js';
import { queueInstantStories, queueStoryUpdates } from './notify/instant.js';
import { queueWatchAlerts } from './notify/watch-alerts.js';
import { planWeeklyReports } from './notify/weekly.js';
import { articleCves } from './store/cve-alerts.js';
import { queueCveFetch } from './store/cve-records.js';
import { kevAddedSince } from './store/kev.js';
import { pruneOutbox } from './store/outbox-retention.js';
import { pruneArchive } from './store/retention.js';
import {
  analyseDeps,
  cveRecordDeps,
  epssDeps,
  feedHealthDeps,
  ingestDeps,
  kevDeps,
  planDeps,
  outboxRetentionDeps,
  retentionDeps,
  weeklyDeps,
} from './wiring.js';

/** Fetch → analyse (topics, stories) → watch alerts, instant stories and their follow-ups. */
export async function ingestAndNotify(
  app: App,
  opts: { force?: boolean; metrics?: Metrics } = {},
): Promise<{ report: CycleReport; queued: number }> {
  const since = app.clock();
  const report = await runIngestCycle(ingestDeps(app), { force: opts.force });
  opts.metrics?.observeCycle(report);
  const kev = kevDeps(app);
  if (kev) await refreshKev(kev);
  const epss = epssDeps(app);
  if (epss) await refreshEpss(epss);
  const analysis = analysePending(analyseDeps(app));
  await refreshCveData(app, analysis.analysedIds, since);
  const alerts =
    queueWatchAlerts(app, analysis.analysedIds) + queueCveAlerts(app, { articleIds: analysis.analysedIds, since });
  const instant = await queueInstantStories(planDeps(app), analysis.newStoryIds);
  const updates = queueStoryUpdates(planDeps(app), analysis.analysedIds, analysis.newStoryIds);
  const health = queueFeedHealthAlerts(feedHealthDeps(app));
  return { report, queued: alerts + instant + updates + health };
}

/**
 * CVE records for the CVEs of this cycle's articles and KEV additions: queued, then fetched within
 * each source's budget (the rest waits for the next cycle).
 */
async function refreshCveData(app: App, articleIds: number[], since: number): Promise<void> {
  const deps = cveRecordDeps(app);
  if (!deps) return;
  const seen = articleCves(app.db, articleIds).flatMap((a) => a.cves);
  queueCveFetch(app.db, [...seen, ...kevAddedSince(app.db, since).map((e) => e.cveId)], app.clock());
  await refreshCveRecords(deps);
}

/** Daily: archive retention (ARCHIVE_RETENTION_DAYS) and outbox retention (OUTBOX_KEEP_DAYS); 0 keeps everything. */
export async function maintain(app: App): Promise<void> {
  const r = await pruneArchive(retentionDeps(app));
  if (r.deleted) app.log.info({ deleted: r.deleted, vacuumedPages: r.vacuumedPages }, 'old articles pruned');
  const o = await pruneOutbox(outboxRetentionDeps(app));
  if (o.deleted || o.photos) app.log.info(o, 'old outbox rows and photos pruned');
}

/** Every minute: digests and weekly reports whose local time has come. Returns how many were planned. */
export async function planDigests(app: App, metrics?: Metrics): Promise<number> {
  const r = await planDueDigests(planDeps(app, metrics));
  return r.planned + (await planWeeklyReports(weeklyDeps(app)));
}
