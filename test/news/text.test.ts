import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cleanTitle, htmlToText, segmentForIndex, stripUnsafeChars, truncate } from '../../src/news/text.js';

test('HTML to text drops scripts and styles and decodes entities', () => {
  assert.equal(
    htmlToText('<p>Patch&nbsp;now &amp; <b>reboot</b></p><script>alert(1)</script><style>p{}</style><p>Done</p>'),
    'Patch now & reboot. Done.',
  );
});

test("HTML to text keeps document order and link text, and a block's end ends a sentence", () => {
  const xhtml =
    '<div xmlns="http://www.w3.org/1999/xhtml"><p><a href="https://h.test/">Scott Hanselman</a>: ' +
    '<em>Plex is great</em></p><p>Unhappy with <a href="https://t.test/">Time Warner Cable</a>, I went.</p></div>';
  assert.equal(htmlToText(xhtml), 'Scott Hanselman: Plex is great. Unhappy with Time Warner Cable, I went.');
  assert.equal(htmlToText('<p>Done!</p> <p>More </p>'), 'Done! More.', 'no second stop, no space before it');
  assert.equal(htmlToText('<p>卡西欧遭攻击</p><p>数据被盗</p>'), '卡西欧遭攻击。 数据被盗。');
  assert.equal(
    htmlToText('<b>bold</b> and <i>inline</i> text'),
    'bold and inline text',
    'inline elements: no boundary',
  );
});

test('titles lose formatting tags, even escaped ones, and keep what only looks like a tag', () => {
  assert.equal(cleanTitle('Critical <b>flaw</b> in <a href="https://x.test/">Foo</a>'), 'Critical flaw in Foo');
  assert.equal(cleanTitle('&lt;em&gt;New:&lt;/em&gt; patch'), 'New: patch', 'escaped once more');
  assert.equal(cleanTitle('  Many\n\n   spaces\t here '), 'Many spaces here');
  assert.equal(cleanTitle('a &lt; b'), 'a < b');
  // Titles seen in the wild (issue 9): text about tags is text.
  assert.equal(cleanTitle('Exploit for &lt;Confluence&gt; RCE'), 'Exploit for <Confluence> RCE');
  assert.equal(cleanTitle('Exploit for <Confluence> RCE'), 'Exploit for <Confluence> RCE');
  const aboutTags = 'Bypassing <input> validation with <script> in SVG';
  assert.equal(cleanTitle(aboutTags), aboutTags);
  assert.equal(cleanTitle('&lt;script&gt;alert(1)&lt;/script&gt;Critical'), 'Critical', 'a script element is code');
  assert.equal(cleanTitle('AT&amp;T breach'), 'AT&T breach');
  assert.equal(cleanTitle('Entities: &amp;amp; is how you write &amp;'), 'Entities: &amp; is how you write &', 'once');
  assert.equal(cleanTitle('3 < 5 > 2'), '3 < 5 > 2');
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
  assert.equal(
    segmentForIndex('卡西欧遭勒索软件攻击 Casio').replace(/\s+/g, ' ').trim(),
    '卡西 西欧 欧遭 遭勒 勒索 索软 软件 件攻 攻击 Casio',
  );
  assert.equal(segmentForIndex('plain english'), 'plain english');
  assert.equal(segmentForIndex('勒').trim(), '勒', 'a lone character stays a token');
});
