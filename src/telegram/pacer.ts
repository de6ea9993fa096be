// When the next message may go out, overall and per chat. Pure state machine over a clock value.
// Telegram's limits are not published exactly; the Bot FAQ gives ~30 msg/s overall, ~1 msg/s per
// chat and 20 msg/min per group (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).
// Messages sent with allow_paid_broadcast are not counted against the 30/s: they have their own
// limit, up to 1000/s (https://core.telegram.org/bots/api#sendmessage), hence a second lane.

export interface PacerOptions {
  globalPerSecond: number;
  privateIntervalMs: number;
  groupIntervalMs: number;
  /** The paid-broadcast lane's rate; 0 or absent = no paid lane. */
  paidPerSecond?: number;
}

/** 'free': the bot's ordinary limit; 'paid': messages sent with allow_paid_broadcast. */
export type Lane = 'free' | 'paid';

export const DEFAULT_PACING: PacerOptions = { globalPerSecond: 30, privateIntervalMs: 1_000, groupIntervalMs: 3_000 };

// Times are kept in whole microseconds: at epoch-sized millisecond values, fractional spacing
// (1000/30 ms) drifts in floating point until 31 sends fit in one second.
const us = (ms: number) => Math.round(ms * 1000);

// A fast lane (the paid one, up to 1000/s) needs two allowances a slow one does not:
// - timers fire a millisecond or two late, and at 1 ms a send every late send that pushed the
//   schedule back would cost a third of the rate: a send may use a slot up to CATCH_UP_MS old;
// - Telegram counts where it receives, and the network delays requests unevenly: the slots leave
//   ARRIVAL_SLACK_MS more room, so sends bunched on the way still fit.
// The slots are spaced so that no window of 1000 + both allowances holds more than the rate: any
// one second then holds at most the rate. At 30/s (a send every 33 ms) neither is needed.
const CATCH_UP_MS = 20;
const ARRIVAL_SLACK_MS = 50;
const FAST_LANE = 100;

interface LaneTiming {
  spacingUs: number;
  catchUpUs: number;
}

function laneTiming(perSecond: number): LaneTiming {
  const fast = perSecond >= FAST_LANE;
  const windowMs = 1000 + (fast ? CATCH_UP_MS + ARRIVAL_SLACK_MS : 0);
  // Rounded up: never faster than the rate.
  return { spacingUs: Math.ceil((windowMs * 1000) / perSecond), catchUpUs: fast ? CATCH_UP_MS * 1000 : 0 };
}

export class Pacer {
  private readonly nextAtUs: Record<Lane, number> = { free: 0, paid: 0 };
  private readonly timing: Record<Lane, LaneTiming>;
  private readonly chatReadyAt = new Map<number, number>();

  constructor(private readonly opts: PacerOptions) {
    const paid = opts.paidPerSecond ?? 0;
    this.timing = { free: laneTiming(opts.globalPerSecond), paid: laneTiming(paid > 0 ? paid : opts.globalPerSecond) };
  }

  private interval(chatType: string | null): number {
    return chatType === 'private' || chatType === null ? this.opts.privateIntervalMs : this.opts.groupIntervalMs;
  }

  /** Earliest time a message to this chat may start on this lane; `now` or later. */
  readyAt(chatId: number, now: number, lane: Lane = 'free'): number {
    return Math.max(now, this.nextAtUs[lane] / 1000, this.chatReadyAt.get(chatId) ?? 0);
  }

  chatReady(chatId: number, now: number): boolean {
    return (this.chatReadyAt.get(chatId) ?? 0) <= now;
  }

  globalReady(now: number, lane: Lane = 'free'): boolean {
    return this.nextAtUs[lane] <= us(now);
  }

  /** Records a send starting now. */
  take(chatId: number | null, chatType: string | null, now: number, lane: Lane = 'free'): void {
    const { spacingUs, catchUpUs } = this.timing[lane];
    this.nextAtUs[lane] = Math.max(us(now) - catchUpUs, this.nextAtUs[lane]) + spacingUs;
    // Whole milliseconds, rounded up, for the same reason.
    if (chatId !== null) this.chatReadyAt.set(chatId, Math.ceil(now) + this.interval(chatType));
  }

  /** A 429 for this chat: nothing goes there before `until`. */
  holdChat(chatId: number, until: number): void {
    this.chatReadyAt.set(chatId, Math.max(until, this.chatReadyAt.get(chatId) ?? 0));
  }

  /** A 429 without a chat scope, or across chats: nothing goes anywhere, on either lane, before `until`. */
  holdAll(until: number): void {
    for (const lane of ['free', 'paid'] as const) this.nextAtUs[lane] = Math.max(this.nextAtUs[lane], us(until));
  }

  /** Forget chats whose wait has passed, so the map does not grow with every chat ever seen. */
  prune(now: number): void {
    for (const [id, at] of this.chatReadyAt) if (at <= now) this.chatReadyAt.delete(id);
  }
}
