// SQL for per-chat feeds (migration 016, ALLOW_CHAT_FEEDS): a chat's own feeds are feeds rows
// marked chat_only and linked to the chats that added them. Who sees their articles is decided
// with the chat row (store/chats.ts CHAT_SELECT, foreign_feeds).
import type { Db } from './db.js';
import type { FeedRow } from './feeds.js';

/** Why a chat-only feed stopped being fetched. */
export const UNUSED_CHAT_FEED = 'no chat uses it any more (removed with /myfeeds)';

export type AddChatFeedResult =
  | { kind: 'added' | 'linked'; feedId: number } // a new feed, or one another chat added before
  | { kind: 'already'; feedId: number } // this chat has it
  | { kind: 'shared'; feedId: number; enabled: boolean } // in the operator's list: every chat gets it
  | { kind: 'limit'; max: number } // the chat has its most
  | { kind: 'full'; total: number }; // the server fetches its most chats' own feeds

export function chatFeeds(db: Db, chatId: number): FeedRow[] {
  return db
    .prepare(
      `SELECT f.* FROM chat_feeds cf JOIN feeds f ON f.id = cf.feed_id
       WHERE cf.chat_id = ? AND f.chat_only = 1 ORDER BY cf.added_at, f.id`,
    )
    .all(chatId) as FeedRow[];
}

/** Every chat-only feed's id, whichever chats added it. */
export function chatOnlyFeedIds(db: Db): number[] {
  return db.prepare('SELECT id FROM feeds WHERE chat_only = 1 ORDER BY id').pluck().all() as number[];
}

/** Links the feed at `url` to the chat, creating it (untrusted: origin 'admin') when it is new. */
export function addChatFeed(
  db: Db,
  chatId: number,
  feed: { url: string; title: string },
  opts: { max: number; total: number; userId: number | null; now: number },
): AddChatFeedResult {
  return db
    .transaction((): AddChatFeedResult => {
      const known = db.prepare('SELECT * FROM feeds WHERE url = @url OR listed_url = @url').get({ url: feed.url }) as
        FeedRow | undefined;
      if (known && !known.chat_only) return { kind: 'shared', feedId: known.id, enabled: known.enabled === 1 };
      const linked =
        known && db.prepare('SELECT 1 FROM chat_feeds WHERE chat_id = ? AND feed_id = ?').get(chatId, known.id);
      if (known && linked) return { kind: 'already', feedId: known.id };
      const count = db.prepare('SELECT count(*) FROM chat_feeds WHERE chat_id = ?').pluck().get(chatId) as number;
      if (count >= opts.max) return { kind: 'limit', max: opts.max };
      // Only a feed not fetched yet adds work: linking one another chat already has costs nothing.
      if (!known?.enabled && activeChatOnlyFeeds(db) >= opts.total) return { kind: 'full', total: opts.total };
      const feedId = known?.id ?? insertChatOnlyFeed(db, feed, opts.now);
      // Disabled when its last chat removed it: fetched again from the next cycle.
      db.prepare(
        'UPDATE feeds SET enabled = 1, disabled_reason = NULL, next_fetch_at = 0 WHERE id = ? AND enabled = 0',
      ).run(feedId);
      db.prepare('INSERT INTO chat_feeds (chat_id, feed_id, added_at, added_by) VALUES (?, ?, ?, ?)').run(
        chatId,
        feedId,
        opts.now,
        opts.userId,
      );
      return { kind: known ? 'linked' : 'added', feedId };
    })
    .immediate();
}

const activeChatOnlyFeeds = (db: Db) =>
  db.prepare('SELECT count(*) FROM feeds WHERE chat_only = 1 AND enabled = 1').pluck().get() as number;

function insertChatOnlyFeed(db: Db, feed: { url: string; title: string }, now: number): number {
  return Number(
    db
      .prepare("INSERT INTO feeds (url, title, origin, chat_only, created_at) VALUES (?, ?, 'admin', 1, ?)")
      .run(feed.url, feed.title, now).lastInsertRowid,
  );
}

/**
 * Unlinks the feed from the chat; when no chat is left, it is no longer fetched. Its articles stay
 * in the archive, where /search finds them. Returns false when the chat did not have it.
 */
export function removeChatFeed(db: Db, chatId: number, feedId: number): boolean {
  return db
    .transaction(() => {
      const gone = db.prepare('DELETE FROM chat_feeds WHERE chat_id = ? AND feed_id = ?').run(chatId, feedId).changes;
      if (!gone) return false;
      db.prepare(
        `UPDATE feeds SET enabled = 0, disabled_reason = ?
         WHERE id = ? AND chat_only = 1 AND NOT EXISTS (SELECT 1 FROM chat_feeds WHERE feed_id = ?)`,
      ).run(UNUSED_CHAT_FEED, feedId, feedId);
      return true;
    })
    .immediate();
}
