// Feed health: one admin alert when a feed has been failing for longer than FEED_ALERT_HOURS,
// and one when it recovers. The open alert is remembered per feed (feed_alerts), so a feed
// failing for a week yields exactly one "down" and one "recovered" message, however many
// cycles run in between. Planning and rendering are pure; queueFeedHealthAlerts does the I/O,
// in one transaction with the outbox rows, so an alert is recorded iff it is queued.
import { errorDetail, formatDuration, formatUtc, isBlocked, reasonLabel } from '../format/feed-status.js';
import { html, type SafeHtml } from '../format/html.js';
import { packMessages } from '../format/split.js';
import type { Db } from '../store/db.js';
import { closeFeedAlert, openFeedAlert, openFeedAlerts, type OpenFeedAlert } from '../store/feed-alerts.js';
import { listFeeds, type FeedRow } from '../store/feeds.js';
import { queueMessages } from './queue.js';

const HOUR_MS = 3_600_000;

export interface HealthPlan {
  down: FeedRow[];
  recovered: Array<{ feed: FeedRow; alert: OpenFeedAlert }>;
  /** Open alerts closed without a message: the feed was disabled, so it will not recover. */
  dropped: number[];
}

/** Pure: which feeds cross the threshold now, which open alerts have recovered. */
export function planHealthAlerts(
  feeds: FeedRow[],
  open: OpenFeedAlert[],
  now: number,
  thresholdMs: number,
): HealthPlan {
  const openById = new Map(open.map((a) => [a.feed_id, a]));
  const plan: HealthPlan = { down: [], recovered: [], dropped: [] };
  for (const f of feeds) {
    const alert = openById.get(f.id);
    openById.delete(f.id);
    if (!alert) {
      const failingFor = f.failing_since === null ? 0 : now - f.failing_since;
      if (f.enabled && f.last_status === 'error' && failingFor > thresholdMs) plan.down.push(f);
    } else if (!f.enabled) {
      plan.dropped.push(f.id);
    } else if (f.last_status === 'ok' || f.last_status === 'not_modified') {
      plan.recovered.push({ feed: f, alert });
    }
  }
  plan.dropped.push(...openById.keys());
  return plan;
}

function downBlock(f: FeedRow, now: number): SafeHtml {
  const since = f.failing_since ?? now;
  const failing = `failing since ${formatUtc(since)} (${formatDuration(now - since)})`;
  return html`<b>${f.title}</b> — ${f.url}
${failing} · ${f.fail_streak} failures in a row
last error: ${isBlocked(f) ? '🛡 ' : ''}${reasonLabel(f.last_error_reason)} — ${errorDetail(f)}`;
}

function recoveredBlock(f: FeedRow, a: OpenFeedAlert, now: number): SafeHtml {
  const back = f.last_success_at ?? now;
  const outage = `${formatDuration(back - a.down_since)} of failures (since ${formatUtc(a.down_since)})`;
  return html`<b>${f.title}</b> — back at ${formatUtc(back)} after ${outage}`;
}

/** Pure: the messages for one run, down feeds first. */
export function renderHealthAlerts(plan: HealthPlan, now: number, thresholdHours: number): string[] {
  const blocks: SafeHtml[] = [];
  if (plan.down.length) {
    blocks.push(
      html`🔴 <b>Feed down</b> — failing for more than ${thresholdHours} h`,
      ...plan.down.map((f) => downBlock(f, now)),
    );
  }
  if (plan.recovered.length) {
    blocks.push(html`🟢 <b>Feed recovered</b>`, ...plan.recovered.map((r) => recoveredBlock(r.feed, r.alert, now)));
  }
  return blocks.length ? packMessages(blocks) : [];
}

export interface FeedHealthDeps {
  db: Db;
  clock: () => number;
  /** ADMIN_IDS: each gets the alerts in its private chat (chat id = user id). */
  adminIds: Iterable<number>;
  /** FEED_ALERT_HOURS. */
  alertHours: number;
}

/**
 * Run after each ingest cycle. Queues at most one message per admin per run (all feeds that went
 * down or recovered since the last run, split only past 4096 characters) and returns the number
 * of outbox rows queued. Without admins nothing is recorded, so configuring ADMIN_IDS later
 * still reports an outage in progress.
 */
export function queueFeedHealthAlerts(deps: FeedHealthDeps): number {
  const admins = [...new Set(deps.adminIds)];
  if (!admins.length) return 0;
  const { db } = deps;
  return db
    .transaction(() => {
      const now = deps.clock();
      const plan = planHealthAlerts(listFeeds(db), openFeedAlerts(db), now, deps.alertHours * HOUR_MS);
      for (const f of plan.down)
        openFeedAlert(db, {
          feed_id: f.id,
          down_since: f.failing_since ?? now,
          alerted_at: now,
          fail_streak: f.fail_streak,
        });
      for (const r of plan.recovered) closeFeedAlert(db, r.feed.id);
      for (const id of plan.dropped) closeFeedAlert(db, id);
      const messages = renderHealthAlerts(plan, now, deps.alertHours);
      // An admin's private chat has no settings row of its own: no thread, no quiet hours.
      return admins.reduce(
        (n, chatId) => n + queueMessages(db, { chatId, threadId: null }, messages, 'notice', now).length,
        0,
      );
    })
    .immediate();
}
