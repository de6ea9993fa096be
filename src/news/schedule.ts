// Local wall-clock helpers for per-chat schedules. Pure: time zone data from ICU, clock passed in.

/** Minutes since local midnight in `timezone` at instant `now`. */
export function localMinutes(now: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

export const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * If `now` falls inside the quiet window [start, end) local time (which may wrap midnight),
 * the instant it ends; otherwise null. Minute precision; a DST jump inside the window can shift
 * the end by the size of the jump, never skip it.
 */
export function quietUntil(now: number, timezone: string, start: string | null, end: string | null): number | null {
  if (!start || !end || start === end) return null;
  const cur = localMinutes(now, timezone);
  const s = toMinutes(start);
  const e = toMinutes(end);
  const inside = s < e ? cur >= s && cur < e : cur >= s || cur < e;
  if (!inside) return null;
  const minutesLeft = (e - cur + 1440) % 1440;
  const startOfMinute = now - (now % 60_000);
  return startOfMinute + minutesLeft * 60_000;
}
