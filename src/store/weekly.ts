// SQL for the weekly report: who gets one, and the sources that went quiet. Its exactly-once claim
// is the daily digest's (store/digests.ts, table weekly_reports).
import type { Db } from './db.js';
import { articleIdBase } from './articles.js';
import { CHAT_SELECT, type ChatRow } from './chats.js';

/** Subscribed, reachable chats that asked for a weekly report: read every minute, so only those. */
export function weeklyChats(db: Db): ChatRow[] {
  return db
    .prepare(`${CHAT_SELECT} WHERE subscribed = 1 AND active = 1 AND weekly_day IS NOT NULL ORDER BY id`)
    .all() as ChatRow[];
}

export interface QuietSource {
  feedId: number;
  title: string;
  /** Articles in the four weeks before the week. */
  before: number;
  lastArticleAt: number | null;
  /** The feed's last fetch error, when its last fetch failed. */
  error: string | null;
}

/**
 * Enabled feeds that published at least `minBefore` articles in the four weeks before [start, end)
 * and none in it: a source that went quiet, whether it is failing or just stopped posting.
 */
// Shared feeds only: the report goes to every chat, and a chat's own feed is not theirs to see (migration 016).
export function quietSources(db: Db, start: number, end: number, minBefore = 3): QuietSource[] {
  const before = articleIdBase(start - 28 * 86_400_000);
  return db
    .prepare(
      `SELECT f.id AS feedId, f.title, count(a.id) AS before, max(a.published_at) AS lastArticleAt,
              CASE WHEN f.last_status = 'error' THEN f.last_error END AS error
       FROM feeds f JOIN articles a ON a.feed_id = f.id AND a.id >= ? AND a.id < ?
       WHERE f.enabled = 1 AND f.chat_only = 0
         AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.feed_id = f.id AND b.id >= ? AND b.id < ?)
       GROUP BY f.id HAVING count(a.id) >= ? ORDER BY count(a.id) DESC, f.title`,
    )
    .all(before, articleIdBase(start), articleIdBase(start), articleIdBase(end), minBefore) as QuietSource[];
}
