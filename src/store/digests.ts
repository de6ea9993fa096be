// SQL for digest planning and instant delivery bookkeeping.
import type { Db } from './db.js';

export interface DigestRecord {
  chatId: number;
  periodKey: string;
  /** 'empty_skipped' for a daily digest, 'empty' for a weekly report (their tables' CHECKs). */
  status: 'planned' | 'empty_skipped' | 'empty';
  windowStart: number;
  windowEnd: number;
  stories: number;
  messages: number;
}

/**
 * Claims (chat, period). Returns false when another tick, process or an earlier run already
 * planned it: the caller then writes nothing. Must run inside the caller's transaction so the
 * claim and the outbox rows commit together.
 */
export function claimDigest(db: Db, r: DigestRecord, now: number, table: PlanTable = 'digests'): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO ${table}
           (chat_id, period_key, status, window_start, window_end, stories, messages, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.chatId, r.periodKey, r.status, r.windowStart, r.windowEnd, r.stories, r.messages, now).changes === 1
  );
}

/** Daily digests and weekly reports are claimed alike, one row per (chat, period), in tables of their own. */
export type PlanTable = 'digests' | 'weekly_reports';

export function isDigestPlanned(db: Db, chatId: number, periodKey: string, table: PlanTable = 'digests'): boolean {
  return db.prepare(`SELECT 1 FROM ${table} WHERE chat_id = ? AND period_key = ?`).get(chatId, periodKey) !== undefined;
}

/** End of the chat's last digest window, so the next one starts where it stopped. */
export function lastDigestEnd(db: Db, chatId: number): number | null {
  return db.prepare('SELECT max(window_end) FROM digests WHERE chat_id = ?').pluck().get(chatId) as number | null;
}

/**
 * Stories not yet pushed to this chat in instant mode; records them as pushed, with the article
 * sent as their lead (what a later update is compared against).
 */
export function claimInstantStories(
  db: Db,
  chatId: number,
  stories: Array<{ storyId: number; leadArticleId: number }>,
): number[] {
  const insert = db.prepare('INSERT OR IGNORE INTO instant_sent (chat_id, story_id, lead_article_id) VALUES (?, ?, ?)');
  return stories.filter((s) => insert.run(chatId, s.storyId, s.leadArticleId).changes === 1).map((s) => s.storyId);
}
