// Virtual time for code that takes a clock and timers (the Sender): a test moves time forward by hand, so a
// retry_after of 2,000 s takes no real time and a wait can be checked to the millisecond.
import type { Timers } from '../../src/telegram/timers.js';

interface Pending {
  at: number;
  fn: () => void;
  id: number;
}

export class VirtualTime implements Timers {
  private current: number;
  private pending: Pending[] = [];
  private nextId = 1;

  constructor(start: number) {
    this.current = start;
  }

  readonly clock = (): number => this.current;

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ at: this.current + Math.max(0, ms), fn, id });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }

  /**
   * Moves time to `now + ms`, firing each timer due on the way at its own instant, in order. Between timers
   * the event loop turns (real I/O, such as a fake Bot API's answer, gets to run).
   */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await settle();
      const next = this.pending.filter((p) => p.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.current = Math.max(this.current, next.at);
      next.fn();
    }
    this.current = target;
    await settle();
  }
}

/** A few turns of the real event loop. */
export async function settle(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((r) => setImmediate(r));
}
