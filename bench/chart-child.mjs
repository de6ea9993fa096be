// Child process: the chart renderer on the compiled build with the production heap flags. RSS before
// the chart module is imported, the first render (it loads the font) and the peak RSS so far, then
// RUNS renders of the same spec and the peak RSS over them. Prints one JSON line.
// Usage: node [heap flags] bench/chart-child.mjs <spec as JSON>
import { writeFileSync } from 'node:fs';
import { peakRssMb } from './peak-rss.mjs';

const RUNS = 20;
const spec = JSON.parse(process.argv[2] ?? 'null');
if (!spec) throw new Error('usage: chart-child.mjs <spec as JSON>');

// VmHWM counts from process start, and node's own start-up may peak above where it settles: reset it
// (Linux: 5 to clear_refs) so the peak read at the end is the rendering's.
try {
  writeFileSync('/proc/self/clear_refs', '5');
} catch {
  // not Linux: the peak is the process's, an upper bound
}
const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
const imported = performance.now();
const { renderChartPng } = await import('../dist/chart/render.js');
const importMs = performance.now() - imported;

const first = performance.now();
const bytes = (await renderChartPng(spec)).length;
const firstMs = performance.now() - first;
// One chart: what a process that had never drawn one holds at its peak (renderer, font, drawing).
const firstPeakRssMb = peakRssMb();

// Each render in its own turn of the event loop, as a bot serves them (the drawing itself runs in a
// worker thread that exits after each chart, chart/raster.ts).
const times = [];
for (let k = 0; k < RUNS; k++) {
  await new Promise((resolve) => setImmediate(resolve));
  const started = performance.now();
  await renderChartPng(spec);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
const rssAfterMb = process.memoryUsage().rss / 2 ** 20;
console.log(
  JSON.stringify({ importMs, firstMs, times, bytes, rssBeforeMb, rssAfterMb, firstPeakRssMb, peakRssMb: peakRssMb() }),
);
