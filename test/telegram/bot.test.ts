// End to end: real telegraf, long polling a fake Bot API on 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../src/app.js';
import type { NormalizedItem } from '../../src/news/article.js';
import { storeBatch } from '../../src/store/articles.js';
import { getChat, listWatches } from '../../src/store/chats.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { queueWatchAlerts } from '../../src/notify/watch-alerts.js';
import type { BotRuntime } from '../../src/runtime.js';
import { GROUP_ANONYMOUS_BOT_ID } from '../../src/telegram/updates.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import type { ApiCall, FakeBotApi } from '../helpers/fake-bot-api.js';
import type { TempDb } from '../helpers/fixtures.js';

const NOW = Date.UTC(2024, 9, 20, 12);
let api: FakeBotApi;
let t: TempDb;
let runtime: BotRuntime;
let app: App;
let h: BotHarness;
let messageId = 1000;

export function article(title: string, n: number, extra: Partial<NormalizedItem> = {}): NormalizedItem {
  return {
    guid: `g-${title}-${n}`,
    url: `https://news.test/${encodeURIComponent(title)}/${n}`,
    canonicalUrl: `https://news.test/${encodeURIComponent(title)}/${n}`,
    title,
    summary: `${title} summary`,
    bodyText: '',
    language: /[\u4e00-\u9fff]/.test(title) ? 'zh' : 'en',
    publishedAt: NOW - n * 3_600_000,
    dateMissing: false,
    author: null,
    contentKey: `k${title}${n}`,
    contentHash: `h${title}${n}`,
    ...extra,
  };
}

before(async () => {
  h = await startBotHarness({ ADMIN_IDS: '900', DEFAULT_TIMEZONE: 'Asia/Shanghai' }, (tmp) => {
    upsertFeeds(
      tmp.db,
      [
        { url: 'https://therecord.media/feed', title: 'The Record' },
        { url: 'https://secrss.test/feed', title: '安全内参' },
      ],
      'file',
      NOW,
    );
    const items = Array.from({ length: 13 }, (_, i) => article(`Casio ransomware update <${i}> & more`, i + 1));
    storeBatch(tmp.db, 1, items, NOW);
    storeBatch(tmp.db, 2, [article('卡西欧遭勒索软件攻击', 1), article('西欧多国发布预警', 2)], NOW);
  });
  ({ api, t, app, runtime } = h);
});
after(() => h.close());

type Chat = { id: number; type: string; title?: string; first_name?: string };
const privateChat = (id: number): Chat => ({ id, type: 'private', first_name: `u${id}` });

function say(chat: Chat, fromId: number, text: string, extra: Record<string, unknown> = {}): void {
  api.pushUpdate({
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: fromId, is_bot: false, first_name: 'u', language_code: 'en' },
      text,
      ...extra,
    },
  });
}

async function nextCalls(method: string, chatId: number | undefined, count = 1, ms = 5000): Promise<ApiCall[]> {
  const seen = api.calls.filter(
    (c) => c.method === method && (chatId === undefined || c.payload.chat_id === chatId),
  ).length;
  const end = Date.now() + ms;
  for (;;) {
    const calls = api.calls.filter(
      (c) => c.method === method && (chatId === undefined || c.payload.chat_id === chatId),
    );
    if (calls.length >= seen + count) return calls.slice(seen);
    if (Date.now() > end)
      throw new Error(
        `expected ${count} more ${method} to ${chatId}; calls: ${JSON.stringify(api.calls.map((c) => [c.method, c.payload.chat_id, c.error]))}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function reply(chat: Chat, fromId: number, text: string, extra: Record<string, unknown> = {}): Promise<ApiCall> {
  const pending = nextCalls('sendMessage', chat.id);
  say(chat, fromId, text, extra);
  return (await pending)[0]!;
}

test('the command menu is registered in English and Chinese', () => {
  const menus = api.calls.filter((c) => c.method === 'setMyCommands');
  assert.equal(menus.length, 2);
  assert.equal(menus[1]!.payload.language_code, 'zh');
});

test('/start subscribes the chat and explains the backlog', async () => {
  const r = await reply(privateChat(1), 1, '/start');
  assert.ok(r.ok, r.error);
  assert.match(String(r.payload.text), /subscribed/i);
  assert.match(String(r.payload.text), /no flood of old items/);
  assert.equal(getChat(t.db, 1)!.subscribed, 1);
  assert.deepEqual(r.payload.link_preview_options, { is_disabled: true });
});

test('/search 卡西欧 and /search casio find the matching items; More › pages with editMessageText', async () => {
  const zh = await reply(privateChat(2), 2, '/search 卡西欧');
  assert.match(String(zh.payload.text), /卡西欧遭勒索软件攻击/);
  assert.doesNotMatch(String(zh.payload.text), /西欧多国/);
  const en = await reply(privateChat(2), 2, '/search casio');
  const text = String(en.payload.text);
  assert.match(text, /Casio ransomware update &lt;0&gt; &amp; more/, 'titles are escaped');
  assert.equal((text.match(/<a href=/g) ?? []).length, 10);
  const button = (en.payload.reply_markup as { inline_keyboard: Array<Array<{ callback_data: string }>> })
    .inline_keyboard[0]![0]!;
  const edits = nextCalls('editMessageText', 2);
  api.pushUpdate({
    callback_query: {
      id: 'cb1',
      from: { id: 2, is_bot: false, first_name: 'u' },
      chat_instance: 'x',
      data: button.callback_data,
      message: { message_id: 77, date: 0, chat: privateChat(2), text: 'old' },
    },
  });
  const [edit] = await edits;
  assert.equal(edit!.payload.message_id, 77);
  assert.match(String(edit!.payload.text), /results 11–13/);
  assert.ok(api.calls.some((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === 'cb1'));
});

test('forged or stale callback data is answered gracefully', async () => {
  const answered = nextCalls('answerCallbackQuery', undefined);
  api.pushUpdate({
    callback_query: {
      id: 'forged',
      from: { id: 3, is_bot: false, first_name: 'u' },
      chat_instance: 'x',
      data: 's:1:10',
      message: { message_id: 5, date: 0, chat: privateChat(3), text: 'x' },
    },
  });
  const [a] = await answered;
  assert.equal(a!.payload.callback_query_id, 'forged');
  assert.match(String(a!.payload.text), /expired/);
});

test('a /watch alert arrives after an ingest that adds a matching article', async () => {
  await reply(privateChat(4), 4, '/start');
  const w = await reply(privateChat(4), 4, '/watch lockbit');
  assert.match(String(w.payload.text), /Watching <b>lockbit<\/b>/);
  assert.equal(listWatches(t.db, 4).length, 1);
  const { insertedIds } = storeBatch(
    t.db,
    1,
    [article('LockBit affiliate arrested', 0, { publishedAt: Date.now() })],
    Date.now(),
  );
  const alert = nextCalls('sendMessage', 4);
  assert.equal(queueWatchAlerts(app, insertedIds), 1);
  runtime.sender.wake();
  const [a] = await alert;
  assert.match(String(a!.payload.text), /New for your watches[\s\S]*LockBit affiliate arrested/);
  assert.equal(queueWatchAlerts(app, insertedIds), 0, 'the same article is never alerted twice');
});

test('in a group a non-admin is refused settings; an admin and an anonymous admin get them', async () => {
  const group: Chat = { id: -500, type: 'supergroup', title: 'SOC' };
  api.admins.set(-500, new Set([8]));
  const refused = await reply(group, 7, '/settings');
  assert.match(String(refused.payload.text), /Only group admins/);
  const allowed = await reply(group, 8, '/settings');
  assert.match(String(allowed.payload.text), /Settings/);
  const anon = await reply(group, GROUP_ANONYMOUS_BOT_ID, '/settings', { sender_chat: group });
  assert.match(String(anon.payload.text), /Settings/);
  const search = await reply(group, 7, '/search@secbrief_test_bot casio');
  assert.match(String(search.payload.text), /casio/i, 'anyone may search in a group');
});

test('a subscription made in a forum topic posts to that topic', async () => {
  const forum: Chat = { id: -600, type: 'supergroup', title: 'Forum' };
  api.admins.set(-600, new Set([9]));
  const r = await reply(forum, 9, '/start', { message_thread_id: 42, is_topic_message: true });
  assert.equal(r.payload.message_thread_id, 42);
  assert.equal(getChat(t.db, -600)!.thread_id, 42);
});

test('being kicked deactivates the chat; being added to a group says hello', async () => {
  await reply(privateChat(5), 5, '/start');
  api.pushUpdate({
    my_chat_member: {
      chat: privateChat(5),
      from: { id: 5, is_bot: false, first_name: 'u' },
      date: 0,
      old_chat_member: { status: 'member', user: { id: 42 } },
      new_chat_member: { status: 'kicked', user: { id: 42 } },
    },
  });
  const deadline = Date.now() + 3000;
  while (getChat(t.db, 5)!.active !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(getChat(t.db, 5)!.active, 0);
  const hello = nextCalls('sendMessage', -700);
  api.pushUpdate({
    my_chat_member: {
      chat: { id: -700, type: 'group', title: 'New' },
      from: { id: 6, is_bot: false, first_name: 'u' },
      date: 0,
      old_chat_member: { status: 'left', user: { id: 42 } },
      new_chat_member: { status: 'member', user: { id: 42 } },
    },
  });
  assert.match(String((await hello)[0]!.payload.text), /An admin can \/start/);
});

test('/subscribe @channel checks that both the bot and the user are channel admins', async () => {
  const channelId = -1001234567890;
  const refused = await reply(privateChat(10), 10, '/subscribe @secnews');
  assert.match(String(refused.payload.text), /Add me to/);
  api.admins.set(channelId, new Set([42]));
  const notAdmin = await reply(privateChat(10), 10, '/subscribe @secnews');
  assert.match(String(notAdmin.payload.text), /Only admins of/);
  api.admins.get(channelId)!.add(10);
  const ok = await reply(privateChat(10), 10, '/subscribe @secnews');
  assert.match(String(ok.payload.text), /Subscribed/);
  assert.equal(getChat(t.db, channelId)!.subscribed, 1);
});

test('inline queries are answered with matching articles and a next_offset', async () => {
  const answer = nextCalls('answerInlineQuery', undefined);
  api.pushUpdate({
    inline_query: { id: 'iq1', from: { id: 2, is_bot: false, first_name: 'u' }, query: 'casio', offset: '' },
  });
  const [a] = await answer;
  const results = a!.payload.results as Array<{ title: string }>;
  assert.equal(results.length, 13);
  assert.equal(a!.payload.next_offset, '');
});

test('operator commands are refused to others; every message sent passed the HTML check', async () => {
  const r = await reply(privateChat(11), 11, '/stats');
  assert.match(String(r.payload.text), /operators/);
  const stats = await reply(privateChat(900), 900, '/stats');
  assert.match(String(stats.payload.text), /Articles: \d+/);
  // Real sends since the harness started: the sender's own figures, and paid broadcasts off by default.
  assert.match(
    String(stats.payload.text),
    /Delivery: up to 16 in flight \(peak [1-9]\d* since start\); paid broadcast off/,
  );
  const rejected = api.calls.filter((c) => !c.ok && /parse entities|too long|empty/.test(c.error ?? ''));
  assert.deepEqual(rejected, []);
});

test('replies follow the user language; /lang overrides it for the chat', async () => {
  const chat = privateChat(12);
  const pending = nextCalls('sendMessage', 12);
  api.pushUpdate({
    message: {
      message_id: messageId++,
      date: 0,
      chat,
      from: { id: 12, is_bot: false, first_name: 'u', language_code: 'zh-hans' },
      text: '/help',
    },
  });
  assert.match(String((await pending)[0]!.payload.text), /搜索存档/);
  const en = await reply(chat, 12, '/lang en');
  assert.match(String(en.payload.text), /English/);
  const help = await reply(chat, 12, '/help');
  assert.match(String(help.payload.text), /search the archive/);
});

test('a settings button saves the change and edits the settings message in place', async () => {
  const chat = privateChat(13);
  const view = await reply(chat, 13, '/settings');
  const rows = (view.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> })
    .inline_keyboard;
  const eight = rows.flat().find((b) => b.callback_data === 'set:time:08:00')!;
  const edit = nextCalls('editMessageText', 13);
  api.pushUpdate({
    callback_query: {
      id: 'set1',
      from: { id: 13, is_bot: false, first_name: 'u' },
      chat_instance: 'x',
      data: eight.callback_data,
      message: { message_id: 88, date: 0, chat, text: 'x' },
    },
  });
  assert.match(String((await edit)[0]!.payload.text), /Digest: <b>08:00<\/b>/);
  assert.equal(getChat(t.db, 13)!.digest_time, '08:00');
  const typed = await reply(chat, 13, '/settings tz Mars/Olympus');
  assert.match(String(typed.payload.text), /not an IANA time zone/);
});

test('/addfeed by an operator refuses internal addresses with a clear reason', async () => {
  const r = await reply(privateChat(900), 900, '/addfeed http://127.0.0.1:9/feed');
  assert.match(String(r.payload.text), /Not added: refused: .*not a public address/);
});

test('an update whose handler throws does not stop polling', async () => {
  // A callback query without `from` makes the handler throw; bot.catch must absorb it.
  api.pushUpdate({
    callback_query: {
      id: 'broken',
      chat_instance: 'x',
      data: 's:1:10',
      message: { message_id: 1, date: 0, chat: privateChat(14), text: 'x' },
    },
  });
  const r = await reply(privateChat(14), 14, '/help');
  assert.ok(r.ok);
});

test('abusive bursts get one polite reply, then silence', async () => {
  const chat = privateChat(15);
  for (let i = 0; i < 14; i++) say(chat, 15, '/help');
  // Replies to one private chat leave at ~1/s, so count what was queued rather than sent.
  const queued = () => t.db.prepare('SELECT payload FROM outbox WHERE chat_id = 15').pluck().all() as string[];
  const deadline = Date.now() + 3000;
  while (queued().length < 11 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
  const texts = queued().map((p) => String((JSON.parse(p) as { text: string }).text));
  assert.equal(texts.filter((x) => /Slow down/.test(x)).length, 1);
  assert.equal(texts.length, 11, '10 answered, 1 warning, the rest dropped');
});

test('/digest previews this chat’s digest without planning anything', async () => {
  const chat = privateChat(16);
  const pending = nextCalls('sendMessage', 16, 2);
  say(chat, 16, '/digest');
  const [note, digest] = await pending;
  assert.match(String(note!.payload.text), /Preview — the schedule is not affected/);
  assert.match(String(digest!.payload.text), /Security digest|quiet day/);
  assert.equal(t.db.prepare('SELECT count(*) FROM digests').pluck().get(), 0);
});
