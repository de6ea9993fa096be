// Replies into the outbox.
import { messagePayload } from '../format/payload.js';
import type { Db } from '../store/db.js';
import { enqueue, type OutboxKind } from '../store/outbox.js';
import type { Reply } from './types.js';

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
