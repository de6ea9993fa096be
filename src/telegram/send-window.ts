// How many sends may be in flight at once: the window grows while it is what holds sending back
// and shrinks when Telegram answers 429. At real latency (50–300 ms a call) one send in flight
// reaches a quarter of Telegram's 30/s; the pacer, not this window, keeps the rate. The window
// only has to be wide enough, and each send in flight is one message a crash may repeat, so it
// is capped (SEND_CONCURRENCY) and starts small.

export class SendWindow {
  private limit: number;
  private starved = false;

  constructor(
    readonly max: number,
    start = 4,
  ) {
    this.limit = Math.max(1, Math.min(max, start));
  }

  get size(): number {
    return this.limit;
  }

  /** Dispatch stopped at the window while a message and the pace were ready. */
  markStarved(): void {
    this.starved = true;
  }

  /** Dispatch ran out of ready messages or of pace before the window: it is wide enough. */
  markSatisfied(): void {
    this.starved = false;
  }

  /**
   * A send finished: one wider while the window is what holds dispatch back. Sends finish in
   * batches (one commit for many), so each counts: the window doubles each round trip, as TCP's
   * slow start does, until the pace or the queue is the limit.
   */
  completed(): void {
    if (this.starved && this.limit < this.max) this.limit++;
  }

  /** Telegram said too many: half as many in flight. */
  throttled(): void {
    this.limit = Math.max(1, Math.ceil(this.limit / 2));
    this.starved = false;
  }
}
