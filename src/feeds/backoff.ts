// When to try a feed again. Pure. Failures back off exponentially (10 min, 20, 40 … capped at
// 6 h) and honour Retry-After; a failing feed is never disabled for failing, however long:
// hosts come back, and a silently disabled feed is how other bots "stop fetching". (A 410 Gone is
// not a failure but the publisher's answer: ingest.ts disables the feed and says why.)
const FIRST_BACKOFF_MS = 10 * 60_000;
const MAX_BACKOFF_MS = 6 * 3_600_000;

export function backoffMs(failStreak: number, retryAfterSec?: number): number {
  const exp = FIRST_BACKOFF_MS * 2 ** Math.max(0, Math.min(failStreak - 1, 20));
  return Math.min(MAX_BACKOFF_MS, Math.max(exp, (retryAfterSec ?? 0) * 1000));
}

export function nextFetchAfterFailure(now: number, failStreak: number, retryAfterSec?: number): number {
  return now + backoffMs(failStreak, retryAfterSec);
}

/**
 * Retry-After in seconds: delay-seconds, or an HTTP date (RFC 9110 §10.2.3), measured from the response's own
 * Date header so that the two clocks of one server agree, else from `now`. Past dates and junk give undefined.
 */
export function parseRetryAfter(value: string | null, responseDate: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) > 0 ? Number(trimmed) : undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  const served = responseDate ? Date.parse(responseDate) : Number.NaN;
  const seconds = Math.ceil((at - (Number.isNaN(served) ? now : served)) / 1000);
  return seconds > 0 ? seconds : undefined;
}
