// A ChartSpec as an ECharts option: the look (sizes for a phone screen, a colour-blind-safe palette,
// where the legend goes) lives here, drawing in render.ts.
import type {
  BarSeriesOption,
  ComposeOption,
  GridComponentOption,
  LegendComponentOption,
  LineSeriesOption,
  TitleComponentOption,
} from 'echarts';
import { CHART_WIDTH, legendRows, labelStep, type ChartSeries, type ChartSpec } from './spec.js';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TitleComponentOption
>;

// Okabe–Ito, dark and far-apart hues first; yellow (weak on white) and black (close to the reference
// line's grey) come last, for the 7th and 8th topic. The vermillion and the bluish green are Okabe–Ito's
// own pair, told apart by red-green colour-blind readers too.
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
const INK = '#1F2328';
const MUTED = '#57606A';
const GRID_LINE = '#E1E4E8';
const REFERENCE = '#4D4D4D';

const FONT = { title: 34, subtitle: 22, legend: 20, axis: 20 } as const;
const MARGIN = 40;
const WIDTH = CHART_WIDTH - 2 * MARGIN;
const LEGEND = { px: FONT.legend, marker: 30, gap: 28, rowPx: 34, maxText: 360 } as const;

// Above a month of days, bars would be a few px wide with gaps of one: a stacked area reads better
// and keeps the same colours, so a 90-day trend is a line and a week or a month are bars.
export const MAX_BAR_LABELS = 31;

/** Where the pieces go, top to bottom: title block, legend rows, the grid (with its labels inside). */
function layout(spec: ChartSpec): { legendTop: number; gridTop: number } {
  const titleBottom = 24 + FONT.title * 1.25 + (spec.subtitle ? 10 + FONT.subtitle * 1.25 : 0);
  const legendTop = Math.round(titleBottom + 18);
  const names = legendNames(spec);
  const rows = names.length > 0 ? legendRows(names, WIDTH, LEGEND) : 0;
  return { legendTop, gridTop: legendTop + rows * LEGEND.rowPx + 12 };
}

// One series needs no legend: the title says what it is. A reference line always gets one.
function legendNames(spec: ChartSpec): string[] {
  const bars = spec.series.length > 1 || spec.reference ? spec.series.map((s) => s.name) : [];
  return spec.reference ? [...bars, spec.reference.name] : bars;
}

function dataSeries(spec: ChartSpec, asBars: boolean): Array<BarSeriesOption | LineSeriesOption> {
  const stacked = spec.series.length > 1;
  return spec.series.map((s: ChartSeries): BarSeriesOption | LineSeriesOption =>
    asBars
      ? {
          type: 'bar',
          name: s.name,
          data: s.values,
          stack: stacked ? 'total' : undefined,
          barCategoryGap: '22%',
          ...(s.color ? { color: s.color } : {}),
          // A thin white edge between stacked segments, so neighbouring colours never touch.
          itemStyle: { borderColor: '#FFFFFF', borderWidth: stacked ? 1.5 : 0 },
        }
      : {
          type: 'line',
          name: s.name,
          data: s.values,
          stack: stacked ? 'total' : undefined,
          showSymbol: false,
          ...(s.color ? { color: s.color } : {}),
          lineStyle: { width: stacked ? 1.5 : 3 },
          areaStyle: { opacity: stacked ? 0.85 : 0.25 },
        },
  );
}

function referenceSeries(reference: ChartSeries): LineSeriesOption {
  return {
    type: 'line',
    name: reference.name,
    data: reference.values,
    z: 10,
    color: REFERENCE,
    symbol: 'circle',
    symbolSize: 8,
    showSymbol: reference.values.length <= MAX_BAR_LABELS,
    lineStyle: { type: 'dashed', width: 3, color: REFERENCE },
    itemStyle: { color: REFERENCE },
  };
}

function xAxis(spec: ChartSpec, asBars: boolean): ChartOption['xAxis'] {
  const slot = (WIDTH - 80) / spec.labels.length;
  const step = labelStep(spec.labels, slot, FONT.axis, 16);
  return {
    type: 'category',
    data: spec.labels,
    boundaryGap: asBars,
    axisTick: { show: false },
    axisLine: { lineStyle: { color: MUTED, width: 1.5 } },
    // A line starts on the axis: its first and last labels would hang half outside the grid.
    axisLabel: {
      fontSize: FONT.axis,
      color: INK,
      interval: step - 1,
      margin: 12,
      alignMinLabel: asBars ? undefined : 'left',
      alignMaxLabel: asBars ? undefined : 'right',
    },
  };
}

function yAxis(spec: ChartSpec): ChartOption['yAxis'] {
  return {
    type: 'value',
    min: 0,
    // All zeros would leave ECharts an empty range; 1 gives the axis a 0 and a 1 to stand on.
    max: (extent: { max: number }) => (extent.max > 0 ? null : 1) as number,
    minInterval: 1,
    name: spec.yName,
    nameLocation: 'end',
    nameGap: 18,
    nameTextStyle: { fontSize: FONT.axis, color: MUTED, align: 'left' },
    axisLabel: { fontSize: FONT.axis, color: INK, margin: 12 },
    splitLine: { lineStyle: { color: GRID_LINE, width: 1.5 } },
  };
}

/** The whole option for a spec the caller has checked (specProblem). */
export function chartOption(spec: ChartSpec, fontFamily: string): ChartOption {
  const asBars = spec.labels.length <= MAX_BAR_LABELS;
  const { legendTop, gridTop } = layout(spec);
  const series = dataSeries(spec, asBars);
  if (spec.reference) series.push(referenceSeries(spec.reference));
  return {
    animation: false,
    backgroundColor: '#FFFFFF',
    color: PALETTE,
    textStyle: { fontFamily },
    title: {
      text: spec.title,
      subtext: spec.subtitle,
      left: MARGIN,
      top: 24,
      padding: 0,
      itemGap: 10,
      // A title longer than the picture ends in "…" rather than running off its edge.
      textStyle: { fontSize: FONT.title, color: INK, fontWeight: 'bold', width: WIDTH, overflow: 'truncate' },
      subtextStyle: { fontSize: FONT.subtitle, color: MUTED, width: WIDTH, overflow: 'truncate' },
    },
    legend: {
      show: legendNames(spec).length > 0,
      // Areas get a block in the legend like bars, not the line-and-dot ECharts gives line series.
      data: legendNames(spec).map((name) => (name === spec.reference?.name ? { name } : { name, icon: 'roundRect' })),
      left: MARGIN,
      width: WIDTH,
      top: legendTop,
      padding: 0,
      itemWidth: LEGEND.marker,
      itemHeight: 16,
      itemGap: LEGEND.gap,
      textStyle: { fontSize: LEGEND.px, color: INK, width: LEGEND.maxText, overflow: 'truncate' },
    },
    grid: {
      left: MARGIN,
      right: MARGIN,
      top: gridTop,
      bottom: 24,
      outerBoundsMode: 'same',
      outerBoundsContain: 'all',
    },
    xAxis: xAxis(spec, asBars),
    yAxis: yAxis(spec),
    series,
  };
}
