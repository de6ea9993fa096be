// When to try a feed again. Pure. Failures back off exponentially (10 min, 20, 40 … capped at
// 6 h) and honour Retry-After; a feed is never disabled automatically, however long it fails:
// hosts come back, and a silently disabled feed is how other bots "stop fetching".
const FIRST_BACKOFF_MS = 10 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;

export function backoffMs(failStreak: number, retryAfterSec?: number): number {
  const exp = FIRST_BACKOFF_MS * 2 ** Math.max(0, Math.min(failStreak - 1, 20));
  return Math.min(MAX_BACKOFF_MS, Math.max(exp, (retryAfterSec ?? 0) * 1000));
}

export function nextFetchAfterFailure(now: number, failStreak: number, retryAfterSec?: number): number {
  return now + backoffMs(failStreak, retryAfterSec);
}
