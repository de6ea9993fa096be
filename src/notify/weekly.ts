// The weekly report (opt-in: /settings weekly mon): on the chat's weekly day at its digest time,
// the last seven local days (Monday's report covers Monday to Sunday before it) as a chart, a
// caption and follow-up messages. Planned like the daily digest: the (chat, day) claim and the
// outbox rows commit in one transaction, so a report is planned exactly once across racing ticks,
// processes and restarts; one due more than 12 h ago (downtime) is dropped, not sent late.
import type { ChartSpec } from '../format/chart-spec.js';
import { chatLanguage, digestSettings } from '../digest/chat-settings.js';
import { weekFacts, weeklyFor, WEEKLY_TOP_STORIES, type WeekFacts, type WeeklyModel } from '../digest/weekly.js';
import { renderWeekly } from '../digest/weekly-render.js';
import { CHART_TOPIC_ORDER } from '../format/trend-text.js';
import { duePeriods, zonedTimeToUtc } from '../news/schedule.js';
import { localDays, storiesPerDay } from '../news/trend.js';
import { chatOnlyFeedIds } from '../store/chat-feeds.js';
import type { ChatRow } from '../store/chats.js';
import { cveBadges } from '../store/cve-records.js';
import type { Db } from '../store/db.js';
import { storiesFirstSeenBetween } from '../store/stories.js';
import { sharedStoryMentions } from '../store/trends.js';
import { claimDigest, isDigestPlanned } from '../store/digests.js';
import { quietSources, weeklyChats } from '../store/weekly.js';
import type { Logger } from 'pino';
import { queueMessages, queuePhoto, recipientOf } from './queue.js';

export interface WeeklyDeps {
  db: Db;
  clock: () => number;
  log: Logger;
  /** chart/ renders (wiring.ts): notify/ does not load the renderer and its font until a report is due. */
  renderChart: (spec: ChartSpec) => Promise<Buffer>;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** The weekday of a local date key ("2026-11-30" → 'mon'). */
export const weekdayOf = (key: string) => WEEKDAYS[new Date(`${key}T00:00:00Z`).getUTCDay()]!;

/** The report's week: the seven local days before the report day, and the seven before those. */
export function reportWeeks(periodKey: string, timezone: string) {
  const [y, m, d] = periodKey.split('-').map(Number) as [number, number, number];
  const reportDayStart = zonedTimeToUtc(y, m, d, 0, timezone);
  const week = localDays(reportDayStart - 1, timezone, 7);
  return { week, lastWeek: localDays(week[0]!.start - 1, timezone, 7) };
}

export type WeeklyReader = Pick<ChatRow, 'timezone' | 'ui_language' | 'content_languages' | 'topics'>;

/** What every chat's report for the week before `periodKey` in `timezone` shares. */
export function weekFactsAt(db: Db, periodKey: string, timezone: string, now: number): WeekFacts {
  const { week, lastWeek } = reportWeeks(periodKey, timezone);
  const [start, end] = [week[0]!.start, week[6]!.end];
  const docs = storiesFirstSeenBetween(db, start, end);
  const mentions = sharedStoryMentions(db, lastWeek[0]!.start, end);
  const input = {
    docs,
    badges: cveBadges(
      db,
      docs.flatMap((d) => d.cves),
    ),
    perDay: storiesPerDay(mentions, week, CHART_TOPIC_ORDER),
    lastWeek: storiesPerDay(mentions, lastWeek, CHART_TOPIC_ORDER),
    quiet: quietSources(db, start, end),
    chatOnlyFeeds: chatOnlyFeedIds(db),
    window: { start, end, now },
  };
  return weekFacts(input);
}

/** The chat's report for the week before `periodKey`, as a model (the CLI prints it too). */
export function weeklyModel(db: Db, chat: WeeklyReader, periodKey: string, now: number): WeeklyModel {
  return weeklyFor(weekFactsAt(db, periodKey, chat.timezone, now), digestSettings(chat, WEEKLY_TOP_STORIES));
}

function dueReports(db: Db, now: number): Array<{ chat: ChatRow; periodKey: string }> {
  const out: Array<{ chat: ChatRow; periodKey: string }> = [];
  for (const chat of weeklyChats(db)) {
    const due = duePeriods(now, chat.timezone, chat.digest_time).filter(
      (p) => weekdayOf(p.periodKey) === chat.weekly_day,
    );
    const latest = due[due.length - 1];
    if (latest && !isDigestPlanned(db, chat.id, latest.periodKey, 'weekly_reports'))
      out.push({ chat, periodKey: latest.periodKey });
  }
  return out;
}

/** Plans every weekly report that is due; returns how many were claimed. */
export async function planWeeklyReports(deps: WeeklyDeps): Promise<number> {
  const now = deps.clock();
  let planned = 0;
  // The chart counts every story of the week, whatever a chat's topics: chats sharing a time zone and
  // a language share one picture (300 chats at Monday 09:00 are a few renders, not 300).
  const charts = new Map<string, Promise<Buffer>>();
  const facts = new Map<string, WeekFacts>();
  const shared: Shared = {
    chart: (key, spec) => {
      if (!charts.has(key)) charts.set(key, deps.renderChart(spec));
      return charts.get(key)!;
    },
    facts: (periodKey, timezone) => {
      const key = `${periodKey} ${timezone}`;
      if (!facts.has(key)) facts.set(key, weekFactsAt(deps.db, periodKey, timezone, now));
      return facts.get(key)!;
    },
  };
  for (const due of dueReports(deps.db, now)) {
    try {
      if (await planReport(deps, shared, due.chat, due.periodKey, now)) planned++;
    } catch (err) {
      // One chat's failure (a chart that cannot render) must not hold back the others; it is tried
      // again next minute until its 12 h window passes.
      deps.log.error({ chatId: due.chat.id, err }, 'weekly report could not be planned');
    }
  }
  if (planned) deps.log.info({ planned }, 'weekly reports planned');
  return planned;
}

/** Computed once per planning run for all chats that share them. */
interface Shared {
  chart(key: string, spec: ChartSpec): Promise<Buffer>;
  facts(periodKey: string, timezone: string): WeekFacts;
}

async function planReport(deps: WeeklyDeps, shared: Shared, chat: ChatRow, periodKey: string, now: number) {
  const model = weeklyFor(shared.facts(periodKey, chat.timezone), digestSettings(chat, WEEKLY_TOP_STORIES));
  const lang = chatLanguage(chat);
  const out = renderWeekly(model, lang, chat.timezone);
  // Rendered before the transaction: a chart takes ~0.2 s and the write lock is not held for it.
  const png = out.kind === 'report' ? await shared.chart(`${periodKey} ${chat.timezone} ${lang}`, out.chart) : null;
  const record = {
    chatId: chat.id,
    periodKey,
    status: out.kind === 'report' ? ('planned' as const) : ('empty' as const),
    windowStart: model.windowStart,
    windowEnd: model.windowEnd,
    stories: model.totalStories,
    messages: out.kind === 'report' ? 1 + out.messages.length : 1,
  };
  const to = recipientOf(chat);
  return deps.db
    .transaction(() => {
      if (!claimDigest(deps.db, record, now, 'weekly_reports')) return false;
      if (out.kind === 'empty') queueMessages(deps.db, to, [out.text], 'digest', now);
      else {
        const photo = { png: png!, filename: `secbrief-week-${periodKey}.png`, caption: out.caption };
        queuePhoto(deps.db, to, photo, out.messages, 'digest', now);
      }
      return true;
    })
    .immediate();
}
