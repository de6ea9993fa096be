// The chart renderer: real PNGs of the right size with something drawn, Chinese text drawn with real
// glyphs (not the font's missing-glyph box, not nothing), degenerate specs handled, bad specs refused
// with a message that says what is wrong.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { ChartRenderError, checkedFontPath, chartSvg, renderChartPng, renderTextPng } from '../../src/chart/render.js';
import { CHART_HEIGHT, CHART_WIDTH, labelStep, textWidth, type ChartSpec } from '../../src/chart/spec.js';

const WEEK = ['Mon 24', 'Tue 25', 'Wed 26', 'Thu 27', 'Fri 28', 'Sat 29', 'Sun 30'];

function weekly(over: Partial<ChartSpec> = {}): ChartSpec {
  return {
    title: 'Stories per topic, 24–30 Nov',
    subtitle: '128 stories · +18% vs the week before',
    labels: WEEK,
    series: [
      { name: 'Ransomware', values: [4, 8, 1, 6, 9, 2, 1] },
      { name: 'Vulnerabilities', values: [12, 15, 9, 17, 14, 3, 2] },
      { name: 'Data breaches', values: [3, 2, 4, 1, 5, 1, 0] },
    ],
    reference: { name: 'Last week', values: [18, 22, 15, 20, 25, 6, 4] },
    yName: 'stories',
    ...over,
  };
}

const CHINESE: ChartSpec = {
  title: '“勒索” — 本周',
  subtitle: '共 128 篇报道',
  labels: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  series: [
    { name: '勒索软件', values: [4, 8, 1, 6, 9, 2, 1] },
    { name: '漏洞', values: [12, 15, 9, 17, 14, 3, 2] },
    { name: '数据泄露', values: [3, 2, 4, 1, 5, 1, 0] },
  ],
  reference: { name: '上周', values: [18, 22, 15, 20, 25, 6, 4] },
  yName: '篇报道',
};

interface Image {
  width: number;
  height: number;
  /** 1 where a pixel is darker than mid-grey (ink on the white background). */
  ink: Uint8Array;
  rgba: Buffer;
}

function decode(png: Buffer): Image {
  const { width, height, data } = PNG.sync.read(png);
  const ink = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const lum = 0.299 * data[4 * i]! + 0.587 * data[4 * i + 1]! + 0.114 * data[4 * i + 2]!;
    ink[i] = lum < 128 ? 1 : 0;
  }
  return { width, height, ink, rgba: data };
}

function crop(img: Image, x0: number, y0: number, x1: number, y1: number): Image {
  const [width, height] = [x1 - x0, y1 - y0];
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    ink.set(img.ink.subarray((y0 + y) * img.width + x0, (y0 + y) * img.width + x1), y * width);
  return { width, height, ink, rgba: Buffer.alloc(0) };
}

const inked = (img: Image): number => img.ink.reduce((n, v) => n + v, 0);

function differing(a: Image, b: Image): number {
  assert.equal(a.width, b.width);
  assert.equal(a.height, b.height);
  let n = 0;
  for (let i = 0; i < a.ink.length; i++) if (a.ink[i] !== b.ink[i]) n++;
  return n;
}

/** Pixels that are not (near-)white: anything drawn, in any colour. */
function drawn(img: Image): number {
  let n = 0;
  for (let i = 0; i < img.width * img.height; i++) {
    if (Math.min(img.rgba[4 * i]!, img.rgba[4 * i + 1]!, img.rgba[4 * i + 2]!) < 235) n++;
  }
  return n;
}

function hasColour(img: Image, hex: string): boolean {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  for (let i = 0; i < img.width * img.height; i++) {
    const d = img.rgba.subarray(4 * i, 4 * i + 3);
    if (Math.abs(d[0]! - r!) <= 2 && Math.abs(d[1]! - g!) <= 2 && Math.abs(d[2]! - b!) <= 2) return true;
  }
  return false;
}

test('a weekly chart is a 1280×720 PNG on white with the bars, the reference line and the text drawn', async () => {
  const img = decode(await renderChartPng(weekly()));
  assert.deepEqual([img.width, img.height], [CHART_WIDTH, CHART_HEIGHT]);
  assert.deepEqual([...img.rgba.subarray(0, 4)], [255, 255, 255, 255], 'the corner is the white background');
  assert.ok(drawn(img) > 0.08 * img.width * img.height, `only ${drawn(img)} pixels drawn`);
  assert.ok(hasColour(img, '#0072B2'), 'the first topic in the palette blue');
  assert.ok(hasColour(img, '#E69F00'), 'the second topic in orange');
  // The title band holds nothing but the title's dark text (the legend and the bars are below it).
  const title = inked(crop(img, 0, 20, 700, 70));
  assert.ok(title > 1_500, `only ${title} dark pixels where the title is: no text?`);
});

test('the font draws Chinese with real glyphs: not nothing, not its missing-glyph box', async () => {
  // U+E000 (private use) and U+0915 (Devanagari KA) are not in Noto Sans SC: two unrelated code points
  // that draw the same shape are the font's .notdef box, which also shows the font is loaded at all.
  const missing = decode(await renderTextPng('\uE000', 64));
  const missingToo = decode(await renderTextPng('\u0915', 64));
  assert.ok(inked(missing) > 100, 'the missing-glyph box is drawn (is the font loaded?)');
  assert.equal(differing(missing, missingToo), 0, 'both missing code points draw the same .notdef box');

  const le = decode(await renderTextPng('勒', 64));
  const suo = decode(await renderTextPng('索', 64));
  for (const [name, img] of [
    ['勒', le],
    ['索', suo],
  ] as const) {
    assert.ok(inked(img) > 300, `${name} has ink (${inked(img)} pixels)`);
    const d = differing(img, missing);
    assert.ok(d > 0.5 * inked(img), `${name} is not the missing-glyph box (${d} of ${inked(img)} pixels differ)`);
  }
  const d = differing(le, suo);
  assert.ok(d > 0.4 * Math.max(inked(le), inked(suo)), `勒 and 索 are different glyphs (${d} pixels differ)`);
});

test('a character outside the base font (喆, not in GB2312) is drawn from the full font, not as a box', async () => {
  const missing = decode(await renderTextPng('\uE000', 64));
  const zhe = decode(await renderTextPng('喆', 64));
  assert.ok(inked(zhe) > 300, `喆 has ink (${inked(zhe)} pixels)`);
  assert.ok(differing(zhe, missing) > 0.5 * inked(zhe), '喆 is not the missing-glyph box');
});

test('a chart in Chinese draws its glyphs: the same chart with each CJK character missing looks different', async () => {
  const boxes = (s: string): string => s.replace(/[\u4e00-\u9fff]/gu, '\uE000');
  const boxed: ChartSpec = {
    ...CHINESE,
    title: boxes(CHINESE.title),
    subtitle: boxes(CHINESE.subtitle!),
    labels: CHINESE.labels.map(boxes),
    series: CHINESE.series.map((s) => ({ ...s, name: boxes(s.name) })),
    reference: { ...CHINESE.reference!, name: boxes(CHINESE.reference!.name) },
    yName: boxes(CHINESE.yName!),
  };
  const chinese = decode(await renderChartPng(CHINESE));
  const missing = decode(await renderChartPng(boxed));
  assert.deepEqual([chinese.width, chinese.height], [CHART_WIDTH, CHART_HEIGHT]);
  // Same layout (ECharts sizes both as one em a character), so only the glyphs can differ.
  const d = differing(chinese, missing);
  assert.ok(d > 3_000, `only ${d} pixels differ`);
  const svg = chartSvg(CHINESE);
  for (const text of ['勒索软件', '数据泄露', '周三', '篇报道']) assert.ok(svg.includes(text), `${text} is in the SVG`);
});

test('markup in a title, a label or a topic is text, not SVG', async () => {
  const spec = weekly({ title: 'AT&T <breach> "x"', labels: WEEK.map((l) => `${l}<&>`) });
  assert.match(chartSvg(spec), /AT&amp;T &lt;breach&gt;/);
  const img = decode(await renderChartPng(spec));
  assert.deepEqual([img.width, img.height], [CHART_WIDTH, CHART_HEIGHT]);
});

test('all zeros still renders a valid chart, with a y axis from 0', async () => {
  const zeros = weekly({
    series: [{ name: 'Ransomware', values: WEEK.map(() => 0) }],
    reference: { name: 'Last week', values: WEEK.map(() => 0) },
  });
  const img = decode(await renderChartPng(zeros));
  assert.deepEqual([img.width, img.height], [CHART_WIDTH, CHART_HEIGHT]);
  assert.ok(inked(img) > 2_000, 'title, labels and axes are drawn');
  assert.match(chartSvg(zeros), />0</, 'a 0 on the y axis');
});

test('a series whose length does not match the labels is refused, naming the series and both counts', async () => {
  const bad = weekly({ series: [{ name: 'Ransomware', values: [1, 2, 3] }] });
  await assert.rejects(renderChartPng(bad), (e: unknown) => {
    assert.ok(e instanceof ChartRenderError);
    assert.match(e.message, /"Ransomware" has 3 values for 7 labels/);
    return true;
  });
  const badReference = weekly({ reference: { name: 'Last week', values: [1] } });
  assert.throws(() => chartSvg(badReference), /"Last week" has 1 values for 7 labels/);
  assert.throws(() => chartSvg(weekly({ labels: [] })), ChartRenderError);
  assert.throws(() => chartSvg(weekly({ series: [{ name: 'NaN', values: WEEK.map(() => NaN) }] })), /not a finite/);
});

test('a missing or broken font is a ChartRenderError that says which', async () => {
  assert.throws(
    () => checkedFontPath('@expo-google-fonts/noto-sans-sc/400Regular/Nope.ttf'),
    (e: unknown) => {
      assert.ok(e instanceof ChartRenderError);
      assert.match(e.message, /Nope\.ttf not found/);
      return true;
    },
  );
  assert.throws(() => checkedFontPath('@expo-google-fonts/noto-sans-sc/package.json'), /is not a font file/);
});

test('90 daily labels show every 7th; 30 every other; a week all of them', async () => {
  const days = (n: number) => Array.from({ length: n }, (_, i) => `11-${String((i % 30) + 1).padStart(2, '0')}`);
  const shown = (n: number): number => {
    const labels = days(n);
    const spec: ChartSpec = { title: 't', labels, series: [{ name: 's', values: labels.map((_, i) => i % 9) }] };
    return [...chartSvg(spec).matchAll(/>11-\d\d</g)].length;
  };
  assert.equal(shown(90), 13);
  assert.equal(shown(30), 15);
  assert.equal(shown(7), 7);
  assert.equal(labelStep(WEEK, 160, 20, 16), 1);
  assert.ok(textWidth('勒索', 20) > textWidth('ab', 20), 'CJK characters are wider than Latin ones');
});
