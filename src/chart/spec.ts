// The pure sums the renderer's layout needs. What a chart shows (ChartSpec) is the base's
// (format/chart-spec.ts): the text renderers build it, chart/ only draws it.
import { CHART_HEIGHT, CHART_WIDTH, type ChartSeries, type ChartSpec } from '../format/chart-spec.js';

export { CHART_HEIGHT, CHART_WIDTH, type ChartSeries, type ChartSpec };

/** What is wrong with a spec the renderer cannot draw, or undefined when it can. */
export function specProblem(spec: ChartSpec): string | undefined {
  if (spec.labels.length === 0) return 'a chart needs at least one label';
  if (spec.series.length === 0) return 'a chart needs at least one series';
  const all = spec.reference ? [...spec.series, spec.reference] : spec.series;
  for (const s of all) {
    if (s.values.length !== spec.labels.length) {
      return `series "${s.name}" has ${s.values.length} values for ${spec.labels.length} labels`;
    }
    if (s.values.some((v) => !Number.isFinite(v))) return `series "${s.name}" has a value that is not a finite number`;
  }
  return undefined;
}

// Advance widths in em of the chart font's Latin (Noto Sans SC takes it from Source Sans), by class,
// measured from its renders and rounded up so that estimated layouts err on the roomy side.
const THIN = /[ijlI.,:;'!|\s·]/u;
const NARROW = /[rtf()[\]{}"/-]/u;
const WIDE = /[mwMW@%]/u;

function charEm(ch: string): number {
  if ((ch.codePointAt(0) ?? 0) >= 0x2e80) return 1; // CJK and full-width forms
  if (THIN.test(ch)) return 0.27;
  if (NARROW.test(ch)) return 0.36;
  if (WIDE.test(ch)) return 0.82;
  if (/[CDGOQ]/u.test(ch)) return 0.7;
  if (/[A-Z]/u.test(ch)) return 0.62;
  return 0.56;
}

/** Width of a line of text in px as the chart font sets it: an estimate for layout, not a measurement. */
export function textWidth(text: string, px: number): number {
  let em = 0;
  for (const ch of text) em += charEm(ch);
  return em * px;
}

// Daily labels are thinned in steps a reader can count on (every other day, every week) rather than
// whatever fits, so "every 7th" always lands on the same weekday.
const LABEL_STEPS = [1, 2, 3, 7, 14, 28];

/** Show every step-th label: the smallest step at which the widest label fits its slot with a gap. */
export function labelStep(labels: string[], slotPx: number, px: number, gapPx: number): number {
  const widest = Math.max(...labels.map((l) => textWidth(l, px)));
  const need = (widest + gapPx) / slotPx;
  return LABEL_STEPS.find((s) => s >= need) ?? Math.ceil(need);
}

/**
 * Rows a horizontal legend wraps into: items laid left to right as ECharts lays them (marker, gap,
 * text cut at maxText, item gap), a new row when the next item would pass the width.
 */
export function legendRows(
  names: string[],
  widthPx: number,
  item: { px: number; marker: number; gap: number; maxText: number },
): number {
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = item.marker + 5 + Math.min(textWidth(name, item.px), item.maxText);
    if (x > 0 && x + w > widthPx) {
      rows++;
      x = 0;
    }
    x += w + item.gap;
  }
  return rows;
}
