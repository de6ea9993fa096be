// SQL for chats, their settings and watches.
import type { Db } from './db.js';

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';
export type DeliveryMode = 'digest' | 'instant' | 'both';

export interface ChatRow {
  id: number;
  type: ChatType;
  title: string;
  thread_id: number | null;
  ui_language: 'en' | 'zh' | null;
  subscribed: number;
  active: number;
  deactivated_reason: string | null;
  timezone: string;
  digest_time: string;
  delivery_mode: DeliveryMode;
  content_languages: string;
  topics: string;
  quiet_start: string | null;
  quiet_end: string | null;
  subscribed_at: number | null;
  empty_digest: 'note' | 'skip';
  /** The weekly report's day ('mon'…'sun'), at the digest time; null = no weekly report. */
  weekly_day: WeekDay | null;
  /** Feed ids muted for this chat, comma-separated (migration 012); '' = none. */
  muted_feeds: string;
  /** Computed, not stored: other chats' own feeds (migration 016), comma-separated; null = none. */
  foreign_feeds: string | null;
}

/**
 * Every chat query returns this: the row, and the chat-only feeds this chat did not add, which its
 * notifications leave out (digest/chat-settings.ts hiddenFeedIds). Few feeds are chat-only.
 */
export const CHAT_SELECT = `SELECT chats.*, (SELECT group_concat(f.id) FROM feeds f WHERE f.chat_only = 1
    AND NOT EXISTS (SELECT 1 FROM chat_feeds cf WHERE cf.feed_id = f.id AND cf.chat_id = chats.id)) AS foreign_feeds
  FROM chats`;

export type WeekDay = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface ChatDefaults {
  timezone: string;
  digestTime: string;
}

/** The chat's row, created with defaults on first contact. */
export function ensureChat(
  db: Db,
  chat: { id: number; type: ChatType; title: string },
  defaults: ChatDefaults,
  now: number,
): ChatRow {
  db.prepare(
    `INSERT INTO chats (id, type, title, timezone, digest_time, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET title = excluded.title, type = excluded.type`,
  ).run(chat.id, chat.type, chat.title, defaults.timezone, defaults.digestTime, now, now);
  return getChat(db, chat.id)!;
}

export function getChat(db: Db, id: number): ChatRow | undefined {
  return db.prepare(`${CHAT_SELECT} WHERE id = ?`).get(id) as ChatRow | undefined;
}

/** Returns false when the chat was already subscribed. Re-activates a chat that had blocked us. */
export function subscribeChat(db: Db, id: number, threadId: number | null, now: number): boolean {
  const r = db
    .prepare(
      `UPDATE chats SET subscribed = 1, active = 1, deactivated_reason = NULL,
         thread_id = ?, subscribed_at = ?, updated_at = ?
       WHERE id = ? AND (subscribed = 0 OR active = 0)`,
    )
    .run(threadId, now, now, id);
  return r.changes > 0;
}

export function unsubscribeChat(db: Db, id: number, now: number): boolean {
  return (
    db.prepare('UPDATE chats SET subscribed = 0, updated_at = ? WHERE id = ? AND subscribed = 1').run(now, id).changes >
    0
  );
}

const SETTING_KEYS = [
  'ui_language',
  'timezone',
  'digest_time',
  'delivery_mode',
  'content_languages',
  'topics',
  'quiet_start',
  'quiet_end',
  'empty_digest',
  'weekly_day',
  'muted_feeds',
] as const;

/** The columns /settings may change. */
export type ChatSettings = Partial<Pick<ChatRow, (typeof SETTING_KEYS)[number]>>;

const SETTING_COLUMNS = new Set<string>(SETTING_KEYS);

export function updateChatSettings(db: Db, id: number, settings: ChatSettings, now: number): void {
  const entries = Object.entries(settings).filter(([k]) => SETTING_COLUMNS.has(k));
  if (!entries.length) return;
  const sets = entries.map(([k]) => `${k} = ?`).join(', ');
  db.prepare(`UPDATE chats SET ${sets}, updated_at = ? WHERE id = ?`).run(...entries.map(([, v]) => v), now, id);
}

/** Telegram says we can no longer post here: stop, and cancel what was waiting. */
export function deactivateChat(db: Db, id: number, reason: string, now: number): void {
  db.transaction(() => {
    db.prepare('UPDATE chats SET active = 0, deactivated_reason = ?, updated_at = ? WHERE id = ?').run(reason, now, id);
    db.prepare("UPDATE outbox SET status = 'cancelled', last_error = ? WHERE chat_id = ? AND status = 'pending'").run(
      reason,
      id,
    );
  }).immediate();
}

/**
 * A group became a supergroup: the settings, watches and pending messages move to the new id.
 * If the new id already has a row (the bot saw it first), the old row's settings win.
 */
export function migrateChat(db: Db, fromId: number, toId: number, now: number): void {
  db.transaction(() => {
    db.prepare('DELETE FROM chats WHERE id = ? AND EXISTS (SELECT 1 FROM chats WHERE id = ?)').run(toId, fromId);
    db.prepare("UPDATE chats SET id = ?, type = 'supergroup', updated_at = ? WHERE id = ?").run(toId, now, fromId);
    db.prepare("UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status = 'pending'").run(toId, fromId);
  }).immediate();
}

export function subscribedChats(db: Db): ChatRow[] {
  return db.prepare(`${CHAT_SELECT} WHERE subscribed = 1 AND active = 1 ORDER BY id`).all() as ChatRow[];
}

export interface WatchRow {
  id: number;
  chat_id: number;
  query: string;
  kind: WatchKind;
  created_at: number;
}

/** A keyword query in the /search language, or a CVE watch (vendor:/product:/kev/epss-jump). */
export type WatchKind = 'keyword' | 'cve';

export function addWatch(db: Db, chatId: number, query: string, now: number, kind: WatchKind = 'keyword'): boolean {
  return (
    db
      .prepare('INSERT OR IGNORE INTO watches (chat_id, query, created_at, kind) VALUES (?, ?, ?, ?)')
      .run(chatId, query, now, kind).changes > 0
  );
}

export function listWatches(db: Db, chatId: number): WatchRow[] {
  return db
    .prepare('SELECT id, chat_id, query, kind, created_at FROM watches WHERE chat_id = ? ORDER BY id')
    .all(chatId) as WatchRow[];
}

export function removeWatch(db: Db, watchId: number): void {
  db.prepare('DELETE FROM watches WHERE id = ?').run(watchId);
}

/** Watches of chats that are subscribed and reachable: /stop silences alerts too. */
export function activeWatches(db: Db, kind: WatchKind = 'keyword'): WatchRow[] {
  return db
    .prepare(
      `SELECT w.id, w.chat_id, w.query, w.kind, w.created_at FROM watches w
       JOIN chats c ON c.id = w.chat_id
       WHERE c.active = 1 AND c.subscribed = 1 AND w.kind = ? ORDER BY w.chat_id, w.id`,
    )
    .all(kind) as WatchRow[];
}

/** Moves whenever activeWatches' answer could have changed (triggers in migrations/009). */
export function watchGeneration(db: Db): number {
  return db.prepare('SELECT n FROM watch_generation').pluck().get() as number;
}

export function chatCounts(db: Db): { known: number; subscribed: number } {
  const r = db
    .prepare('SELECT count(*) AS known, coalesce(sum(subscribed AND active), 0) AS subscribed FROM chats')
    .get() as { known: number; subscribed: number };
  return r;
}
