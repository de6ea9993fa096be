// Feed and user text that looks like HTML, through the commands that quote it back: search results,
// /sources, /feedstatus, /watches, settings and /addfeed errors. Each reply must carry the text escaped
// exactly once (the escaped form is asserted, not just "valid HTML") and only tags Telegram allows.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { storeBatch } from '../../src/store/articles.js';
import { GONE_REASON } from '../../src/feeds/ingest.js';
import { MOVE_AFTER_FETCHES, moveFeed, recordRedirectStreak } from '../../src/store/feed-moves.js';
import {
  disableGoneFeed,
  listFeeds,
  recordFetchFailure,
  recordFetchSuccess,
  upsertFeeds,
} from '../../src/store/feeds.js';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import type { HandlerEnv, Incoming } from '../../src/telegram/types.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';
import { item } from '../helpers/stories.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';
import { botSettingsOf } from '../helpers/chats.js';

const NOW = Date.UTC(2026, 0, 10, 8);
const OPERATOR = 900;
const HOSTILE_FEED = 'A<b>&c "d"';
const FEED_HTML = 'A&lt;b&gt;&amp;c &quot;d&quot;';
const TITLE = 'Casio <script>alert(1)</script> &amp; more';
const TITLE_HTML = 'Casio &lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; more';
const ERROR = 'HTTP 500: <html><b>Oops</b> & "bye"';
const ERROR_HTML = 'HTTP 500: &lt;html&gt;&lt;b&gt;Oops&lt;/b&gt; &amp; &quot;bye&quot;';
// Raw tags from the fixtures, or text escaped twice (&amp;lt; for "<", &amp;amp;amp; for the title's "&amp;").
const RAW_OR_TWICE = /<script>|<b>&c|<html>|<b>Oops|&amp;(lt|gt|quot);|&amp;amp;amp;/;

let db: TempDb;
let dispatcher: Dispatcher;

before(() => {
  db = tempDb(NOW);
  upsertFeeds(
    db.db,
    [
      { url: 'https://news.test/feed', title: HOSTILE_FEED, siteUrl: 'https://news.test/?a=1&b="2"' },
      { url: 'https://down.test/feed', title: `${HOSTILE_FEED} down` },
    ],
    'file',
    NOW,
  );
  const [news, down] = listFeeds(db.db);
  storeBatch(db.db, news!.id, [item({ feed: 'news', title: TITLE, publishedAt: NOW - 60_000 })], NOW);
  const failure = { reason: 'http', message: ERROR, httpStatus: 500, now: NOW, nextFetchAt: NOW + 1 };
  recordFetchFailure(db.db, down!.id, failure);
  const log = pino({ level: 'silent' });
  const env: HandlerEnv = {
    db: db.db,
    clock: () => NOW,
    log,
    settings: botSettingsOf([OPERATOR]),
    isChatAdmin: async () => false,
    resolveChannel: async () => null,
    validateFeedUrl: async () => ({ ok: false, reason: ERROR }),
    summarizer: { db: db.db, clock: () => NOW, log },
  };
  dispatcher = new Dispatcher(env, 'secbrief_bot');
});
after(() => db.cleanup());

let user = 0;
/** Each command from a fresh private chat, so the per-user rate limit never interferes. */
async function ask(text: string, from = ++user): Promise<string> {
  const msg: Incoming = {
    chat: { id: from, type: 'private', title: 'u' },
    user: { id: from, languageCode: 'en' },
    threadId: null,
    text,
  };
  const replies = await dispatcher.handleMessage(msg);
  const out = replies.map((r) => r.html).join('\n\n');
  for (const r of replies) parseTelegramHtml(r.html); // throws on a tag Telegram does not allow or an unclosed one
  assert.doesNotMatch(out, RAW_OR_TWICE, `${text}: raw or doubly escaped text in ${out.slice(0, 400)}`);
  return out;
}

test('search results show the title and feed name escaped once', async () => {
  const out = await ask('/search casio');
  assert.ok(out.includes(`">${TITLE_HTML}</a>`), out);
  assert.ok(out.includes(`<i>${FEED_HTML} · 2026-01-10</i>`), out);
  const header = await ask('/search casio & "<script>"');
  assert.ok(header.startsWith('🔎 <b>casio &amp; &quot;&lt;script&gt;&quot;</b> — results 1–1\n'), header);
  const none = await ask('/search casio <b>x</b> & "y"');
  assert.equal(none, 'Nothing found for <b>casio &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;</b>.');
});

test('/sources and /feedstatus show feed names, links and errors escaped once', async () => {
  const sources = await ask('/sources');
  assert.ok(sources.includes(`<a href="https://news.test/?a=1&amp;b=&quot;2&quot;">${FEED_HTML}</a>`), sources);
  assert.ok(sources.includes(`🔴 ${FEED_HTML} down — ${ERROR_HTML} (×1)`), sources);
  const status = await ask('/feedstatus', OPERATOR);
  assert.ok(status.includes(`${FEED_HTML} down\n`), status);
  assert.ok(status.includes(`: ${ERROR_HTML}`), status);
});

test('/feedstatus says why the product disabled a feed (410 Gone)', async () => {
  upsertFeeds(db.db, [{ url: 'https://gone.test/feed', title: 'Gone <i>blog</i>' }], 'file', NOW);
  const gone = listFeeds(db.db).find((f) => f.url === 'https://gone.test/feed')!;
  disableGoneFeed(db.db, gone.id, GONE_REASON);
  const status = await ask('/feedstatus', OPERATOR);
  assert.ok(status.includes(`⏸ Gone &lt;i&gt;blog&lt;/i&gt;\n`), status);
  assert.ok(status.includes(`    disabled: ${GONE_REASON}`), status);
});

test('/feedstatus shows a move, a redirect under way and a polling hint, URLs escaped once', async () => {
  upsertFeeds(db.db, [{ url: 'https://old.test/feed?a=1&b=2', title: 'Mover' }], 'file', NOW);
  const mover = listFeeds(db.db).find((f) => f.title === 'Mover')!;
  moveFeed(db.db, mover.id, 'https://new.test/feed?a=1&b=2', NOW);
  recordRedirectStreak(db.db, mover.id, 'https://newer.test/<x>', 2);
  recordFetchSuccess(db.db, mover.id, {
    httpStatus: 200,
    notModified: false,
    etag: null,
    lastModified: null,
    now: NOW,
    nextFetchAt: NOW,
    interval: { seconds: 3600, source: 'ttl 60 min' },
  });
  const status = await ask('/feedstatus', OPERATOR);
  assert.ok(status.includes('    ⏱ polled at most every 1 h (ttl 60 min)'), status);
  assert.ok(
    status.includes('    ↪ moved 2026-01-10 08:00 UTC (permanent redirect) from https://old.test/feed?a=1&amp;b=2'),
    status,
  );
  assert.ok(
    status.includes(`    ↪ permanent redirect to https://newer.test/&lt;x&gt; on 2 of ${MOVE_AFTER_FETCHES} fetches`),
    status,
  );
});

test('/watches lists a query that looks like HTML as text', async () => {
  const chat = ++user;
  const added = await ask('/watch <b>casio</b> & "palo alto"', chat);
  assert.ok(added.includes('Watching <b>&lt;b&gt;casio&lt;/b&gt; &amp; &quot;palo alto&quot;</b>.'), added);
  const list = await ask('/watches', chat);
  assert.ok(list.includes('1. <code>&lt;b&gt;casio&lt;/b&gt; &amp; &quot;palo alto&quot;</code>'), list);
});

test('settings and /addfeed quote typed text and feed errors escaped once', async () => {
  const tz = await ask('/settings tz <b>Mars</b>&"x"');
  assert.ok(tz.includes('“&lt;b&gt;Mars&lt;/b&gt;&amp;&quot;x&quot;” is not an IANA time zone.'), tz);
  const refused = await ask('/addfeed https://x.test/feed', OPERATOR);
  assert.equal(refused, `❌ Not added: ${ERROR_HTML}`);
});
