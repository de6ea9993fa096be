// Marking rows sent, in batches. A row leaves the outbox only once Telegram accepted it and this
// batch committed; until then its chat counts as in flight, so the chat's next row waits and a
// crash repeats at most the rows in flight. One commit per 64 rows or per 20 ms, whichever first;
// the sender commits at once when nothing else is in flight (a reply to one person waits for no one).
import type { Db } from '../store/db.js';
import { markSentMany } from '../store/outbox.js';
import type { Timers } from './timers.js';

interface Entry {
  id: number;
  messageId: number | null;
  at: number;
  settle: (err?: unknown) => void;
}

export class SentBatch {
  private entries: Entry[] = [];
  private timer: unknown = null;

  constructor(
    private readonly db: Db,
    private readonly timers: Timers,
    private readonly opts = { maxRows: 64, maxDelayMs: 20 },
  ) {}

  /** Rows waiting for the commit. */
  get pending(): number {
    return this.entries.length;
  }

  /** Resolves once the row is committed as sent; rejects if the commit failed (the row stays pending). */
  add(id: number, messageId: number | null, at: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.entries.push({ id, messageId, at, settle: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.entries.length >= this.opts.maxRows) this.flush();
      else this.timer ??= this.timers.setTimeout(() => this.flush(), this.opts.maxDelayMs);
    });
  }

  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const entries = this.entries;
    this.entries = [];
    if (!entries.length) return;
    let failure: unknown;
    try {
      markSentMany(this.db, entries);
    } catch (err) {
      failure = err ?? new Error('commit failed');
    }
    for (const e of entries) e.settle(failure);
  }
}
