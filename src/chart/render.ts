// A ChartSpec to a PNG with no browser and no system packages: ECharts lays the chart out as SVG on
// the server (its SSR mode), resvg rasterises it with a font shipped as an npm package (cut to the
// chart's characters, font-subset.ts), so Chinese and Latin text look the same on every machine.
import type { ResvgRenderOptions } from '@resvg/resvg-js';
// The single-file build, not echarts/core + charts + components: Node loads the modular build's
// hundreds of ES modules one by one, ~1.1 s and +27 MB RSS for bar, line, grid, legend and title,
// where this file takes ~0.12 s and +8 MB with everything in it (bench/chart.ts, chart_import_ms).
import * as echarts from 'echarts/dist/echarts.esm.min.mjs';
import { decodeXML } from 'entities';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChartFonts, ChartRenderError, FONT_FAMILY } from './fonts.js';
import { rasterise } from './raster.js';
import { chartOption } from './option.js';
import { CHART_HEIGHT, CHART_WIDTH, specProblem, textWidth, type ChartSpec } from './spec.js';

// ECharts lays out the legend and the axis margins from text widths; without a canvas it guesses them
// from a 12 px Arial table, which runs short of the chart font and pushed the legend past the edge.
echarts.setPlatformAPI({
  measureText: (text: string, font?: string) => ({
    width: textWidth(text, Number(/(\d+(?:\.\d+)?)px/.exec(font ?? '')?.[1] ?? 12)),
  }),
});

let fonts: { subsets: ChartFonts; dir: string } | undefined;

/** The fonts and a folder for each chart's subset, made once per process, on the first render. */
function chartFonts(): { subsets: ChartFonts; dir: string } {
  fonts ??= { subsets: new ChartFonts(), dir: mkdtempSync(join(tmpdir(), 'secbrief-chart-')) };
  return fonts;
}

/** resvg's options for one render: the subset font only, never the machine's fonts. */
export function resvgOptions(fontFile: string): ResvgRenderOptions {
  return {
    fitTo: { mode: 'original' },
    background: '#FFFFFF',
    logLevel: 'off',
    font: {
      fontFiles: [fontFile],
      // System fonts would make the picture depend on the machine, and their scan costs time.
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
  };
}

const TEXT_CONTENT = /<text\b[^>]*>([^<]*)<\/text>/g;

/** Every character the SVG draws as text (ECharts writes each label as one escaped <text>). */
export function drawnText(svg: string): string {
  let text = '';
  for (const m of svg.matchAll(TEXT_CONTENT)) text += decodeXML(m[1]!);
  return text;
}

/** The chart as ECharts' server-side SVG, CHART_WIDTH × CHART_HEIGHT. */
export function chartSvg(spec: ChartSpec): string {
  const problem = specProblem(spec);
  if (problem) throw new ChartRenderError(`cannot draw chart "${spec.title}": ${problem}`);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    chart.setOption(chartOption(spec, FONT_FAMILY));
    return chart.renderToSVGString();
  } catch (e) {
    throw new ChartRenderError(`ECharts failed on chart "${spec.title}": ${(e as Error).message}`);
  } finally {
    chart.dispose();
  }
}

let renders = 0;

/**
 * SVG to PNG bytes; the size is the SVG's own. resvg takes fonts by file path only, so the chart's
 * subset goes to a small file of its own for the render (see font-subset.ts for why a subset).
 */
async function toPng(svg: string, what: string): Promise<Buffer> {
  const { subsets, dir } = chartFonts();
  const file = join(dir, `${process.pid}-${renders++}.ttf`);
  try {
    writeFileSync(file, subsets.subsetFor(drawnText(svg)));
    return await rasterise(svg, resvgOptions(file));
  } catch (e) {
    throw new ChartRenderError(`resvg failed on ${what}: ${(e as Error).message}`);
  } finally {
    rmSync(file, { force: true });
  }
}

/**
 * The chart as PNG bytes, CHART_WIDTH × CHART_HEIGHT. Async, so a spec it cannot draw is a rejection
 * like any other failure, never a throw from the call.
 */
export async function renderChartPng(spec: ChartSpec): Promise<Buffer> {
  return toPng(chartSvg(spec), `chart "${spec.title}"`);
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * One line of text at `px` through the same resvg setup as the charts, black on white, on a canvas
 * of 2 em per character: lets a test see which glyphs the chart font really draws.
 */
export function renderTextPng(text: string, px: number): Promise<Buffer> {
  const width = Math.ceil(px * (2 * [...text].length + 1));
  const height = Math.ceil(px * 2);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<text x="${px / 2}" y="${px * 1.4}" font-family="sans-serif" font-size="${px}" fill="#000000">` +
    `${escapeXml(text)}</text></svg>`;
  return toPng(svg, `text "${text}"`);
}

export { ChartRenderError, checkedFontPath, FONT_FAMILY } from './fonts.js';
