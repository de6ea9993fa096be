// SQL for feed health alerts: which feeds have an open "down" alert (feed_alerts rows).
import type { Db } from './db.js';

export interface OpenFeedAlert {
  feed_id: number;
  down_since: number;
  alerted_at: number;
  fail_streak: number;
}

export function openFeedAlerts(db: Db): OpenFeedAlert[] {
  return db
    .prepare('SELECT feed_id, down_since, alerted_at, fail_streak FROM feed_alerts ORDER BY feed_id')
    .all() as OpenFeedAlert[];
}

/** Records that a "down" alert went out; the row suppresses further ones until it is closed. */
export function openFeedAlert(db: Db, a: OpenFeedAlert): void {
  db.prepare(
    'INSERT OR IGNORE INTO feed_alerts (feed_id, down_since, alerted_at, fail_streak) VALUES (?, ?, ?, ?)',
  ).run(a.feed_id, a.down_since, a.alerted_at, a.fail_streak);
}

export function closeFeedAlert(db: Db, feedId: number): void {
  db.prepare('DELETE FROM feed_alerts WHERE feed_id = ?').run(feedId);
}
