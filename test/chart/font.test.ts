// The chart fonts: the committed base font is exactly what scripts/font-base.ts cuts from the npm
// font (so an upgrade of either cannot drift unnoticed), it covers the base set and nothing is
// lost outside it, and a chart's subset is small.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { baseCharset, coveredByBase } from '../../src/chart/charset.js';
import { FontSubsetter } from '../../src/chart/font-subset.js';
import { BASE_FONT, buildBaseFont, ChartFonts } from '../../src/chart/fonts.js';
import { rasterise } from '../../src/chart/raster.js';
import { renderChartPng, resvgOptions } from '../../src/chart/render.js';

test('the committed base font is the npm font cut to the base set (run scripts/font-base.ts after an upgrade)', () => {
  const built = buildBaseFont();
  assert.ok(
    built.equals(readFileSync(BASE_FONT)),
    'fonts/NotoSansSC-Regular-base.ttf differs from what the script builds',
  );
  assert.ok(built.length < 3_000_000, `${built.length} bytes`);
});

test('the base set: GB2312 hanzi and symbols, Latin and punctuation; names outside it are noticed', () => {
  const set = baseCharset();
  assert.ok(set.size > 7_000 && set.size < 9_000, `${set.size} characters`);
  assert.ok(coveredByBase('勒索软件 Ransomware & extortion · 7月14日至7月20日 “LockBit” — 100%'));
  // 喆 (a common name character) and 齣 are not in GB2312: such a chart is cut from the full font.
  assert.ok(!coveredByBase('王喆'));
  assert.ok(!coveredByBase('齣'));
});

test('a chart subset is small, from the base or, for a rare character, from the full font', () => {
  const fonts = new ChartFonts();
  const common = fonts.subsetFor('各主题每日报道 Stories per topic per day 0123456789');
  const rare = fonts.subsetFor('王喆 0123456789');
  assert.ok(common.length < 40_000, `${common.length} bytes`);
  assert.ok(rare.length < 40_000, `${rare.length} bytes`);
  // The rare character's glyph is really in its subset: cutting the base for it keeps only .notdef.
  const fromBase = new FontSubsetter(BASE_FONT).subset('王喆 0123456789');
  assert.ok(rare.length > fromBase.length, 'the full font adds the glyph the base lacks');
});

test('a drawing that fails in its worker rejects with resvg’s error; a spec that cannot be drawn is a rejection', async () => {
  await assert.rejects(rasterise('this is not an SVG', resvgOptions(BASE_FONT)), /SVG data parsing failed/);
  await assert.rejects(
    renderChartPng({ title: 't', labels: ['a'], series: [{ name: 's', values: [1, 2] }] }),
    /series "s" has 2 values for 1 labels/,
  );
});
