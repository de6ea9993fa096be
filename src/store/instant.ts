// SQL for instant-mode follow-ups: which stories of an analysis pass were older ones that new
// articles joined, who was sent them, and the updates sent (claimed exactly once, capped).
import type { Db } from './db.js';

const ids = (list: number[]) => JSON.stringify(list);

/** Stories that articles of this pass joined, other than stories this pass created. */
export function joinedStoryIds(db: Db, analysedIds: number[], newStoryIds: number[]): number[] {
  return db
    .prepare(
      `SELECT DISTINCT story_id FROM articles WHERE id IN (SELECT value FROM json_each(?))
       AND story_id IS NOT NULL AND story_id NOT IN (SELECT value FROM json_each(?)) ORDER BY story_id`,
    )
    .pluck()
    .all(ids(analysedIds), ids(newStoryIds)) as number[];
}

export interface InstantRecipient {
  chatId: number;
  storyId: number;
  /** Null for stories sent before migration 006 recorded it. */
  leadArticleId: number | null;
}

/** Rows of `table` for these stories, with the given columns and order. */
function rowsForStories<T>(db: Db, table: string, columns: string, orderBy: string, storyIds: number[]): T[] {
  return db
    .prepare(`SELECT ${columns} FROM ${table} WHERE story_id IN (SELECT value FROM json_each(?)) ORDER BY ${orderBy}`)
    .all(ids(storyIds)) as T[];
}

/** Chats that were sent these stories in instant mode. */
export function instantRecipients(db: Db, storyIds: number[]): InstantRecipient[] {
  const columns = 'chat_id AS chatId, story_id AS storyId, lead_article_id AS leadArticleId';
  return rowsForStories(db, 'instant_sent', columns, 'chat_id, story_id', storyIds);
}

export interface SentUpdate {
  chatId: number;
  storyId: number;
  articleId: number;
}

/** Updates already sent for these stories, oldest first. */
export function sentUpdates(db: Db, storyIds: number[]): SentUpdate[] {
  const columns = 'chat_id AS chatId, story_id AS storyId, article_id AS articleId';
  return rowsForStories(db, 'instant_updates', columns, 'queued_at, article_id', storyIds);
}

/**
 * Records an update unless the article was already sent to the chat or the story has had `cap`
 * updates in the `windowMs` before `now`. One statement, so the check and the insert cannot be
 * split; run it in the transaction that writes the outbox rows.
 */
export function claimInstantUpdate(db: Db, u: SentUpdate, now: number, cap: number, windowMs: number): boolean {
  return (
    db
      .prepare(
        `INSERT OR IGNORE INTO instant_updates (chat_id, article_id, story_id, queued_at)
         SELECT ?, ?, ?, ?
         WHERE (SELECT count(*) FROM instant_updates WHERE chat_id = ? AND story_id = ? AND queued_at > ?) < ?`,
      )
      .run(u.chatId, u.articleId, u.storyId, now, u.chatId, u.storyId, now - windowMs, cap).changes === 1
  );
}
