// Hostile user input through the Dispatcher, the way Telegram and console mode reach it: FTS
// syntax and unbalanced quotes, 4 KB queries, emoji-only queries, forged callback_data, commands
// from non-admins. Every input gets a specific reply (never the generic apology: no handler may
// throw), valid Telegram HTML within 4096 characters, with no internal error text in it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { t as say } from '../../src/format/i18n.js';
import { storeBatch } from '../../src/store/articles.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import { inlineAnswer } from '../../src/telegram/inline.js';
import type { HandlerEnv, Incoming, Reply } from '../../src/telegram/types.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';
import { item } from '../helpers/stories.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';
import { botSettingsOf } from '../helpers/chats.js';

const OPERATOR = 900;
const GROUP_ADMIN = 8;
let now = Date.UTC(2025, 6, 24, 12);
let db: TempDb;
let dispatcher: Dispatcher;
const logged: Array<{ level: number; msg: string }> = [];
let log: pino.Logger;

before(() => {
  db = tempDb(now);
  upsertFeeds(db.db, [{ url: 'https://news.test/feed', title: 'News <b>&</b> "quotes"' }], 'file', now);
  const titles = [
    'Casio ransomware <script>alert(1)</script>',
    '勒索软件攻击 & more',
    '😀 emoji title 🔥',
    'A "quoted" NEAR(title) OR *',
  ];
  storeBatch(
    db.db,
    1,
    Array.from({ length: 25 }, (_, i) =>
      item({ feed: 'News', title: `${titles[i % titles.length]} ${i}`, publishedAt: now - i * 60_000 }),
    ),
    now,
  );
  log = pino(
    { level: 'debug' },
    { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  const env: HandlerEnv = {
    db: db.db,
    clock: () => now,
    log,
    settings: botSettingsOf([OPERATOR]),
    isChatAdmin: async (_chat, user) => user === GROUP_ADMIN,
    resolveChannel: async () => null,
    validateFeedUrl: async () => ({ ok: false, reason: 'refused: 127.0.0.1 is not a public address (SSRF guard)' }),
    summarizer: { db: db.db, clock: () => now, log },
  };
  dispatcher = new Dispatcher(env, 'secbrief_bot');
});
after(() => db.cleanup());

const privateChat = (user: number): Incoming => ({
  chat: { id: user, type: 'private', title: `u${user}` },
  user: { id: user, languageCode: 'en' },
  threadId: null,
  text: '',
});
const group = (user: number): Incoming => ({
  chat: { id: -500, type: 'supergroup', title: 'SOC' },
  user: { id: user, languageCode: 'en' },
  threadId: null,
  text: '',
});

// Stack frames, error class names, SQLite and FTS messages, paths of our own source.
const LEAK =
  /\bat \S+ \(|Error:|Error\b.*\bat\b|SQLITE|SqliteError|fts5|syntax error|no such (column|table)|node_modules|\/work\/|\/src\/|\.ts:\d+|\.js:\d+|undefined|\[object Object\]|NaN/;

function checkHtml(where: string, html: string): void {
  assert.ok(html.trim().length > 0, `${where}: empty reply`);
  const visible = parseTelegramHtml(html); // throws like Telegram on invalid markup
  assert.ok(visible.length <= 4096, `${where}: ${visible.length} characters`);
  assert.doesNotMatch(html, LEAK, `${where}: internal text leaked: ${html.slice(0, 300)}`);
  assert.notEqual(html, say('en', 'internalError'), `${where}: a handler threw`);
}

function checkReplies(where: string, replies: Reply[]): void {
  assert.ok(replies.length > 0, `${where}: no reply`);
  for (const r of replies) {
    checkHtml(where, r.html);
    for (const b of r.keyboard?.flat() ?? [])
      assert.ok(!b.callbackData || Buffer.byteLength(b.callbackData) <= 64, `${where}: callback_data over 64 bytes`);
  }
}

async function send(msg: Incoming, text: string): Promise<Reply[]> {
  now += 3000; // past the per-user rate limit
  const replies = await dispatcher.handleMessage({ ...msg, text });
  checkReplies(`${msg.chat.type} ${JSON.stringify(text.slice(0, 60))}`, replies);
  return replies;
}

const FTS = [
  'NEAR(a b)',
  'title:x',
  'a AND b',
  'a OR',
  'OR',
  'NOT',
  'AND AND',
  '* OR *',
  '^x',
  '{title}: x',
  'col:"x"',
  "'; DROP TABLE articles; --",
  '-',
  '--',
  '-x',
  '"',
  '"""',
  '"unbalanced',
  'unbalanced"',
  '((a)',
  'a)',
  '*',
  '**',
  'x*',
  '*x',
  '"a" "b',
  'a + b',
  'a:b:c',
  'source:',
  'lang:',
  'cve:',
  'since:',
  'since:99999999d',
  'since:0d',
  'lang:zh lang:en',
  'cve:CVE-9999-9999999',
  'source:"',
  'x NEAR/2 y',
  '\\',
  '%',
  '_',
  "'",
  '`',
];
const LONG = [
  'a'.repeat(4096),
  'ransomware '.repeat(400),
  '勒'.repeat(4096),
  '"a OR b* -c NEAR( '.repeat(230),
  'x '.repeat(2048),
  `${'😀'.repeat(1024)}`,
  '<b>'.repeat(1400),
];
const EMOJI = [
  '😀🔥',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '\u200b',
  '\u200d',
  '\ufe0f',
  '\u202e',
  `e${'\u0301'.repeat(500)}`,
  '🔥 ransomware 🔥',
  '\u0000',
  '&amp; <b>x</b> </a> <script>',
];

test('FTS operators, unbalanced quotes, 4 KB and emoji-only queries get a clear reply', async () => {
  for (const q of [...FTS, ...LONG, ...EMOJI]) {
    await send(privateChat(1), `/search ${q}`);
    await send(privateChat(1), q.startsWith('/') ? ` ${q}` : q); // plain text in private is a search
  }
  const echoed = await send(privateChat(1), '/search <b>x</b> & <i>');
  assert.match(echoed[0]!.html, /&lt;b&gt;x&lt;\/b&gt; &amp; &lt;i&gt;/, 'the query is escaped when quoted back');
});

test('malformed arguments to every command get a usage or error reply', async () => {
  const inputs = [
    '/search',
    '/latest abc',
    '/latest -5',
    '/latest 99999999999999999999',
    '/cve',
    '/cve x',
    '/cve CVE-2024-',
    `/cve ${'9'.repeat(4000)}`,
    '/watch',
    `/watch ${'a'.repeat(4096)}`,
    '/watch "',
    '/watch 😀',
    '/watches',
    '/unwatch',
    '/unwatch abc',
    '/unwatch 999',
    '/unwatch -1',
    '/settings time 25:99',
    '/settings tz ../../etc/passwd',
    `/settings tz ${'A'.repeat(4000)}`,
    '/settings quiet 99:99-xx',
    '/settings bogus x',
    '/lang xx',
    '/subscribe',
    '/subscribe @',
    `/subscribe @${'a'.repeat(300)}`,
    '/channel',
    '/channel @',
    `/channel @${'a'.repeat(300)} settings`,
    '/channel @secnews',
    '/channel @secnews settings tz ../../etc/passwd',
    '/channel @secnews __proto__',
    '/channel @secnews channel @secnews settings',
    '/nosuchcommand',
    '/constructor',
    '/__proto__',
    '/toString',
    '/hasOwnProperty x',
    '/help extra args',
    `/${'x'.repeat(32)}`,
  ];
  for (const text of inputs) await send(privateChat(2), text);
  assert.deepEqual(
    await dispatcher.handleMessage({ ...privateChat(2), text: '/search@otherbot casio' }),
    [],
    'commands for other bots are ignored',
  );
});

test('commands from non-admins are refused with a reason', async () => {
  for (const text of ['/addfeed http://127.0.0.1/feed', '/removefeed 1', '/feedstatus', '/stats']) {
    const [r] = await send(privateChat(3), text);
    assert.equal(r!.html, say('en', 'notAllowed'), text);
    const [inGroup] = await send(group(OPERATOR), text);
    assert.equal(inGroup!.html, say('en', 'notAllowed'), `${text} in a group, even from an operator`);
  }
  await send(group(GROUP_ADMIN), '/watch casio'); // so that /unwatch 1 names a real watch
  for (const text of [
    '/start',
    '/stop',
    '/settings',
    '/settings time 08:00',
    '/watch casio',
    '/unwatch 1',
    '/lang zh',
  ]) {
    const [r] = await send(group(7), text);
    assert.equal(r!.html, say('en', 'adminsOnly'), text);
  }
  const [added] = await send(privateChat(OPERATOR), '/addfeed http://127.0.0.1:9/feed');
  assert.match(added!.html, /SSRF guard/, 'an operator gets the validation reason');
});

test('forged callback_data is answered with a short toast, never an error', async () => {
  const [page] = await send(privateChat(4), '/search casio OR emoji OR 勒索 OR quoted');
  const real = page!.keyboard![0]![0]!.callbackData!;
  const forged = [
    's:1:10',
    's:999999999999:0',
    's:abc',
    's:1:5',
    's:1:99999',
    's:-1:0',
    `${real.replace(/:\d+$/, ':490')}0`,
    'set:time:25:00',
    'set:tz:Mars/Olympus',
    'set:topic:__proto__',
    'set:ui:xx',
    'set:mode:constructor',
    'set:__proto__:x',
    `set:quiet:${'x'.repeat(48)}`,
    `set:time:${'x'.repeat(200)}`,
    '',
    'x'.repeat(64),
    '\u0000',
    'set:langs:zh,zh,zh',
    'set:',
    's:',
    ':::',
  ];
  for (const data of forged) {
    now += 3000;
    const r = await dispatcher.handleCallback({ ...privateChat(4), text: '' }, data);
    assert.ok(r.toast && r.toast.length <= 200, `${JSON.stringify(data)}: toast ${r.toast}`);
    assert.doesNotMatch(r.toast, LEAK);
    assert.notEqual(r.toast, say('en', 'internalError'), `${JSON.stringify(data)}: a handler threw`);
    if (r.edit) checkHtml(JSON.stringify(data), r.edit.html);
  }
  now += 3000;
  const stolen = await dispatcher.handleCallback({ ...privateChat(5), text: '' }, real);
  assert.equal(stolen.toast, say('en', 'staleButton'), "another chat's saved search is not served");
  now += 3000;
  const groupButton = await dispatcher.handleCallback({ ...group(7), text: '' }, 'set:time:08:00');
  assert.equal(groupButton.toast, say('en', 'adminsOnly'));
});

test('garbled or oversized callback data is an expired button, not an error', async () => {
  for (const data of ['set:tz:', 's:abc:1', 'zz', 'x'.repeat(65), `set:tz:${'时'.repeat(20)}`, 'set:empty:note']) {
    now += 3000;
    const r = await dispatcher.handleCallback({ ...privateChat(4), text: '' }, data);
    assert.equal(r.toast, say('en', 'staleButton'), JSON.stringify(data));
    assert.equal(r.edit, undefined);
  }
});

test('hostile inline queries and offsets give valid results', () => {
  for (const q of [...FTS, ...LONG, ...EMOJI]) {
    for (const offset of ['', '-5', 'abc', '99999999999999', '1e9']) {
      const answer = inlineAnswer(db.db, q, offset, now, 'UTC') as {
        results: Array<{ input_message_content: { message_text: string } }>;
      };
      for (const r of answer.results) checkHtml(`inline ${q.slice(0, 30)}`, r.input_message_content.message_text);
    }
  }
});

test('nothing above was an internal error', () => {
  const errors = logged.filter((l) => l.level >= 50);
  assert.deepEqual(
    errors.map((e) => e.msg),
    [],
  );
  log.error('probe');
  assert.equal(logged.at(-1)?.msg, 'probe', 'the log sink works');
});
