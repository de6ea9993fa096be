// The product's own weekly report and /trend chart from real weeks (../shared/realdata), through
// the real pipeline (feeds served on loopback, ingest, analysis): PNGs and the report's text, to look at.
// Usage: npx tsx scripts/weekly-sample.ts <out dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChartPng } from '../src/chart/render.js';
import { renderWeekly } from '../src/digest/weekly-render.js';
import { htmlToPlain } from '../src/format/html.js';
import type { UiLanguage } from '../src/format/i18n.js';
import { localDateKey } from '../src/news/schedule.js';
import type { WeeklyModel } from '../src/digest/weekly.js';
import type { TrendModel } from '../src/format/trend-text.js';
import { weeklyModel } from '../src/notify/weekly.js';
import { renderTrend, trendModel } from '../src/telegram/commands/trend.js';
import { loadRealWeek } from './realdata/load.js';
import { runRealPath } from './realdata/pipeline.js';

const WEEKS: Array<{ name: string; lang: UiLanguage; timezone: string; query: string }> = [
  { name: 'en-2025-11-24', lang: 'en', timezone: 'UTC', query: 'ransomware' },
  { name: 'zh-2025-W29', lang: 'zh', timezone: 'Asia/Shanghai', query: '勒索' },
];

const out = process.argv[2] ?? '/tmp/secbrief-samples';
mkdirSync(out, { recursive: true });
for (const w of WEEKS) {
  const week = loadRealWeek(w.name);
  const lastItem = Math.max(...week.items.map((i) => Date.parse(i.published)));
  let models: { weekly: WeeklyModel; trend: TrendModel } | undefined;
  await runRealPath(week, 'replay', (db, now) => {
    // The report due the day after the week's last item: it covers the seven days before.
    const reader = { timezone: w.timezone, ui_language: w.lang, content_languages: 'en,zh', topics: '' };
    models = {
      weekly: weeklyModel(db, reader, localDateKey(lastItem, w.timezone, 1).key, now),
      trend: trendModel(db, w.query, 7, now, w.timezone),
    };
  });
  const report = renderWeekly(models!.weekly, w.lang, w.timezone);
  if (report.kind === 'empty') throw new Error(`${w.name}: empty week`);
  writeFileSync(join(out, `weekly-${w.name}.png`), await renderChartPng(report.chart));
  writeFileSync(join(out, `weekly-${w.name}.txt`), [report.caption, ...report.messages].map(htmlToPlain).join('\n\n'));
  const trend = await renderTrend(models!.trend, w.lang);
  if ('text' in trend) throw new Error(`${w.name}: ${trend.text}`);
  writeFileSync(join(out, `trend-${w.name}.png`), trend.png);
  writeFileSync(join(out, `trend-${w.name}.txt`), htmlToPlain(trend.caption));
  console.log(`${w.name}: ${join(out, `weekly-${w.name}.png`)}, ${join(out, `trend-${w.name}.png`)}`);
}
