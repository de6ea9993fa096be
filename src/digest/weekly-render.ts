// WeeklyModel → a chart, its caption and the follow-up messages, in en/zh. Pure. The caption has
// the week in figures (Telegram caps it at 1,024 characters); the stories, CVEs, groups and quiet
// sources follow as ordinary messages. An empty week is one short line, never an empty chart.
import type { ChartSpec } from '../format/chart-spec.js';
import { renderCveBadge } from '../format/cve-card.js';
import { anchor, html, join, type SafeHtml } from '../format/html.js';
import { topicLabel, type UiLanguage } from '../format/i18n.js';
import { packMessages } from '../format/split.js';
import { dayLabels, percent, topicSeries } from '../format/trend-text.js';
import { truncate } from '../news/text.js';
import { periodChange } from '../news/trend.js';
import type { WeeklyModel } from './weekly.js';

const TEXT = {
  en: {
    header: (range: string) => `📊 <b>Weekly report</b> · ${range}`,
    counts: (n: number, s: number) => `${n} stories from ${s} sources`,
    lastWeek: (n: number, pct: string | null) => `last week ${n}${pct ? ` (${pct})` : ''}`,
    topTopics: 'Top topics: ',
    top: 'Top stories of the week',
    sources: (n: number) => (n === 1 ? '1 source' : `${n} sources`),
    cves: 'Most-mentioned CVEs',
    inStories: (n: number) => (n === 1 ? '1 story' : `${n} stories`),
    ransomware: 'Most active ransomware groups',
    actors: 'Most active threat actors',
    quiet: 'Sources that went quiet',
    quietLine: (last: string, n: number) => `nothing this week (last article ${last}; ${n} in the 4 weeks before)`,
    failing: (error: string) => `failing: ${error}`,
    chartTitle: (range: string) => `Stories per topic per day · ${range}`,
    chartLastWeek: (n: number) => `last week (${n} stories)`,
    stories: 'stories',
    empty: (range: string) => `📊 Weekly report · ${range}: no stories this week.`,
  },
  zh: {
    header: (range: string) => `📊 <b>每周报告</b> · ${range}`,
    counts: (n: number, s: number) => `${n} 篇报道，来自 ${s} 个来源`,
    lastWeek: (n: number, pct: string | null) => `上周 ${n}${pct ? `（${pct}）` : ''}`,
    topTopics: '主要主题：',
    top: '本周要闻',
    sources: (n: number) => `${n} 个来源`,
    cves: '提及最多的 CVE',
    inStories: (n: number) => `${n} 篇报道`,
    ransomware: '最活跃的勒索团伙',
    actors: '最活跃的威胁组织',
    quiet: '本周沉寂的来源',
    quietLine: (last: string, n: number) => `本周无文章（最近一篇 ${last}；此前 4 周 ${n} 篇）`,
    failing: (error: string) => `抓取失败：${error}`,
    chartTitle: (range: string) => `各主题每日报道 · ${range}`,
    chartLastWeek: (n: number) => `上周（${n} 篇）`,
    stories: '篇报道',
    empty: (range: string) => `📊 每周报告 · ${range}：本周没有报道。`,
  },
} as const;

const TITLE_CHARS = 140;

/** "24–30 Nov" / "11月24日–30日", the week's first and last local day. */
export function weekRange(m: WeeklyModel, lang: UiLanguage, timezone: string): string {
  const days = m.perDay.days;
  const [first, last] = [days[0]!.start, days[days.length - 1]!.start];
  if (lang === 'zh') {
    // Node's ICU ranges Chinese dates as "11/23 – 11/29"; a reader expects 11月23日至11月29日.
    const f = new Intl.DateTimeFormat('zh-CN', { day: 'numeric', month: 'long', timeZone: timezone });
    return `${f.format(first)}至${f.format(last)}`;
  }
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: timezone }).formatRange(
    first,
    last,
  );
}

function caption(m: WeeklyModel, lang: UiLanguage, range: string): string {
  const tx = TEXT[lang];
  const change = periodChange(m.totalStories, m.lastWeekStories);
  const topics = [...m.perDay.byTopic]
    .map(([topic, days]) => ({ topic, n: days.reduce((a, b) => a + b, 0) }))
    // "Other" says nothing about the week; the caption names the topics that do.
    .filter((t) => t.n > 0 && t.topic !== 'other')
    .sort((a, b) => b.n - a.n)
    .slice(0, 4)
    .map((t) => html`${topicLabel(lang, t.topic)} ${t.n}`);
  const lastWeek = tx.lastWeek(m.lastWeekStories, change === null ? null : percent(change));
  const lines = [
    tx.header(range),
    html`${tx.counts(m.totalStories, m.sources)} · ${lastWeek}`.value,
    html`${tx.topTopics}${join(topics, ' · ')}`.value,
  ];
  // Three short lines of fixed labels and numbers: far under CAPTION_MAX_CHARS, which photoPayload checks.
  return lines.join('\n');
}

function sections(m: WeeklyModel, lang: UiLanguage, timezone: string): SafeHtml[] {
  const tx = TEXT[lang];
  const blocks: SafeHtml[] = [];
  const top = m.top.map((s, i) => {
    const title = anchor(s.lead.url, truncate(s.lead.title, TITLE_CHARS));
    return html`${i + 1}. ${title} <i>(${s.lead.source}; ${tx.sources(s.sources)})</i>`;
  });
  if (top.length) blocks.push(html`<b>${tx.top}</b>\n${join(top, '\n')}`);
  const cves = m.cves.map((c) => html`• ${renderCveBadge(c.item, lang)} — ${tx.inStories(c.stories)}`);
  if (cves.length) blocks.push(html`<b>${tx.cves}</b>\n${join(cves, '\n')}`);
  for (const kind of ['ransomware', 'actor'] as const) {
    const list = m.actors.filter((a) => a.item.kind === kind).map((a) => html`${a.item.name} (${a.stories})`);
    if (list.length)
      blocks.push(html`<b>${kind === 'ransomware' ? tx.ransomware : tx.actors}</b>\n${join(list, ' · ')}`);
  }
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: timezone });
  const quiet = m.quiet.map((q) => {
    const why = q.error
      ? tx.failing(truncate(q.error, 80))
      : tx.quietLine(q.lastArticleAt ? day.format(q.lastArticleAt) : '—', q.before);
    return html`• ${q.title} — ${why}`;
  });
  if (quiet.length) blocks.push(html`<b>${tx.quiet}</b>\n${join(quiet, '\n')}`);
  return blocks;
}

function chart(m: WeeklyModel, lang: UiLanguage, timezone: string, range: string): ChartSpec {
  const tx = TEXT[lang];
  return {
    title: tx.chartTitle(range),
    subtitle: tx.counts(m.totalStories, m.sources),
    labels: dayLabels(m.perDay.days, lang, timezone),
    series: topicSeries(m.perDay.byTopic, lang),
    reference: m.lastWeekStories ? { name: tx.chartLastWeek(m.lastWeekStories), values: m.lastWeek.totals } : undefined,
    yName: tx.stories,
  };
}

export type RenderedWeekly =
  { kind: 'empty'; text: string } | { kind: 'report'; chart: ChartSpec; caption: string; messages: string[] };

export function renderWeekly(m: WeeklyModel, lang: UiLanguage, timezone: string): RenderedWeekly {
  const range = weekRange(m, lang, timezone);
  if (m.totalStories === 0) return { kind: 'empty', text: html`${TEXT[lang].empty(range)}`.value };
  return {
    kind: 'report',
    chart: chart(m, lang, timezone, range),
    caption: caption(m, lang, range),
    messages: packMessages(sections(m, lang, timezone)),
  };
}
