// /trend as a chart and its caption, in en/zh. Pure: the counted days come in (news/trend.ts).
// The caption carries the figures the chart shows (total, change, busiest day), so a reader who
// cannot load the picture still gets the answer; Telegram caps a caption at 1,024 characters.
import type { ChartSpec } from './chart-spec.js';
import { html, join, type SafeHtml } from './html.js';
import { topicLabel, type UiLanguage } from './i18n.js';
import { TOPIC_KEYS } from '../news/article.js';
import { periodChange, type DailyStories, type LocalDay } from '../news/trend.js';

export interface TrendModel {
  /** The query as typed; null charts the topics. */
  query: string | null;
  days: number;
  timezone: string;
  current: DailyStories;
  /** The same number of days just before. */
  previous: DailyStories;
}

const TEXT = {
  en: {
    titleQuery: (q: string, d: number) => `“${q}” — stories per day, last ${d} days`,
    titleTopics: (d: number) => `Stories per topic per day, last ${d} days`,
    stories: 'stories',
    previous: (d: number) => `the ${d} days before`,
    total: (n: number) => `${n} ${n === 1 ? 'story' : 'stories'}`,
    change: (pct: string, d: number, n: number) => `${pct} vs the ${d} days before (${n})`,
    noBefore: (d: number) => `none in the ${d} days before`,
    busiest: (day: string, n: number) => `busiest day ${day} (${n})`,
    empty: (q: string | null, d: number) =>
      q ? `No stories matched “${q}” in the last ${d} days.` : `No stories in the last ${d} days yet.`,
  },
  zh: {
    titleQuery: (q: string, d: number) => `“${q}” — 近 ${d} 天每日报道`,
    titleTopics: (d: number) => `近 ${d} 天各主题每日报道`,
    stories: '篇报道',
    previous: (d: number) => `前 ${d} 天`,
    total: (n: number) => `${n} 篇报道`,
    change: (pct: string, d: number, n: number) => `较前 ${d} 天 ${pct}（${n}）`,
    noBefore: (d: number) => `前 ${d} 天没有`,
    busiest: (day: string, n: number) => `最多的一天 ${day}（${n}）`,
    empty: (q: string | null, d: number) => (q ? `近 ${d} 天没有与“${q}”相关的报道。` : `近 ${d} 天还没有报道。`),
  },
} as const;

/** "Mon 24" for a week, "11-24" for longer periods; in the chat's time zone. */
export function dayLabels(days: readonly LocalDay[], lang: UiLanguage, timezone: string): string[] {
  if (days.length > 7) return days.map((d) => d.key.slice(5));
  const weekday = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { weekday: 'short', timeZone: timezone });
  return days.map((d) => `${weekday.format(d.start)} ${Number(d.key.slice(8))}`);
}

/** A change as the captions show it: +18%, −50%. */
export const percent = (change: number) => `${change >= 0 ? '+' : '−'}${Math.round(Math.abs(change) * 100)}%`;

function statsLine(m: TrendModel, lang: UiLanguage): string {
  const tx = TEXT[lang];
  const change = periodChange(m.current.total, m.previous.total);
  const vs = change === null ? tx.noBefore(m.days) : tx.change(percent(change), m.days, m.previous.total);
  return `${tx.total(m.current.total)} · ${vs}`;
}

/** The chart, or null when there is nothing to draw (say so in text instead: trendEmpty). */
export function trendChart(m: TrendModel, lang: UiLanguage): ChartSpec | null {
  if (m.current.total === 0) return null;
  const tx = TEXT[lang];
  const series = m.query ? [{ name: tx.stories, values: m.current.totals }] : topicSeries(m.current.byTopic, lang);
  return {
    title: m.query ? tx.titleQuery(m.query, m.days) : tx.titleTopics(m.days),
    subtitle: statsLine(m, lang),
    labels: dayLabels(m.current.days, lang, m.timezone),
    series,
    reference: m.previous.total ? { name: tx.previous(m.days), values: m.previous.totals } : undefined,
    yName: tx.stories,
  };
}

/** The photo's caption: what was asked, the total, the change and the busiest day. */
export function trendCaption(m: TrendModel, lang: UiLanguage): SafeHtml {
  const tx = TEXT[lang];
  const title = m.query ? tx.titleQuery(m.query, m.days) : tx.titleTopics(m.days);
  const peak = m.current.totals.reduce((best, n, i) => (n > m.current.totals[best]! ? i : best), 0);
  const labels = dayLabels(m.current.days, lang, m.timezone);
  const lines: SafeHtml[] = [
    html`📈 <b>${title}</b>`,
    html`${statsLine(m, lang)}`,
    html`${tx.busiest(labels[peak]!, m.current.totals[peak]!)}`,
  ];
  return join(lines, '\n');
}

export function trendEmpty(m: Pick<TrendModel, 'query' | 'days'>, lang: UiLanguage): SafeHtml {
  return html`${TEXT[lang].empty(m.query, m.days)}`;
}

/** Topics in the digest's order, so the legend order stays the same from chart to chart. */
export const CHART_TOPIC_ORDER: readonly string[] = TOPIC_KEYS;

/**
 * Each topic's colour in every chart: Okabe–Ito's colour-blind-safe set, strong hues for the named
 * topics, a light grey for "other" so the catch-all does not dominate the picture.
 */
export const TOPIC_COLOURS: Readonly<Record<string, string>> = {
  ransomware: '#0072B2',
  vuln: '#E69F00',
  breach: '#009E73',
  malware: '#D55E00',
  apt: '#CC79A7',
  policy: '#56B4E9',
  advisory: '#F0E442',
  other: '#BDBDBD',
};

/** The topics with a story in the period, as stacked series in the digest's order and fixed colours. */
export function topicSeries(byTopic: ReadonlyMap<string, number[]>, lang: UiLanguage) {
  return [...byTopic]
    .filter(([, values]) => values.some((v) => v > 0))
    .map(([topic, values]) => ({ name: topicLabel(lang, topic), values, color: TOPIC_COLOURS[topic] }));
}
