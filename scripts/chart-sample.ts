// Renders sample charts to look at: a week of stories per topic with last week as the reference line
// (English), a 30-day trend with a Chinese title, and a 90-day trend with eight Chinese topics.
// Usage: npx tsx scripts/chart-sample.ts <out dir>
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderChartPng } from '../src/chart/render.js';
import type { ChartSpec } from '../src/chart/spec.js';

const WEEK = ['Mon 24', 'Tue 25', 'Wed 26', 'Thu 27', 'Fri 28', 'Sat 29', 'Sun 30'];

export const WEEKLY: ChartSpec = {
  title: 'Stories per topic, 24–30 Nov',
  subtitle: '412 stories · +18% vs the week before',
  labels: WEEK,
  yName: 'stories',
  series: [
    { name: 'Ransomware', values: [14, 18, 11, 16, 20, 6, 5] },
    { name: 'Vulnerabilities', values: [22, 25, 19, 27, 24, 9, 8] },
    { name: 'Data breaches', values: [8, 6, 9, 7, 11, 3, 2] },
    { name: 'Phishing', values: [5, 7, 4, 6, 5, 2, 1] },
    { name: 'Nation-state', values: [6, 4, 7, 5, 6, 1, 2] },
    { name: 'Malware', values: [9, 8, 10, 7, 9, 4, 3] },
    { name: 'Cloud', values: [3, 4, 2, 5, 3, 1, 1] },
    { name: 'Other', values: [4, 3, 5, 2, 4, 2, 1] },
  ],
  reference: { name: 'Last week (total)', values: [60, 66, 58, 62, 70, 22, 18] },
};

function days(n: number, end: Date): string[] {
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(end.getTime() - (n - 1 - i) * 86_400_000);
    return `${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  });
}

/** A deterministic wobble around a slow rise, with a spike: what a keyword's trend looks like. */
function trend(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) =>
    Math.max(0, Math.round(6 + i / 6 + 3 * Math.sin(i * 0.9 + seed) + (i % 11 === 7 ? 9 : 0))),
  );
}

export const TREND: ChartSpec = {
  title: '“勒索” — 30 days',
  subtitle: '231 篇报道 · 比前 30 天 +12%',
  labels: days(30, new Date(Date.UTC(2025, 10, 30))),
  yName: '篇报道',
  series: [{ name: '勒索', values: trend(30, 1) }],
};

const TOPICS = ['勒索软件', '漏洞', '数据泄露', '钓鱼攻击', 'APT 组织', '恶意软件', '云安全', '其他'];

export const QUARTER: ChartSpec = {
  title: '每日报道（按主题）· 90 天',
  labels: days(90, new Date(Date.UTC(2025, 10, 30))),
  yName: '篇报道',
  series: TOPICS.map((name, k) => ({ name, values: trend(90, k).map((v) => Math.round(v / (1 + k / 3))) })),
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: npx tsx scripts/chart-sample.ts <out dir>');
  mkdirSync(out, { recursive: true });
  for (const [name, spec] of Object.entries({ weekly: WEEKLY, trend: TREND, quarter: QUARTER })) {
    const started = performance.now();
    const png = await renderChartPng(spec);
    writeFileSync(join(out, `${name}.png`), png);
    console.log(`${join(out, `${name}.png`)}: ${png.length} bytes, ${Math.round(performance.now() - started)} ms`);
  }
}
