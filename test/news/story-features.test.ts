import assert from 'node:assert/strict';
import { test } from 'node:test';
import { articleFeatures, sameFigure } from '../../src/news/story-features.js';

const figuresOf = (text: string, language = 'en') =>
  articleFeatures({
    id: 1,
    feedId: 1,
    source: 's',
    title: text,
    summary: '',
    bodyText: '',
    url: null,
    language,
    published: 0,
    cves: [],
  })
    .anchors.filter((t) => t.startsWith('#'))
    .sort();

test('figures with units, across languages', () => {
  assert.deepEqual(figuresOf('Casio: 204.9 GB stolen by Underground'), ['#204.9gb']);
  assert.deepEqual(figuresOf('卡西欧被窃取204.9GB数据', 'zh'), ['#204.9gb']);
  assert.deepEqual(figuresOf('$85 million fine'), ['#85m$']);
  assert.deepEqual(figuresOf('8500万美元罚款', 'zh'), ['#85m$']);
  assert.deepEqual(figuresOf('540万人信息泄露', 'zh'), ['#5.4m']);
  assert.deepEqual(figuresOf('Worm hits 21K GitHub repos'), ['#21k']);
});

test('a one-letter scale is not the first letter of the next word; separators make one number', () => {
  assert.deepEqual(figuresOf('A 5 MB file'), ['#5mb'], 'not 5 million');
  assert.deepEqual(figuresOf('Threat data: 476021 breached accounts'), [], 'not 476021 billion');
  // A count written out with separators is a figure by itself; a price keeps its currency only.
  assert.deepEqual(figuresOf('Synthient data - 1,957,476,021 breached accounts'), ['#1.96b']);
  assert.deepEqual(figuresOf('$1,200,000 ransom'), ['#1.2m$']);
  assert.deepEqual(figuresOf('3 flaws in 2 products'), [], 'small counts identify nothing');
});

test('figures are the same within rounding and in one unit', () => {
  assert.ok(sameFigure('#2b', '#1.96b'), '"2 billion" and 1,957,476,021');
  assert.ok(sameFigure('#204.9gb', '#205gb'));
  assert.ok(!sameFigure('#85m$', '#90m$'));
  assert.ok(!sameFigure('#2b', '#2b$'), 'a count is not an amount of money');
  assert.ok(!sameFigure('#2gb', '#2tb'));
});

test('lexicon names in Chinese text meet English words as the English side stems them', () => {
  const f = articleFeatures({
    id: 1,
    feedId: 1,
    source: 's',
    title: '西班牙警方在马德里机场逮捕LockBit嫌疑人',
    summary: '',
    bodyText: '',
    url: null,
    language: 'zh',
    published: 0,
    cves: [],
  });
  for (const t of ['spain', 'madrid', 'arrest', 'lockbit'])
    assert.ok(f.anchors.includes(t), `${t} in ${f.anchors.join(' ')}`);
});
