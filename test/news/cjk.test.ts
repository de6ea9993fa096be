import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CJK, HAN } from '../../src/news/cjk.js';

test('HAN is Chinese characters only; CJK adds kana, hangul and the supplementary ideographs', () => {
  const han = new RegExp(`^[${HAN}]+$`, 'u'),
    cjk = new RegExp(`^[${CJK}]+$`, 'u');
  for (const s of ['勒索软件', '卡西欧', '㐀', '豈']) assert.ok(han.test(s) && cjk.test(s), s);
  for (const s of ['ランサム', '랜섬웨어', '𠀀']) assert.ok(!han.test(s) && cjk.test(s), s);
  for (const s of ['casio', '204.9', '，']) assert.ok(!han.test(s) && !cjk.test(s), s);
});
