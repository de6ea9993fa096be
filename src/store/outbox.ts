// SQL for the outbox: the durable queue of everything we send to Telegram.
import type { Db } from './db.js';

export type OutboxKind = 'reply' | 'alert' | 'digest' | 'notice';
export type OutboxMethod = 'sendMessage' | 'editMessageText' | 'sendDocument' | 'sendPhoto';

export interface NewOutboxRow {
  chatId: number;
  kind: OutboxKind;
  method: OutboxMethod;
  /** Bot API parameters without chat_id, which is added at send time (chats can migrate). */
  payload: Record<string, unknown>;
  priority?: number;
  notBefore?: number;
}

export interface OutboxRow {
  id: number;
  chat_id: number;
  kind: OutboxKind;
  method: OutboxMethod;
  payload: string;
  priority: number;
  attempts: number;
  not_before: number;
  chat_type: string | null;
}

export function enqueue(db: Db, rows: NewOutboxRow[], now: number): number[] {
  const insert = db.prepare(`INSERT INTO outbox (chat_id, kind, method, payload, priority, not_before, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)`);
  return db
    .transaction(() =>
      rows.map((r) =>
        Number(
          insert.run(r.chatId, r.kind, r.method, JSON.stringify(r.payload), r.priority ?? 1, r.notBefore ?? 0, now)
            .lastInsertRowid,
        ),
      ),
    )
    .immediate();
}

/**
 * The oldest pending row of each chat that is due, most urgent first. Only a chat's head row is
 * returned, so a chat's messages leave in order (part 2 of a digest never overtakes part 1).
 */
export function dueHeads(db: Db, now: number, limit: number): OutboxRow[] {
  return db
    .prepare(
      `SELECT o.id, o.chat_id, o.kind, o.method, o.payload, o.priority, o.attempts, o.not_before, c.type AS chat_type
       FROM outbox o LEFT JOIN chats c ON c.id = o.chat_id
       WHERE o.status = 'pending'
         AND o.id = (SELECT min(id) FROM outbox h WHERE h.chat_id = o.chat_id AND h.status = 'pending')
         AND o.not_before <= ?
       ORDER BY o.priority, o.id LIMIT ?`,
    )
    .all(now, limit) as OutboxRow[];
}

const MARK_SENT =
  "UPDATE outbox SET status = 'sent', sent_at = ?, telegram_message_id = ?, attempts = attempts + 1 WHERE id = ?";

export function markSent(db: Db, id: number, messageId: number | null, now: number): void {
  db.prepare(MARK_SENT).run(now, messageId, id);
}

/** Many rows Telegram accepted, in one transaction: at 1,000 msg/s one commit per row is the bottleneck. */
export function markSentMany(db: Db, rows: ReadonlyArray<{ id: number; messageId: number | null; at: number }>): void {
  const update = db.prepare(MARK_SENT);
  db.transaction(() => {
    for (const r of rows) update.run(r.at, r.messageId, r.id);
  }).immediate();
}

export function markRetry(db: Db, id: number, notBefore: number, error: string): void {
  db.prepare('UPDATE outbox SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE id = ?').run(
    notBefore,
    error,
    id,
  );
}

/** Postpones without counting an attempt (a 429 is Telegram pacing us, not a failure). */
export function postpone(db: Db, id: number, notBefore: number, error: string): void {
  db.prepare('UPDATE outbox SET not_before = ?, last_error = ? WHERE id = ?').run(notBefore, error, id);
}

export function markDead(db: Db, id: number, error: string): void {
  db.prepare("UPDATE outbox SET status = 'dead', last_error = ?, attempts = attempts + 1 WHERE id = ?").run(error, id);
}

export function pendingCount(db: Db): number {
  return db.prepare("SELECT count(*) FROM outbox WHERE status = 'pending'").pluck().get() as number;
}
