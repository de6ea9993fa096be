// The weekly chart as a server draws it: a 7-day, 8-topic stacked chart with last week's totals as the
// reference line, rendered to PNG by the compiled build in its own process (bench/chart-child.mjs) with
// the production heap flags. Prints chart_render_ms (median of 20 warm renders), chart_first_render_ms
// (the first, which loads the font), chart_extra_rss_mb (one chart: the peak RSS through the first
// render minus RSS before the chart module was imported) and chart_burst_extra_rss_mb (the same peak
// after 20 more renders in a row, as on a Monday morning of weekly reports).
// Run alone: node --import tsx bench/chart.ts [--no-build] [--json]
import { spawnSync } from 'node:child_process';
import type { ChartSpec } from '../src/chart/spec.js';
import { ROOT, runCompiledChild } from './production.js';

const TOPICS = ['Ransomware', 'Vulnerabilities', 'Data breaches', 'Phishing', 'Nation-state', 'Malware', 'Cloud'];

/** A week as the weekly report draws it: busy weekdays, a quiet weekend, an "Other" topic last. */
export function weeklySpec(): ChartSpec {
  const weekday = [1, 1.1, 0.9, 1.05, 1.2, 0.35, 0.3];
  const series = [...TOPICS, 'Other'].map((name, k) => ({
    name,
    values: weekday.map((w, d) => Math.round((24 / (1 + k / 2)) * w + ((d * 7 + k * 3) % 5))),
  }));
  const totals = weekday.map((_, d) => series.reduce((sum, s) => sum + s.values[d]!, 0));
  return {
    title: 'Stories per topic, 24–30 Nov',
    subtitle: `${totals.reduce((a, b) => a + b, 0)} stories · +18% vs the week before`,
    labels: ['Mon 24', 'Tue 25', 'Wed 26', 'Thu 27', 'Fri 28', 'Sat 29', 'Sun 30'],
    series,
    reference: { name: 'Last week', values: totals.map((t, d) => Math.round(t * (0.8 + (d % 3) / 10))) },
    yName: 'stories',
  };
}

interface ChildResult {
  importMs: number;
  firstMs: number;
  times: number[];
  bytes: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  firstPeakRssMb: number;
  peakRssMb: number;
}

export async function chartBench(): Promise<Record<string, number>> {
  const r = await runCompiledChild<ChildResult>('chart-child.mjs', [JSON.stringify(weeklySpec())]);
  const median = r.times[Math.floor(r.times.length / 2)]!;
  return {
    chart_render_ms: Math.round(median),
    chart_first_render_ms: Math.round(r.firstMs),
    chart_import_ms: Math.round(r.importMs),
    chart_png_kb: Math.round(r.bytes / 1024),
    chart_extra_rss_mb: Math.round(r.firstPeakRssMb - r.rssBeforeMb),
    chart_burst_extra_rss_mb: Math.round(r.peakRssMb - r.rssBeforeMb),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const r = await chartBench();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
}
