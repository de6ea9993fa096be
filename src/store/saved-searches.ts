// SQL for searches kept behind "More ›" buttons (callback_data is capped at 64 bytes).
import type { Db } from './db.js';

const KEEP_MS = 7 * 86_400_000;

export function saveSearch(db: Db, chatId: number, query: string, now: number): number {
  db.prepare('DELETE FROM saved_searches WHERE created_at < ?').run(now - KEEP_MS);
  return Number(
    db.prepare('INSERT INTO saved_searches (chat_id, query, created_at) VALUES (?, ?, ?)').run(chatId, query, now)
      .lastInsertRowid,
  );
}

/** The query, only if it exists and belongs to this chat (callback data can be forged). */
export function loadSearch(db: Db, id: number, chatId: number): string | undefined {
  return db.prepare('SELECT query FROM saved_searches WHERE id = ? AND chat_id = ?').pluck().get(id, chatId) as
    string | undefined;
}
