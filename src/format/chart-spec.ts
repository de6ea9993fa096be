// What a chart shows, as plain data: built by the pure renderers (/trend, the weekly report) and
// drawn to PNG by chart/. Kept in the base so the text and the picture come from one model.
export interface ChartSeries {
  name: string;
  /** One value per label. */
  values: number[];
  /** A fixed colour (#RRGGBB), so a topic looks the same in every chart; default: the palette in order. */
  color?: string;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  /** The x axis, one per day. */
  labels: string[];
  /** Stacked bars (topics) or a single series (a trend). */
  series: ChartSeries[];
  /** A dashed line over the bars, e.g. last week's stories per day. */
  reference?: ChartSeries;
  yName?: string;
}

export const CHART_WIDTH = 1280;
export const CHART_HEIGHT = 720;
