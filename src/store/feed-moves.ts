// SQL for feeds that moved permanently (migration 014; the rules are in feeds/moves.ts).
import type { Db } from './db.js';

/** Consecutive successful fetches sent to the same new URL before a feed moves; here so /feedstatus can say it. */
export const MOVE_AFTER_FETCHES = 3;

export interface FeedMoveColumns {
  url: string;
  redirect_target: string | null;
  redirect_streak: number;
  moved_from: string | null;
  moved_at: number | null;
  listed_url: string | null;
}

export function recordRedirectStreak(db: Db, feedId: number, target: string | null, streak: number): void {
  db.prepare('UPDATE feeds SET redirect_target = ?, redirect_streak = ? WHERE id = ?').run(target, streak, feedId);
}

/** Why a feed whose new URL is already another feed stops: two rows would fetch the same feed. */
export const movedOntoKnownFeed = (target: string) =>
  `moved permanently to ${target}, which is already in the feed list`;

/**
 * The feed takes its new URL, keeping the old one as `moved_from` and, the first time, as
 * `listed_url`. When the new URL is already a feed, this one is disabled with the reason instead.
 * Returns 'moved' or 'merged'.
 */
export function moveFeed(db: Db, feedId: number, target: string, now: number): 'moved' | 'merged' {
  return db
    .transaction(() => {
      const other = db.prepare('SELECT id FROM feeds WHERE url = ? AND id != ?').pluck().get(target, feedId);
      if (other !== undefined) {
        db.prepare(
          'UPDATE feeds SET enabled = 0, disabled_reason = ?, redirect_target = NULL, redirect_streak = 0 WHERE id = ?',
        ).run(movedOntoKnownFeed(target), feedId);
        return 'merged' as const;
      }
      db.prepare(
        `UPDATE feeds SET listed_url = coalesce(listed_url, url), moved_from = url, moved_at = ?, url = ?,
           redirect_target = NULL, redirect_streak = 0 WHERE id = ?`,
      ).run(now, target, feedId);
      return 'moved' as const;
    })
    .immediate();
}
