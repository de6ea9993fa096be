// SQL for the weekly report: the exactly-once claim, the week's CVE mentions, and the sources
// that went quiet.
import type { Db } from './db.js';
import { articleIdBase } from './articles.js';

export interface WeeklyRecord {
  chatId: number;
  periodKey: string;
  status: 'planned' | 'empty';
  windowStart: number;
  windowEnd: number;
  stories: number;
  messages: number;
}

/** Claims (chat, report day); false when already planned. Call inside the transaction that queues it. */
export function claimWeeklyReport(db: Db, r: WeeklyRecord, now: number): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO weekly_reports
           (chat_id, period_key, status, window_start, window_end, stories, messages, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.chatId, r.periodKey, r.status, r.windowStart, r.windowEnd, r.stories, r.messages, now).changes === 1
  );
}

export function isWeeklyPlanned(db: Db, chatId: number, periodKey: string): boolean {
  return (
    db.prepare('SELECT 1 FROM weekly_reports WHERE chat_id = ? AND period_key = ?').get(chatId, periodKey) !== undefined
  );
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
export function quietSources(db: Db, start: number, end: number, minBefore = 3): QuietSource[] {
  const before = articleIdBase(start - 28 * 86_400_000);
  return db
    .prepare(
      `SELECT f.id AS feedId, f.title, count(a.id) AS before, max(a.published_at) AS lastArticleAt,
              CASE WHEN f.last_status = 'error' THEN f.last_error END AS error
       FROM feeds f JOIN articles a ON a.feed_id = f.id AND a.id >= ? AND a.id < ?
       WHERE f.enabled = 1
         AND NOT EXISTS (SELECT 1 FROM articles b WHERE b.feed_id = f.id AND b.id >= ? AND b.id < ?)
       GROUP BY f.id HAVING count(a.id) >= ? ORDER BY count(a.id) DESC, f.title`,
    )
    .all(before, articleIdBase(start), articleIdBase(start), articleIdBase(end), minBefore) as QuietSource[];
}
