// A polite per-user limit on inbound commands: a token bucket per user. The first refusal in a
// burst gets a reply; further ones are ignored, or the replies themselves become the flood.

export type RateDecision = 'ok' | 'warn' | 'drop';

export class UserRateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number; warned: boolean }>();

  constructor(
    private readonly capacity = 10,
    private readonly refillPerSecond = 0.5,
  ) {}

  check(userId: number, now: number): RateDecision {
    const b = this.buckets.get(userId) ?? { tokens: this.capacity, at: now, warned: false };
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) / 1000) * this.refillPerSecond);
    b.at = now;
    this.buckets.set(userId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      return 'ok';
    }
    if (b.warned) return 'drop';
    b.warned = true;
    return 'warn';
  }

  /** Drops users whose bucket is full again, so memory stays bounded. */
  prune(now: number): void {
    for (const [id, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.refillPerSecond >= this.capacity) this.buckets.delete(id);
    }
  }
}
