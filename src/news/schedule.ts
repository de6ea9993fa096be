// Local wall-clock helpers for per-chat schedules. Pure: time zone data from ICU, clock passed in.

// Formatters per time zone, made once: each holds ICU memory outside the JS heap.
const minuteFormatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight in `timezone` at instant `now`. */
export function localMinutes(now: number, timezone: string): number {
  let f = minuteFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    minuteFormatters.set(timezone, f);
  }
  const parts = f.formatToParts(now);
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

interface LocalParts {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timezone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormatters.set(timezone, f);
  }
  return f;
}

export function localParts(now: number, timezone: string): LocalParts {
  const parts = partsFormatter(timezone).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), minutes: get('hour') * 60 + get('minute') };
}

/** Offset of `timezone` from UTC at instant `at`, in ms (Asia/Shanghai → +8 h). */
function offsetAt(at: number, timezone: string): number {
  const p = localParts(at, timezone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, 0, p.minutes);
  return asUtc - (at - (at % 60_000));
}

/**
 * The instant a local wall-clock time happens in `timezone`. A time that does not exist (the
 * spring-forward gap, e.g. 02:30 in New York on the DST day) maps to the same distance after
 * the gap (03:30); a time that happens twice (fall back) maps to its first occurrence.
 */
export function zonedTimeToUtc(year: number, month: number, day: number, minutes: number, timezone: string): number {
  const naive = Date.UTC(year, month - 1, day, 0, minutes);
  const first = naive - offsetAt(naive, timezone);
  const second = naive - offsetAt(first, timezone);
  // Two candidates differ only around a transition: prefer the earlier one that is a real
  // rendering of the wall time, else (in a gap) the later.
  const candidates = [Math.min(first, second), Math.max(first, second)];
  const exact = candidates.find((c) => localParts(c, timezone).minutes === minutes % 1440);
  return exact ?? Math.max(first, second);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** "2025-03-09": the local calendar day of `now` in `timezone`, shifted by `dayOffset`. */
export function localDateKey(
  now: number,
  timezone: string,
  dayOffset = 0,
): { key: string; year: number; month: number; day: number } {
  const p = localParts(now, timezone);
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + dayOffset));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return { key: `${year}-${pad2(month)}-${pad2(day)}`, year, month, day };
}

export interface DuePeriod {
  periodKey: string;
  scheduledAt: number;
}

/**
 * Digest periods that are due at `now`: today's and yesterday's local digest time, if it has
 * passed and is less than `maxLateMs` ago. After downtime a missed digest is therefore sent
 * once (the caller's UNIQUE(chat, period) stops repeats), and one older than 12 h is dropped.
 */
export function duePeriods(now: number, timezone: string, digestTime: string, maxLateMs = 12 * 3_600_000): DuePeriod[] {
  const out: DuePeriod[] = [];
  for (const offset of [-1, 0]) {
    const d = localDateKey(now, timezone, offset);
    const scheduledAt = zonedTimeToUtc(d.year, d.month, d.day, toMinutes(digestTime), timezone);
    if (scheduledAt <= now && now - scheduledAt < maxLateMs) out.push({ periodKey: d.key, scheduledAt });
  }
  return out;
}
