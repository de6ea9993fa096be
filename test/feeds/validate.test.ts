// /addfeed's test fetch and feed discovery, against a loopback site: a feed is accepted with its
// title; a site's page comes back with the feeds it declares (absolute, on the server's address);
// a page that declares none is refused with the reason. Then /addfeed offers them, escaped.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { checkFeedUrl } from '../../src/feeds/validate.js';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import type { HandlerEnv } from '../../src/telegram/types.js';
import { botSettingsOf } from '../helpers/chats.js';
import { startFeedServer, staticRoute, type FeedServer } from '../helpers/feed-server.js';
import { rss, tempDb, tempDir, type TempDb } from '../helpers/fixtures.js';
import { runCli } from '../helpers/process.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

const HTML = { 'content-type': 'text/html; charset=utf-8' };
const SITE = `<!doctype html><html><head><title>Site</title>
<link rel="alternate" type="application/rss+xml" title="News &amp; <b>alerts</b>" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" title="Comments" href="comments.atom">
</head><body>Hello</body></html>`;
const log = pino({ level: 'silent' });
let server: FeedServer;
let t: TempDb;
// Loopback is the test's own server: no SSRF guard here (its address check has tests of its own).
const check = (url: string) => checkFeedUrl(url, { timeoutMs: 5_000, maxBytes: 1_000_000 }, log);

before(async () => {
  server = await startFeedServer({
    '/': staticRoute(SITE, HTML),
    '/feed.xml': staticRoute(rss([{ title: 'x', link: 'https://x.test/1', guid: '1' }], { title: 'Site News' })),
    '/plain': staticRoute('<html><body>No feeds here</body></html>', HTML),
  });
  t = tempDb();
});
after(async () => {
  await server.close();
  t.cleanup();
});

test('a feed URL passes with its title; a site page comes back with the feeds it declares', async () => {
  assert.deepEqual(await check(server.url('/feed.xml')), { ok: true, title: 'Site News' });
  const page = await check(server.url('/'));
  assert.equal(page.ok, false);
  assert.deepEqual(!page.ok && page.candidates, [
    { url: server.url('/feed.xml'), title: 'News & <b>alerts</b>', type: 'rss' },
    { url: server.url('/comments.atom'), title: 'Comments', type: 'atom' },
  ]);
  const plain = await check(server.url('/plain'));
  assert.deepEqual(plain, { ok: false, reason: 'blocked: HTML page instead of a feed' });
});

test('/addfeed on a site page offers its feeds, each with the command that adds it, escaped', async () => {
  const env: HandlerEnv = {
    db: t.db,
    clock: () => Date.now(),
    log,
    settings: botSettingsOf([900]),
    isChatAdmin: async () => false,
    resolveChannel: async () => null,
    validateFeedUrl: check,
    summarizer: { db: t.db, clock: () => Date.now(), log },
  };
  const dispatcher = new Dispatcher(env, 'secbrief_bot');
  const msg = { chat: { id: 900, type: 'private' as const, title: 'op' }, user: { id: 900, languageCode: 'en' } };
  const [r] = await dispatcher.handleMessage({ ...msg, threadId: null, text: `/addfeed ${server.url('/')}` });
  parseTelegramHtml(r!.html);
  assert.equal(
    r!.html,
    '🔎 That page is not a feed, but it declares 2 feeds. Add one with its command:\n\n' +
      `1. News &amp; &lt;b&gt;alerts&lt;/b&gt;\n<code>/addfeed ${server.url('/feed.xml')}</code>\n` +
      `2. Comments\n<code>/addfeed ${server.url('/comments.atom')}</code>`,
  );
  assert.equal(t.db.prepare('SELECT count(*) FROM feeds').pluck().get(), 0, 'nothing added until one is chosen');
});

test('secbrief feed test on a site page lists the feeds it declares and exits 1', async () => {
  const dir = tempDir();
  const r = await runCli(['feed', 'test', server.url('/')], { DATABASE_PATH: join(dir, 'db.sqlite') }, dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is a web page, not a feed; it declares:/);
  assert.equal(
    r.stdout,
    `${server.url('/feed.xml')}  News & <b>alerts</b>\n${server.url('/comments.atom')}  Comments\n`,
  );
});
