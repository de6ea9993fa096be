// The only code that calls Telegram's send, edit and answer methods. It drains the outbox with
// global and per-chat pacing, obeys 429 retry_after for the scope it names, retries 5xx and
// network errors with capped backoff, deactivates chats that are gone, follows supergroup
// migrations, and dead-letters our own formatting bugs with their payload logged.
//
// Delivery: a row is marked sent only after Telegram answered ok and the batch committed
// (sent-batch.ts). A crash before that commit re-sends the rows in flight at that instant: at most
// the send window (send-window.ts), which never passes SEND_CONCURRENCY. Sends to different chats
// overlap; a chat never has two in flight, so its messages keep their order and its pacing.
// Digests and alerts go on the paid-broadcast lane when PAID_BROADCAST_PER_SECOND is set.
import type { Logger } from 'pino';
import { deactivateChat, migrateChat } from '../store/chats.js';
import type { Db } from '../store/db.js';
import { dueHeads, markDead, markRetry, markSent, postpone, type OutboxKind, type OutboxRow } from '../store/outbox.js';
import { classifyFailure, toApiFailure, type ApiFailure } from './errors.js';
import { Pacer, type Lane, type PacerOptions } from './pacer.js';
import { SendWindow } from './send-window.js';
import { SentBatch } from './sent-batch.js';
import { REAL_TIMERS, type Timers } from './timers.js';
import type { DeliveryStats } from './types.js';

export interface BotTransport {
  call(method: string, payload: Record<string, unknown>): Promise<unknown>;
}

export interface SenderDeps {
  db: Db;
  transport: BotTransport;
  clock: () => number;
  /** Default: the global setTimeout/clearTimeout. Waits for pacing, retry_after and idle polls go through it. */
  timers?: Timers;
  log: Logger;
  pacing: PacerOptions;
  /** Most sends in flight at once (SEND_CONCURRENCY); each can be repeated once by a crash. Default 16. */
  concurrency?: number;
  /** Kinds sent with allow_paid_broadcast on the paid lane, when pacing.paidPerSecond is set. */
  paidKinds?: ReadonlySet<OutboxKind>;
  /** Told the fate of each row (metrics). Also settable later with observe(). */
  observer?: SendObserver;
}

export type SendOutcome = keyof Sender['stats'];
export const DEFAULT_CONCURRENCY = 16;
/** What paid broadcasts are for: news that goes to many chats at once, not replies to a person. */
export const PAID_KINDS: ReadonlySet<OutboxKind> = new Set(['digest', 'alert']);
const PAID_REFUSAL = /star|paid|payment|balance/i;
/** `paid`: the message went as a paid broadcast. */
export type SendObserver = (outcome: SendOutcome, kind: OutboxKind, paid: boolean) => void;

const MAX_ATTEMPTS = 30;
const MAX_BACKOFF_MS = 5 * 60_000;
const IDLE_WAIT_MS = 1_000;

export const retryBackoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(attempts, 20));

export class Sender {
  private readonly pacer: Pacer;
  private readonly window: SendWindow;
  private readonly sentBatch: SentBatch;
  private readonly inFlight = new Map<number, Promise<void>>();
  private queue: OutboxRow[] = [];
  private queueFetchedAt = 0;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeUp: (() => void) | null = null;
  private recent429: Array<{ chatId: number; at: number }> = [];
  /** When the earliest row this sender postponed (retry_after, backoff) falls due: the loop wakes then. */
  private nextRetryAt = Number.POSITIVE_INFINITY;
  stats = { sent: 0, retried: 0, rateLimited: 0, dead: 0, deactivated: 0 };
  /** Of `sent`, how many went as paid broadcasts. */
  paidSent = 0;
  /** The most sends that were in flight at once: the most a crash could have repeated. */
  peakInFlight = 0;
  /** Why Telegram refused a paid broadcast (no Stars, say): the rest go free until restart. */
  paidUnavailable: string | null = null;
  /** Set when Telegram rejects the token: sending stops until restart. */
  fatal: string | null = null;
  private observer: SendObserver | null;

  private readonly timers: Timers;

  constructor(private readonly deps: SenderDeps) {
    this.pacer = new Pacer(deps.pacing);
    this.timers = deps.timers ?? REAL_TIMERS;
    this.window = new SendWindow(deps.concurrency ?? DEFAULT_CONCURRENCY);
    this.sentBatch = new SentBatch(deps.db, this.timers);
    this.observer = deps.observer ?? null;
  }

  deliveryStats(): DeliveryStats {
    const { peakInFlight, paidSent, paidUnavailable } = this;
    return { maxInFlight: this.window.max, peakInFlight, paidSent, paidUnavailable };
  }

  /** main.ts attaches metrics here: the runtime that builds the sender does not know them. */
  observe(observer: SendObserver): void {
    this.observer = observer;
  }

  private count(outcome: SendOutcome, row: OutboxRow, paid = false): void {
    this.stats[outcome]++;
    this.observer?.(outcome, row.kind, paid);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops taking rows and waits (at most `timeoutMs`) for the sends in flight. */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.running = false;
    this.wake();
    const drained = Promise.all([this.loopDone, ...this.inFlight.values()]);
    await Promise.race([drained, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    this.sentBatch.flush();
  }

  /** New rows were enqueued: look now instead of at the next idle tick. */
  wake(): void {
    this.queueFetchedAt = 0;
    this.wakeUp?.();
  }

  /**
   * Answer methods (answerCallbackQuery, answerInlineQuery) are not durable: they expire in
   * seconds. They still share the global pace and the error handling; failures are logged.
   */
  async callNow(method: string, payload: Record<string, unknown>): Promise<unknown> {
    const now = this.deps.clock();
    const wait = this.pacer.readyAt(-1, now) - now;
    if (wait > 0) await new Promise<void>((r) => this.timers.setTimeout(r, Math.min(wait, 2_000)));
    this.pacer.take(null, null, this.deps.clock());
    try {
      return await this.deps.transport.call(method, payload);
    } catch (err) {
      const f = toApiFailure(err);
      if (classifyFailure(f) === 'rate_limited' && f.retryAfterSec)
        this.pacer.holdAll(this.deps.clock() + f.retryAfterSec * 1000);
      this.deps.log.warn({ method, code: f.code, error: f.description }, 'Telegram call failed');
      return undefined;
    }
  }

  private async loop(): Promise<void> {
    while (this.running && !this.fatal) {
      const now = this.deps.clock();
      // A postponed row fell due: it is in the database, not in the queue yet.
      if (now >= this.nextRetryAt) this.queueFetchedAt = 0;
      this.refillQueue(now);
      this.dispatchReady(now);
      await this.sleep(this.nextWakeDelay(now));
    }
  }

  private refillQueue(now: number): void {
    if (this.queue.length && now - this.queueFetchedAt < IDLE_WAIT_MS) return;
    // Enough rows for a second at the fastest lane, so a refill is not needed mid-second.
    const rows = Math.max(500, this.deps.pacing.paidPerSecond ?? 0, this.deps.pacing.globalPerSecond);
    this.queue = dueHeads(this.deps.db, now, rows).filter((r) => !this.inFlight.has(r.chat_id));
    this.queueFetchedAt = now;
    this.pacer.prune(now);
  }

  private laneOf(row: OutboxRow): Lane {
    if (!this.deps.pacing.paidPerSecond || this.paidUnavailable) return 'free';
    return (this.deps.paidKinds ?? PAID_KINDS).has(row.kind) ? 'paid' : 'free';
  }

  /** Starts every queued row whose chat and lane are ready, while the window has room. */
  private dispatchReady(now: number): void {
    const anyLaneReady = () => this.pacer.globalReady(now, 'free') || this.pacer.globalReady(now, 'paid');
    for (let i = 0; i < this.queue.length && anyLaneReady(); i++) {
      const row = this.queue[i]!;
      const lane = this.laneOf(row);
      if (!this.pacer.globalReady(now, lane)) continue;
      if (this.inFlight.has(row.chat_id) || !this.pacer.chatReady(row.chat_id, now)) continue;
      if (this.inFlight.size >= this.window.size) return this.window.markStarved();
      this.queue.splice(i--, 1);
      this.pacer.take(row.chat_id, row.chat_type, now, lane);
      this.launch(row, lane);
    }
    this.window.markSatisfied();
  }

  private launch(row: OutboxRow, lane: Lane): void {
    const done = this.send(row, lane).finally(() => {
      this.inFlight.delete(row.chat_id);
      this.window.completed();
      this.wakeUp?.();
    });
    this.inFlight.set(row.chat_id, done);
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight.size);
  }

  private nextWakeDelay(now: number): number {
    if (this.nextRetryAt <= now) this.nextRetryAt = Number.POSITIVE_INFINITY;
    const ready = this.queue.slice(0, 50).map((r) => this.pacer.readyAt(r.chat_id, now, this.laneOf(r)));
    // A postponed row is sent when it falls due, not at the next idle poll after (up to a second late).
    const next = Math.min(now + IDLE_WAIT_MS, this.nextRetryAt, ...ready);
    return Math.max(1, Math.min(IDLE_WAIT_MS, next - now));
  }

  private retryAt(at: number): void {
    this.nextRetryAt = Math.min(this.nextRetryAt, at);
  }

  private sleep(ms: number): Promise<void> {
    const timers = this.timers;
    return new Promise<void>((resolve) => {
      const timer = timers.setTimeout(finish, ms);
      function finish() {
        timers.clearTimeout(timer);
        resolve();
      }
      this.wakeUp = finish;
    }).then(() => {
      this.wakeUp = null;
    });
  }

  private async send(row: OutboxRow, lane: Lane): Promise<void> {
    const payload: Record<string, unknown> = {
      ...(JSON.parse(row.payload) as Record<string, unknown>),
      chat_id: row.chat_id,
    };
    if (lane === 'paid') payload.allow_paid_broadcast = true;
    let result: { message_id?: number } | true;
    try {
      result = (await this.deps.transport.call(row.method, payload)) as { message_id?: number } | true;
    } catch (err) {
      return this.handleFailure(row, toApiFailure(err), payload);
    }
    const messageId = typeof result === 'object' ? (result.message_id ?? null) : null;
    try {
      const committed = this.sentBatch.add(row.id, messageId, this.deps.clock());
      // Every send in flight is waiting for this commit: nothing to batch with, commit now.
      if (this.sentBatch.pending >= this.inFlight.size) this.sentBatch.flush();
      await committed;
    } catch (err) {
      // Telegram has it, the database does not: it will be sent again. Said loudly, never hidden.
      this.deps.log.error({ err, outboxId: row.id }, 'could not record a sent message; it will be sent again');
      return;
    }
    this.count('sent', row, lane === 'paid');
    if (lane === 'paid') this.paidSent++;
  }

  private handleFailure(row: OutboxRow, f: ApiFailure, payload: Record<string, unknown>): void {
    const { db, log, clock } = this.deps;
    const now = clock();
    const kind = classifyFailure(f);
    const error = `${f.code ?? 'network'}: ${f.description}`.slice(0, 500);
    // The paid lane refused (Telegram's wording is not documented; it names Stars or payment): the
    // message is not the problem, so it goes again at once, on the free lane, instead of dead.
    if (payload.allow_paid_broadcast && kind === 'rejected' && PAID_REFUSAL.test(f.description)) {
      this.paidUnavailable = error;
      log.error({ error }, 'Telegram refused a paid broadcast; sending digests and alerts free until restart');
      return postpone(db, row.id, now, error);
    }
    switch (kind) {
      case 'rate_limited':
        return this.rateLimited(row, now + (f.retryAfterSec ?? 1) * 1000, error);
      case 'transient':
        if (row.attempts + 1 >= MAX_ATTEMPTS) {
          log.error({ outboxId: row.id, chatId: row.chat_id, error }, 'giving up after repeated transient failures');
          this.count('dead', row);
          return markDead(db, row.id, `gave up after ${MAX_ATTEMPTS} attempts: ${error}`);
        }
        this.count('retried', row);
        this.retryAt(now + retryBackoffMs(row.attempts));
        return markRetry(db, row.id, now + retryBackoffMs(row.attempts), error);
      case 'chat_gone':
        log.info({ chatId: row.chat_id, error }, 'chat is gone; deactivated and its pending messages cancelled');
        this.count('deactivated', row);
        return deactivateChat(db, row.chat_id, error, now);
      case 'migrated':
        log.info({ from: row.chat_id, to: f.migrateToChatId }, 'group migrated to a supergroup; moving the chat');
        return migrateChat(db, row.chat_id, f.migrateToChatId!, now);
      case 'not_modified':
        this.count('sent', row);
        return markSent(db, row.id, null, now);
      case 'unauthorized':
        this.fatal = `Telegram rejected the bot token (${error}); sending stopped`;
        log.fatal({ error }, this.fatal);
        return postpone(db, row.id, now, error);
      case 'our_bug':
      case 'rejected':
        log.error(
          { outboxId: row.id, chatId: row.chat_id, method: row.method, payload, error },
          'message rejected by Telegram; dead-lettered',
        );
        this.count('dead', row);
        return markDead(db, row.id, error);
    }
  }

  private rateLimited(row: OutboxRow, until: number, error: string): void {
    const now = this.deps.clock();
    this.count('rateLimited', row);
    this.window.throttled();
    this.pacer.holdChat(row.chat_id, until);
    // Several chats limited within a second means the global limit, not one chat's.
    this.recent429 = [...this.recent429.filter((r) => now - r.at < 1_000), { chatId: row.chat_id, at: now }];
    if (new Set(this.recent429.map((r) => r.chatId)).size >= 3) this.pacer.holdAll(until);
    this.deps.log.warn({ chatId: row.chat_id, retryInMs: until - now }, 'Telegram flood limit; waiting as told');
    this.retryAt(until);
    postpone(this.deps.db, row.id, until, error);
  }
}
