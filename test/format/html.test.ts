// The html template escapes by construction: text is escaped exactly once, SafeHtml is kept,
// and tHtml fills message templates the same way without touching their own markup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quoteQuery } from '../../src/format/articles.js';
import { anchor, html, join, raw, SafeHtml } from '../../src/format/html.js';
import { MESSAGE_KEYS, t, tHtml, type UiLanguage } from '../../src/format/i18n.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

const HOSTILE_FEED = 'A<b>&c "d"';
const HOSTILE_FEED_HTML = 'A&lt;b&gt;&amp;c &quot;d&quot;';

test('interpolated text has <, >, & and " escaped; the literal parts stay markup', () => {
  assert.equal(html`<b>${HOSTILE_FEED}</b>`.value, `<b>${HOSTILE_FEED_HTML}</b>`);
  assert.equal(html`${'<script>alert(1)</script> &amp;'}`.value, '&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;');
  assert.equal(parseTelegramHtml(html`<i>${HOSTILE_FEED}</i>`.value), HOSTILE_FEED);
});

test('SafeHtml is kept as it is: nested templates are escaped once, never twice', () => {
  const inner = html`<i>${'a & b'}</i>`;
  assert.ok(inner instanceof SafeHtml);
  assert.equal(html`<b>${inner}</b>`.value, '<b><i>a &amp; b</i></b>');
  assert.equal(html`${html`${html`${'<'}`}`}`.value, '&lt;');
  assert.equal(html`${raw('<b>x</b>')}`.value, '<b>x</b>');
  assert.equal(`${inner}`, '<i>a &amp; b</i>', 'toString gives the markup');
  assert.equal(JSON.stringify({ text: inner }), '{"text":"<i>a &amp; b</i>"}', 'and so does JSON');
});

test('arrays join with nothing, each string element escaped; nothing-values vanish; numbers print', () => {
  assert.equal(html`${['<a>', html`<b>x</b>`, 7, ['&', null]]}`.value, '&lt;a&gt;<b>x</b>7&amp;');
  assert.equal(html`[${null}${undefined}${false}]`.value, '[]');
  assert.equal(html`${0} ${-1.5}`.value, '0 -1.5', 'zero is a number, not nothing');
  assert.equal(join([html`<b>1</b>`, '2<'], html`<br>`).value, '<b>1</b><br>2&lt;');
  assert.equal(join(['a', 'b'], ' & ').value, 'a &amp; b', 'a string separator is text too');
  assert.equal(join([]).value, '');
});

test('anchor links only http(s) URLs and escapes the href as an attribute', () => {
  assert.equal(
    anchor('https://x.test/?a=1&b="2"', HOSTILE_FEED).value,
    `<a href="https://x.test/?a=1&amp;b=&quot;2&quot;">${HOSTILE_FEED_HTML}</a>`,
  );
  assert.equal(anchor('javascript:alert(1)', '<x>').value, '&lt;x&gt;');
  assert.equal(anchor(null, html`<b>kept</b>`).value, '<b>kept</b>');
});

test('a SafeHtml cannot be made from a string except through raw', () => {
  // @ts-expect-error the constructor is private: text becomes markup only via html, join or raw
  const forge = () => new SafeHtml('<b>');
  assert.equal(typeof forge, 'function');
});

test('tHtml escapes parameters once and keeps the message markup', () => {
  const hostile = tHtml('en', 'noResults', { query: HOSTILE_FEED }).value;
  assert.equal(hostile, `Nothing found for <b>${HOSTILE_FEED_HTML}</b>.`);
  // quoteQuery returns SafeHtml: passing it on must not escape it again.
  assert.equal(tHtml('en', 'noResults', { query: quoteQuery('a&b') }).value, 'Nothing found for <b>a&amp;b</b>.');
  const limit = tHtml('en', 'watchLimit', { max: 20 }).value;
  assert.equal(limit, 'A chat can have at most 20 watches. Remove one with /unwatch.');
  assert.equal(tHtml('en', 'badQuery').value, '⚠️ {message}', 'a missing parameter stays visible, as with t');
});

test('for plain parameters tHtml gives exactly what t gives, for every message in both languages', () => {
  const params = {
    feeds: 3,
    time: '08:30',
    tz: 'Europe/Berlin',
    query: 'casio',
    from: 1,
    to: 10,
    cve: 'CVE-2024-3400',
    count: 2,
    message: 'bad',
    max: 20,
    ok: 1,
    total: 2,
    mode: 'digest',
    languages: 'en,zh',
    topics: 'all',
    quiet: 'off',
    channel: '@x',
    date: '2026-01-10',
    stories: 4,
    sources: 5,
    exploited: '',
    story: 's',
    title: 'T',
    source: 'S',
  };
  for (const lang of ['en', 'zh'] as UiLanguage[]) {
    for (const key of MESSAGE_KEYS) {
      assert.equal(tHtml(lang, key, params).value, t(lang, key, params), `${lang} ${key}`);
    }
  }
});
