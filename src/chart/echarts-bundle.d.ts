// ECharts' single-file ES build ships without a declaration of its own; it exports what the package's
// main entry does.
declare module 'echarts/dist/echarts.esm.min.mjs' {
  export * from 'echarts';
}
