// /trend <query> [7d|30d|90d]: a chart of how many stories matched per day, with the total and
// the change against the period before; without a query, the topics. Rendered here (~0.2 s, the
// drawing in a worker thread) and sent as a photo; nothing matched is one line, never an empty chart.
import { html } from '../../format/html.js';
import { tHtml, type UiLanguage } from '../../format/i18n.js';
import { CHART_TOPIC_ORDER, trendCaption, trendChart, trendEmpty, type TrendModel } from '../../format/trend-text.js';
import { parseQuery, QueryError } from '../../news/query.js';
import { localDays, parseTrendArgs, storiesPerDay, TrendArgsError } from '../../news/trend.js';
import type { Db } from '../../store/db.js';
import { storyMentions } from '../../store/trends.js';
import { queuePhoto } from '../../notify/queue.js';
import type { CommandHandler } from '../types.js';
import { chatTimezone, reply } from './common.js';

/** Counts for `query` (null: every story, by topic) over the last `days` local days and the days before. */
export function trendModel(db: Db, query: string | null, days: number, now: number, timezone: string): TrendModel {
  const plan = query ? parseQuery(query, now) : null;
  const current = localDays(now, timezone, days);
  const previous = localDays(current[0]!.start - 1, timezone, days);
  const mentions = storyMentions(db, plan, previous[0]!.start, current[current.length - 1]!.end);
  return {
    query,
    days,
    timezone,
    current: storiesPerDay(mentions, current, CHART_TOPIC_ORDER),
    previous: storiesPerDay(mentions, previous, CHART_TOPIC_ORDER),
  };
}

/** The chart and its caption, or a one-line answer when nothing matched. */
export async function renderTrend(
  m: TrendModel,
  lang: UiLanguage,
): Promise<{ png: Buffer; caption: string } | { text: string }> {
  const spec = trendChart(m, lang);
  if (!spec) return { text: trendEmpty(m, lang).value };
  // Loaded on the first chart: ECharts and the font cost ~15 MB that a bot without charts never needs.
  const { renderChartPng } = await import('../../chart/render.js');
  return { png: await renderChartPng(spec), caption: trendCaption(m, lang).value };
}

export const trend: CommandHandler = async (ctx) => {
  let args;
  let model: TrendModel;
  const now = ctx.env.clock();
  try {
    args = parseTrendArgs(ctx.args);
    model = trendModel(ctx.env.db, args.query, args.days, now, chatTimezone(ctx));
  } catch (err) {
    if (err instanceof QueryError) return reply(tHtml(ctx.lang, 'badQuery', { message: err.message }));
    if (err instanceof TrendArgsError) return reply(html`${err.message} For example: /trend lockbit 30d`);
    throw err;
  }
  const out = await renderTrend(model, ctx.lang);
  if ('text' in out) return [{ html: out.text }];
  const day = new Date(now).toISOString().slice(0, 10);
  const to = { chatId: ctx.msg.chat.id, threadId: ctx.msg.threadId };
  queuePhoto(ctx.env.db, to, { png: out.png, filename: `trend-${day}.png`, caption: out.caption }, [], 'reply', now);
  // The photo is the answer; the dispatcher's caller wakes the sender for it.
  return [];
};
