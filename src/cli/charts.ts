// The charts in the terminal: `secbrief trend` (/trend) and `secbrief report --week` (the weekly
// report). The figures are printed; with --png the chart is written too. Dates are in
// DEFAULT_TIMEZONE unless a chat's settings are asked for.
import { writeFileSync } from 'node:fs';
import type { App } from '../app.js';
import { htmlToPlain } from '../format/html.js';
import type { UiLanguage } from '../format/i18n.js';
import { TREND_PERIODS, type TrendDays } from '../news/trend.js';
import { chatLanguage } from '../digest/chat-settings.js';
import { renderWeekly } from '../digest/weekly-render.js';
import { localDateKey } from '../news/schedule.js';
import { weeklyModel } from '../notify/weekly.js';
import { getChat } from '../store/chats.js';
import { renderTrend, trendModel } from '../telegram/commands/trend.js';
import { CommandError, out, UsageError } from './output.js';

export interface ChartFlags {
  days?: string;
  png?: string;
  lang?: string;
}

export function chartLanguage(lang: string | undefined): UiLanguage {
  if (lang !== undefined && lang !== 'en' && lang !== 'zh') throw new UsageError('--lang takes en or zh');
  return (lang as UiLanguage | undefined) ?? 'en';
}

function trendDays(days: string | undefined): TrendDays {
  const n = days === undefined ? 30 : Number(days);
  if (!(TREND_PERIODS as readonly number[]).includes(n)) throw new UsageError('--days takes 7, 30 or 90');
  return n as TrendDays;
}

/** Writes the PNG, refusing to leave a half-written file behind a failure. */
export function writePng(path: string, png: Buffer): void {
  try {
    writeFileSync(path, png);
  } catch (err) {
    throw new CommandError(`cannot write ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  out(`chart written to ${path} (${Math.round(png.length / 1024)} KB)`);
}

export async function trendCli(app: App, query: string, flags: ChartFlags): Promise<number> {
  const lang = chartLanguage(flags.lang);
  const model = trendModel(
    app.db,
    query.trim() || null,
    trendDays(flags.days),
    app.clock(),
    app.config.DEFAULT_TIMEZONE,
  );
  const r = await renderTrend(model, lang);
  if ('text' in r) throw new CommandError(`${htmlToPlain(r.text)} No chart written.`);
  out(htmlToPlain(r.caption));
  const width = String(Math.max(...model.current.totals)).length;
  model.current.days.forEach((d, i) => out(`${d.key}  ${String(model.current.totals[i]).padStart(width)}`));
  if (flags.png) writePng(flags.png, r.png);
  return 0;
}

/**
 * `secbrief report --week [--chat ID] [--png out.png] [--lang zh]`: the weekly report of the seven
 * days before today, as a chat (or, without --chat, DEFAULT_TIMEZONE and every language) would get it.
 */
export async function weeklyCli(app: App, flags: ChartFlags & { chat?: string; week?: boolean }): Promise<number> {
  if (!flags.week) throw new UsageError('report takes --week');
  const chat = flags.chat === undefined ? undefined : getChat(app.db, Number(flags.chat));
  if (flags.chat !== undefined && !chat) throw new UsageError(`no chat with id ${flags.chat}`);
  const lang = flags.lang === undefined && chat ? chatLanguage(chat) : chartLanguage(flags.lang);
  const reader = chat ?? {
    timezone: app.config.DEFAULT_TIMEZONE,
    ui_language: lang,
    content_languages: 'en,zh',
    topics: '',
  };
  const now = app.clock();
  const model = weeklyModel(app.db, reader, localDateKey(now, reader.timezone).key, now);
  const r = renderWeekly(model, lang, reader.timezone);
  if (r.kind === 'empty') throw new CommandError(`${htmlToPlain(r.text)} No chart written.`);
  out([r.caption, ...r.messages].map(htmlToPlain).join('\n\n'));
  if (flags.png) writePng(flags.png, await (await import('../chart/render.js')).renderChartPng(r.chart));
  return 0;
}
