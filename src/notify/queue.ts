// The one way rendered messages for a chat become outbox rows. The kind decides the priority
// (a person waiting for an answer goes first, a digest last) and whether quiet hours apply:
// they delay an alert or a digest to the end of the chat's quiet window, never drop it, and
// never hold back a reply the person just asked for.
import type { Reply } from '../format/payload.js';
import { messagePayload, photoPayload } from '../format/payload.js';
import { quietUntil } from '../news/schedule.js';
import type { ChatRow } from '../store/chats.js';
import type { Db } from '../store/db.js';
import { enqueue, type OutboxKind } from '../store/outbox.js';
import { storePhoto } from '../store/photos.js';

/** Lower is sent first; the sender orders due chat heads by it. */
export const KIND_PRIORITY: Readonly<Record<OutboxKind, number>> = { reply: 0, alert: 1, notice: 1, digest: 2 };

export interface QuietHours {
  timezone: string;
  start: string | null;
  end: string | null;
}

export interface Recipient {
  chatId: number;
  /** Forum topic the chat subscribed from; null = the main thread. */
  threadId: number | null;
  /** Absent for a destination without settings (an admin's private chat, a reply). */
  quietHours?: QuietHours;
}

export function recipientOf(
  chat: Pick<ChatRow, 'id' | 'thread_id' | 'timezone' | 'quiet_start' | 'quiet_end'>,
): Recipient {
  return {
    chatId: chat.id,
    threadId: chat.thread_id,
    quietHours: { timezone: chat.timezone, start: chat.quiet_start, end: chat.quiet_end },
  };
}

/** When a message of this kind may leave: now, or the end of the recipient's quiet hours. */
export function notBeforeFor(to: Recipient, kind: OutboxKind, now: number): number {
  const q = to.quietHours;
  if (kind === 'reply' || !q) return 0;
  return quietUntil(now, q.timezone, q.start, q.end) ?? 0;
}

/**
 * Queues the messages in order as sendMessage rows and returns their outbox ids. Call it inside
 * the transaction that records why they are sent (a digest claim, an alert claim), so a message
 * is queued exactly when its reason is recorded.
 */
export function queueMessages(
  db: Db,
  to: Recipient,
  messages: ReadonlyArray<string | Reply>,
  kind: OutboxKind,
  now: number,
): number[] {
  if (!messages.length) return [];
  const notBefore = notBeforeFor(to, kind, now);
  const rows = messages.map((m) =>
    outboxRow(to, kind, 'sendMessage', messagePayload(typeof m === 'string' ? { html: m } : m, to.threadId), notBefore),
  );
  return enqueue(db, rows, now);
}

function outboxRow(
  to: Recipient,
  kind: OutboxKind,
  method: 'sendMessage' | 'sendPhoto',
  payload: Record<string, unknown>,
  notBefore: number,
) {
  return { chatId: to.chatId, kind, method, payload, priority: KIND_PRIORITY[kind], notBefore };
}

export interface ChartPhoto {
  png: Buffer;
  filename: string;
  /** HTML, at most CAPTION_MAX_CHARS. */
  caption: string;
}

/** A chart with its caption, then the follow-up messages, in order; returns their outbox ids. */
export function queuePhoto(
  db: Db,
  to: Recipient,
  photo: ChartPhoto,
  followUps: ReadonlyArray<string | Reply>,
  kind: OutboxKind,
  now: number,
): number[] {
  return db.transaction(() => {
    // The bytes once, however many chats get this chart; the row names them by hash.
    const sha256 = storePhoto(db, photo.png, now);
    const payload = photoPayload({ sha256, filename: photo.filename }, photo.caption, to.threadId);
    const [id] = enqueue(db, [outboxRow(to, kind, 'sendPhoto', payload, notBeforeFor(to, kind, now))], now);
    return [id!, ...queueMessages(db, to, followUps, kind, now)];
  })();
}
