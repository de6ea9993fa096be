import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanTitle, htmlToText, segmentForIndex, stripUnsafeChars, truncate } from '../../src/news/text.js';

test('HTML to text drops scripts and styles and decodes entities', () => {
  assert.equal(htmlToText('<p>Patch&nbsp;now &amp; <b>reboot</b></p><script>alert(1)</script><style>p{}</style><p>Done</p>'), 'Patch now & reboot Done');
});

test('titles lose tags, even double-escaped ones, and keep literal angle brackets as text', () => {
  assert.equal(cleanTitle('&lt;script&gt;alert(1)&lt;/script&gt;Critical <b>flaw</b>'), 'Critical flaw');
  assert.equal(cleanTitle('  Many\n\n   spaces\t here '), 'Many spaces here');
  assert.equal(cleanTitle('a &lt; b'), 'a < b');
});

test('control characters and lone surrogates are removed', () => {
  assert.equal(stripUnsafeChars('a\u0000b\u0007c\uD800d\uFFFE'), 'abcd');
});

test('truncation never splits a surrogate pair', () => {
  const s = '😀'.repeat(10);
  const t = truncate(s, 6);
  assert.ok(t.endsWith('…'));
  assert.doesNotMatch(t, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
});

test('CJK runs become overlapping bigrams; Latin text is left for the tokenizer', () => {
  assert.equal(segmentForIndex('卡西欧遭勒索软件攻击 Casio').replace(/\s+/g, ' ').trim(), '卡西 西欧 欧遭 遭勒 勒索 索软 软件 件攻 攻击 Casio');
  assert.equal(segmentForIndex('plain english'), 'plain english');
  assert.equal(segmentForIndex('勒').trim(), '勒', 'a lone character stays a token');
});
