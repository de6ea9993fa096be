// Property-style checks of message packing over random stories with emoji, CJK and <&> in titles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderArticle } from '../../src/format/articles.js';
import { escapeHtml, link, visibleLength } from '../../src/format/html.js';
import { packMessages, TELEGRAM_TEXT_LIMIT } from '../../src/format/split.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const PIECES = [
  'Casio',
  '勒索软件',
  '卡西欧',
  '😀',
  '👩‍💻',
  '<script>',
  '&amp;',
  '&',
  '<',
  '>',
  '"',
  "'",
  'CVE-2024-3400',
  ' ',
  '\n',
  'ñ',
  '𠀀',
  'a'.repeat(50),
];

function randomText(r: () => number, maxPieces: number): string {
  return Array.from({ length: 1 + Math.floor(r() * maxPieces) }, () => PIECES[Math.floor(r() * PIECES.length)]).join(
    '',
  );
}

test('packing never exceeds 4096 characters, never breaks a tag, and keeps every block in order', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const blocks = Array.from({ length: 1 + Math.floor(r() * 60) }, (_, i) =>
      renderArticle(
        {
          title: `${i}#${randomText(r, 40)}`,
          url: r() < 0.8 ? `https://x.test/${i}?a=1&b="2"` : null,
          source: randomText(r, 3),
          published: 1.7e12 + i,
        },
        'Asia/Shanghai',
      ),
    );
    const header = `<b>${escapeHtml(randomText(r, 5))}</b>`;
    const messages = packMessages(blocks, { header, footer: link('https://x.test/', 'search') });
    for (const m of messages) {
      const plain = parseTelegramHtml(m); // throws on a broken tag or entity, as Telegram would
      assert.ok(plain.length <= TELEGRAM_TEXT_LIMIT, `seed ${seed}: ${plain.length}`);
      assert.equal(plain.length, visibleLength(m));
    }
    const joined = messages.join('\n\n');
    let at = 0;
    for (const b of blocks) {
      const found = joined.indexOf(b, at);
      assert.ok(found >= at, `seed ${seed}: block missing or out of order`);
      at = found + b.length;
    }
  }
});

test('a single block over the limit is cut to fit rather than lost or sent broken', () => {
  const huge = link('https://x.test/', '😀勒索<&>'.repeat(2000));
  const [m, ...rest] = packMessages([huge]);
  assert.equal(rest.length, 0);
  const plain = parseTelegramHtml(m!);
  assert.ok(plain.length <= TELEGRAM_TEXT_LIMIT && plain.endsWith('…'));
  assert.doesNotMatch(plain, /[\uD800-\uDBFF]…$/, 'no half surrogate pair');
});

test('escaping: feed text can never open a tag or an entity', () => {
  assert.equal(escapeHtml('<b>&amp;</b>'), '&lt;b&gt;&amp;amp;&lt;/b&gt;');
  assert.equal(parseTelegramHtml(link('https://x.test/?q="a"&b=<c>', '<i>x</i>')), '<i>x</i>');
});
