// When the next message may go out, overall and per chat. Pure state machine over a clock value.
// Telegram's limits are not published exactly; the Bot FAQ gives ~30 msg/s overall, ~1 msg/s per
// chat and 20 msg/min per group (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this).

export interface PacerOptions {
  globalPerSecond: number;
  privateIntervalMs: number;
  groupIntervalMs: number;
}

export const DEFAULT_PACING: PacerOptions = { globalPerSecond: 30, privateIntervalMs: 1_000, groupIntervalMs: 3_000 };

export class Pacer {
  private nextGlobalAt = 0;
  private readonly chatReadyAt = new Map<number, number>();

  constructor(private readonly opts: PacerOptions) {}

  private interval(chatType: string | null): number {
    return chatType === 'private' || chatType === null ? this.opts.privateIntervalMs : this.opts.groupIntervalMs;
  }

  /** Earliest time a message to this chat may start; `now` or later. */
  readyAt(chatId: number, now: number): number {
    return Math.max(now, this.nextGlobalAt, this.chatReadyAt.get(chatId) ?? 0);
  }

  chatReady(chatId: number, now: number): boolean {
    return (this.chatReadyAt.get(chatId) ?? 0) <= now;
  }

  globalReady(now: number): boolean {
    return this.nextGlobalAt <= now;
  }

  /** Records a send starting now. */
  take(chatId: number | null, chatType: string | null, now: number): void {
    this.nextGlobalAt = Math.max(now, this.nextGlobalAt) + 1000 / this.opts.globalPerSecond;
    if (chatId !== null) this.chatReadyAt.set(chatId, now + this.interval(chatType));
  }

  /** A 429 for this chat: nothing goes there before `until`. */
  holdChat(chatId: number, until: number): void {
    this.chatReadyAt.set(chatId, Math.max(until, this.chatReadyAt.get(chatId) ?? 0));
  }

  /** A 429 without a chat scope: nothing goes anywhere before `until`. */
  holdAll(until: number): void {
    this.nextGlobalAt = Math.max(this.nextGlobalAt, until);
  }

  /** Forget chats whose wait has passed, so the map does not grow with every chat ever seen. */
  prune(now: number): void {
    for (const [id, at] of this.chatReadyAt) if (at <= now) this.chatReadyAt.delete(id);
  }
}
