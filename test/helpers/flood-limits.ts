// Telegram's flood limits as the fakes enforce them (fake-bot-api.ts on real time,
// virtual-telegram.ts on virtual time): a sliding second overall, a second one for paid
// broadcasts, and a minimum interval per chat.

/** Arrival times in the last second, for one rate limit. */
class Window {
  private readonly times: number[] = [];
  private head = 0;

  constructor(private readonly perSecond: number) {}

  /** Records a send at `now` unless the last second already holds the limit. */
  admit(now: number): boolean {
    while (this.head < this.times.length && now - this.times[this.head]! >= 1000) this.head++;
    if (this.head > 4096) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
    if (this.times.length - this.head >= this.perSecond) return false;
    this.times.push(now);
    return true;
  }
}

export interface FloodLimitOptions {
  /** Default 30. */
  perSecond?: number;
  /** Messages sent with allow_paid_broadcast. Default 1000. */
  paidPerSecond?: number;
  chatIntervalMs: number;
}

export class FloodLimits {
  private readonly free: Window;
  private readonly paid: Window;
  private readonly lastPerChat = new Map<number, number>();

  constructor(private readonly opts: FloodLimitOptions) {
    this.free = new Window(opts.perSecond ?? 30);
    this.paid = new Window(opts.paidPerSecond ?? 1000);
  }

  /** Records a send to `chatId` at `now`, or returns false when it breaks a limit (a 429). */
  admit(chatId: number, paid: boolean, now: number): boolean {
    const last = this.lastPerChat.get(chatId);
    if (last !== undefined && now - last < this.opts.chatIntervalMs) return false;
    if (!(paid ? this.paid : this.free).admit(now)) return false;
    this.lastPerChat.set(chatId, now);
    return true;
  }
}
