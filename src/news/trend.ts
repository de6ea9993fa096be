// Stories per local day, for /trend and the weekly chart. Pure: the story mentions, the period,
// the chat's time zone and the clock come in. A story is counted once, on the first day of the
// period it was mentioned, under the topic of that first mention: a story reported by five
// outlets over three days is one story, not five, and not three.
import { localDateKey, zonedTimeToUtc } from './schedule.js';

export interface StoryMention {
  storyId: number;
  /** Epoch ms the article was published. */
  at: number;
  /** The article's primary topic. */
  topic: string;
}

export interface LocalDay {
  /** "2026-11-30" in the chat's time zone. */
  key: string;
  start: number;
  end: number;
}

/** The `count` local days that end with the one holding `now`, oldest first (the last is today, so far). */
export function localDays(now: number, timezone: string, count: number): LocalDay[] {
  const days: LocalDay[] = [];
  for (let offset = 1 - count; offset <= 0; offset++) {
    const d = localDateKey(now, timezone, offset);
    const next = localDateKey(now, timezone, offset + 1);
    days.push({
      key: d.key,
      start: zonedTimeToUtc(d.year, d.month, d.day, 0, timezone),
      end: zonedTimeToUtc(next.year, next.month, next.day, 0, timezone),
    });
  }
  return days;
}

export interface DailyStories {
  days: LocalDay[];
  /** Stories per day for each topic seen, in the order topics are given (unlisted ones last). */
  byTopic: Map<string, number[]>;
  /** Stories per day, all topics. */
  totals: number[];
  total: number;
}

function dayIndex(days: readonly LocalDay[], at: number): number {
  // Days are few (≤ 90) and sorted: a linear scan from the end is as fast as a binary search here.
  for (let i = days.length - 1; i >= 0; i--) if (at >= days[i]!.start && at < days[i]!.end) return i;
  return -1;
}

/** Counts each story once, on its first mention within `days`; mentions outside them are ignored. */
export function storiesPerDay(mentions: readonly StoryMention[], days: LocalDay[], topicOrder: readonly string[] = []) {
  const first = new Map<number, { m: StoryMention; i: number }>();
  for (const m of mentions) {
    const i = dayIndex(days, m.at);
    if (i < 0) continue;
    const known = first.get(m.storyId);
    if (!known || m.at < known.m.at) first.set(m.storyId, { m, i });
  }
  const byTopic = new Map<string, number[]>(topicOrder.map((t) => [t, days.map(() => 0)]));
  const totals = days.map(() => 0);
  for (const { m, i } of first.values()) {
    const row = byTopic.get(m.topic) ?? days.map(() => 0);
    byTopic.set(m.topic, row);
    row[i]!++;
    totals[i]!++;
  }
  return { days, byTopic, totals, total: first.size } satisfies DailyStories;
}

/** The change from `previous` to `current` as a fraction (0.18 = +18 %); null when there was nothing before. */
export function periodChange(current: number, previous: number): number | null {
  return previous === 0 ? null : (current - previous) / previous;
}

export const TREND_PERIODS = [7, 30, 90] as const;
export type TrendDays = (typeof TREND_PERIODS)[number];

export class TrendArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrendArgsError';
  }
}

/** `/trend lockbit 30d` → { query: 'lockbit', days: 30 }; no query: the topics. Default 30 days. */
export function parseTrendArgs(text: string): { query: string | null; days: TrendDays } {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const last = words[words.length - 1];
  const period = last ? /^(\d+)[dD天]$/.exec(last) : null;
  let days: TrendDays = 30;
  if (period) {
    const n = Number(period[1]);
    if (!(TREND_PERIODS as readonly number[]).includes(n)) throw new TrendArgsError('Periods are 7d, 30d or 90d.');
    days = n as TrendDays;
    words.pop();
  }
  const query = words.join(' ');
  return { query: query || null, days };
}
