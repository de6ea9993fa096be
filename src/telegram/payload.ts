// Reply → Bot API parameters, and into the outbox. Link previews are always off: a digest or a
// result list with ten previews is unreadable, and the first link's preview is arbitrary.
import { enqueue, type OutboxKind } from '../store/outbox.js';
import type { Db } from '../store/db.js';
import type { Button, Reply } from './types.js';

const CALLBACK_DATA_MAX_BYTES = 64;

function inlineKeyboard(rows: Button[][]) {
  return {
    inline_keyboard: rows.map((row) =>
      row.map((b) => {
        if (b.url) return { text: b.text, url: b.url };
        if (!b.callbackData || Buffer.byteLength(b.callbackData) > CALLBACK_DATA_MAX_BYTES) {
          throw new Error(`callback_data must be 1-${CALLBACK_DATA_MAX_BYTES} bytes: ${b.callbackData}`);
        }
        return { text: b.text, callback_data: b.callbackData };
      }),
    ),
  };
}

export function messagePayload(reply: Reply, threadId: number | null): Record<string, unknown> {
  return {
    text: reply.html,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(reply.keyboard ? { reply_markup: inlineKeyboard(reply.keyboard) } : {}),
    ...(threadId ? { message_thread_id: threadId } : {}),
  };
}

export function editPayload(reply: Reply, messageId: number): Record<string, unknown> {
  return {
    message_id: messageId,
    text: reply.html,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(reply.keyboard ? { reply_markup: inlineKeyboard(reply.keyboard) } : {}),
  };
}

export interface Destination {
  chatId: number;
  threadId: number | null;
}

/** Queues replies in order; priority 0 so a person waiting for an answer goes first. */
export function enqueueReplies(db: Db, to: Destination, replies: Reply[], now: number, kind: OutboxKind = 'reply', priority = 0): number[] {
  return enqueue(
    db,
    replies.map((r) => ({ chatId: to.chatId, kind, method: 'sendMessage' as const, payload: messagePayload(r, to.threadId), priority })),
    now,
  );
}
