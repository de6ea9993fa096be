// What /healthz answers. Healthy means: the database answers, a fetch cycle that fetched at
// least one feed successfully finished within 3 fetch intervals (counted from process start
// until the first one), and Telegram updates have not stopped. Read-only; cheap enough to poll.
import cron from 'node-cron';
import { pingDatabase, type Db } from '../store/db.js';
import { lastFinishedCycle, lastSuccessfulCycleAt } from '../store/cycles.js';
import { pendingCount } from '../store/outbox.js';
import { cveSourceStatuses } from '../store/cve-records.js';
import type { CveSourceStatus } from '../news/cve-record.js';
import { redactToken } from '../log.js';

export const STALE_INTERVALS = 3;

export interface HealthDeps {
  db: Db;
  clock: () => number;
  /** Process start: before the first successful cycle, the allowance counts from here. */
  startedAt: number;
  fetchIntervalMs: number;
  /**
   * Bot state ('polling', 'webhook', 'console', 'starting', 'unreachable', 'down' …), the sender's fatal
   * error, and why the Bot API is not answering (a dead proxy, the network) while that lasts.
   */
  bot: () => { state: string; fatal: string | null; problem?: string | null };
  /** The CVE data sources that are on; each is reported, none decides `ok` (the news still flows without them). */
  cveSources?: ReadonlyArray<CveSourceStatus['source']>;
}

export interface CveSourceHealth {
  source: string;
  ok: boolean;
  entries: number;
  checked_age_s: number | null;
  error: string | null;
  retry_in_s: number | null;
}

export interface HealthReport {
  ok: boolean;
  db: string;
  /** Age of the last cycle with at least one successful fetch; null when none is recorded. */
  last_cycle_age_s: number | null;
  /** The last finished cycle, successful or not. */
  last_cycle: { age_s: number; feeds: number; failed: number } | null;
  fetch_interval_s: number;
  bot: string;
  outbox_pending: number | null;
  uptime_s: number;
  cve_sources: CveSourceHealth[];
  problems: string[];
}

/**
 * The largest gap between consecutive runs of a cron expression, over its next 100 runs: for
 * "0 9 * * 1-5" that is the weekend (3 days), not a day, so weekends never look like an outage.
 */
export function cronIntervalMs(expression: string): number {
  const task = cron.createTask(expression, () => undefined);
  try {
    const runs = task.getNextRuns(100).map((d) => d.getTime());
    let max = 0;
    for (let i = 1; i < runs.length; i++) max = Math.max(max, runs[i]! - runs[i - 1]!);
    return max;
  } finally {
    void task.destroy();
  }
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

interface DbFacts {
  db: string;
  lastSuccessAt?: number;
  last?: { finished_at: number; feeds: number; failed: number };
  pending: number | null;
}

function readDb(db: Db): DbFacts {
  try {
    pingDatabase(db);
    return {
      db: 'ok',
      lastSuccessAt: lastSuccessfulCycleAt(db),
      last: lastFinishedCycle(db),
      pending: pendingCount(db),
    };
  } catch (err) {
    return { db: (err as Error)?.message ?? String(err), pending: null };
  }
}

function cveHealth(deps: HealthDeps, now: number): CveSourceHealth[] {
  return cveSourceStatuses(deps.db, deps.cveSources ?? []).map((s) => ({
    source: s.source,
    ok: s.checkedAt !== null && !s.lastError,
    entries: s.entries,
    checked_age_s: s.checkedAt === null ? null : seconds(now - s.checkedAt),
    error: s.lastError,
    retry_in_s: s.retryAt !== null && s.retryAt > now ? seconds(s.retryAt - now) : null,
  }));
}

export function checkHealth(deps: HealthDeps): HealthReport {
  const now = deps.clock();
  const facts = readDb(deps.db);
  const bot = deps.bot();
  const problems: string[] = [];
  if (facts.db !== 'ok') problems.push(`database: ${facts.db}`);
  const limitMs = STALE_INTERVALS * deps.fetchIntervalMs;
  // A restart after a long stop must not start out unhealthy: the allowance begins at start-up.
  const since = Math.max(facts.lastSuccessAt ?? 0, deps.startedAt);
  if (facts.db === 'ok' && now - since > limitMs) {
    problems.push(`no successful fetch cycle for ${seconds(now - since)} s (allowed: ${seconds(limitMs)} s)`);
  }
  if (bot.state === 'down') problems.push('Telegram updates stopped');
  if (bot.fatal) problems.push(redactToken(bot.fatal));
  if (bot.problem) problems.push(`Telegram Bot API unreachable: ${redactToken(bot.problem)}`);
  return {
    ok: problems.length === 0,
    db: facts.db,
    last_cycle_age_s: facts.lastSuccessAt === undefined ? null : seconds(now - facts.lastSuccessAt),
    last_cycle: facts.last
      ? { age_s: seconds(now - facts.last.finished_at), feeds: facts.last.feeds, failed: facts.last.failed }
      : null,
    fetch_interval_s: seconds(deps.fetchIntervalMs),
    bot: bot.state,
    outbox_pending: facts.pending,
    uptime_s: seconds(now - deps.startedAt),
    cve_sources: facts.db === 'ok' ? cveHealth(deps, now) : [],
    problems,
  };
}
