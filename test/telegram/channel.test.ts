// /channel @name <command>: a channel's admin changes the channel from a private chat; /subscribe
// and /channel by a private channel's id. End to end: real telegraf against the fake Bot API, which
// answers getChat from its table (an unknown @name such as @secnews is channel -1001234567890) and
// getChatMember from its admin table.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { getChat, listWatches } from '../../src/store/chats.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import type { ApiCall } from '../helpers/fake-bot-api.js';
import { nextCall, say } from '../helpers/private-chat.js';

const CHANNEL = -1001234567890;
const ADMIN = 31;
// Each person has a rate limit of their own (telegram/rate-limit.ts: 10 commands, then one per 2 s),
// so each test speaks as another of the channel's admins.
const [ADMIN_2, ADMIN_3, ADMIN_4] = [35, 36, 37];
const READER = 32;
const BOT = 42; // the fake Bot API's own id
const NEWCOMER = 33;
const IN_GROUP = 34;
let h: BotHarness;
/** Every message the bot sends the user in answer, once the outbox has none left to send. */
async function answers(user: number, message: string): Promise<ApiCall[]> {
  const seen = h.api.calls.length;
  await say(h.api, user, message);
  const pending = h.t.db.prepare("SELECT count(*) FROM outbox WHERE status = 'pending'").pluck();
  for (const end = Date.now() + 10_000; pending.get() !== 0 && Date.now() < end;) await pause(20);
  return h.api.calls.slice(seen).filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === user);
}
const text = async (user: number, message: string) =>
  (await answers(user, message)).map((c) => String(c.payload.text)).join('\n');

before(async () => {
  h = await startBotHarness({ DEFAULT_TIMEZONE: 'UTC', ALLOW_CHAT_FEEDS: 'on' }, (t) =>
    upsertFeeds(t.db, [{ url: 'https://vendor.test/feed', title: 'Vendor Blog' }], 'file', Date.now()),
  );
  h.api.admins.set(CHANNEL, new Set([BOT, ADMIN, ADMIN_2, ADMIN_3, ADMIN_4]));
});
after(() => h.close());

test('only an admin of the channel, and only once it is subscribed', async () => {
  assert.match(await text(READER, '/channel @secnews settings tz Asia/Tokyo'), /Only admins of <code>@secnews<\/code>/);
  assert.match(
    await text(ADMIN, '/channel @secnews settings tz Asia/Tokyo'),
    /not subscribed yet: <code>\/subscribe @secnews<\/code> first/,
  );
  assert.equal(getChat(h.t.db, CHANNEL), undefined, 'nothing written for a channel never subscribed');
  assert.match(await text(ADMIN, '/subscribe @secnews'), /Subscribed/);
});

test("settings, sources, watches and own feeds change the channel's rows, not the private chat's", async () => {
  assert.match(await text(ADMIN_2, '/channel @secnews settings tz Asia/Tokyo'), /Asia\/Tokyo/);
  assert.match(await text(ADMIN_2, '/channel @secnews /settings time 07:30'), /07:30/);
  assert.match(await text(ADMIN_2, '/channel @secnews sources mute Vendor'), /🔇 <b>Vendor Blog<\/b> is muted here/);
  assert.match(await text(ADMIN_2, '/channel @secnews watch lockbit OR akira'), /lockbit OR akira/);
  const channel = getChat(h.t.db, CHANNEL)!;
  assert.deepEqual([channel.timezone, channel.digest_time, channel.type], ['Asia/Tokyo', '07:30', 'channel']);
  assert.notEqual(channel.muted_feeds, '');
  assert.deepEqual(
    listWatches(h.t.db, CHANNEL).map((w) => w.query),
    ['lockbit OR akira'],
  );
  const mine = getChat(h.t.db, ADMIN_2);
  assert.ok(!mine || (mine.timezone === 'UTC' && mine.muted_feeds === ''), 'the private chat is untouched');
  assert.deepEqual(listWatches(h.t.db, ADMIN_2), []);
  assert.match(await text(ADMIN_2, '/channel @secnews myfeeds'), /This chat has no feeds of its own \(up to 5\)/);
  assert.match(await text(ADMIN_2, '/channel @secnews stop'), /Unsubscribed the channel\. .*\/subscribe resumes/);
  assert.equal(getChat(h.t.db, CHANNEL)!.subscribed, 0);
  assert.match(await text(ADMIN_2, '/subscribe @secnews'), /Subscribed/);
});

test('the settings keyboard is left out (it would change the private chat), with how to type instead', async () => {
  const [view, note, ...more] = await answers(ADMIN_3, '/channel @secnews settings');
  assert.match(
    String(view!.payload.text),
    /^📢 <code>@secnews<\/code>\n<b>Settings<\/b>\nDigest: <b>07:30<\/b> \(Asia\/Tokyo\)/,
  );
  assert.equal(view!.payload.reply_markup, undefined, 'no buttons');
  assert.match(String(note!.payload.text), /Type the change: <code>\/channel @secnews settings time 08:30<\/code>/);
  assert.deepEqual(more, []);
  const typed = await answers(ADMIN_3, '/channel @secnews settings weekly mon');
  assert.deepEqual(
    typed.map((c) => [String(c.payload.text).split('\n')[0], c.payload.reply_markup]),
    [
      ['📢 <code>@secnews</code>', undefined],
      ['<b>Settings</b>', undefined],
    ],
    'a typed change: saved and the new view, no note',
  );
  assert.equal(getChat(h.t.db, CHANNEL)!.weekly_day, 'mon');
});

test('a private channel by its id; a group is no channel; a channel where the bot is no admin', async () => {
  const PRIVATE = -1009876543210;
  h.api.chats.set(String(PRIVATE), { id: PRIVATE, type: 'channel', title: 'Private SOC' });
  h.api.chats.set('@socgroup', { id: -1005550000000, type: 'supergroup', title: 'SOC group' });
  h.api.chats.set('@oldnews', { id: -1004440000000, type: 'channel', title: 'Old news' });
  h.api.admins.set(PRIVATE, new Set([BOT, ADMIN_4]));
  h.api.admins.set(-1005550000000, new Set([BOT, ADMIN_4]));
  h.api.admins.set(-1004440000000, new Set([ADMIN_4]));

  assert.match(await text(ADMIN_4, `/subscribe ${PRIVATE}`), /Subscribed <code>-1009876543210<\/code>/);
  assert.match(
    await text(ADMIN_4, `/channel ${PRIVATE} settings tz Europe/Berlin`),
    /^📢 <code>-1009876543210<\/code>/,
  );
  assert.equal(getChat(h.t.db, PRIVATE)!.timezone, 'Europe/Berlin');

  for (const command of ['/subscribe @socgroup', '/channel @socgroup settings tz UTC']) {
    assert.match(await text(ADMIN_4, command), /<code>@socgroup<\/code> is a group, not a channel/, command);
  }
  assert.equal(getChat(h.t.db, -1005550000000), undefined, 'the group was not written down as a channel');
  for (const command of ['/subscribe @oldnews', '/channel @oldnews settings tz UTC']) {
    assert.match(await text(ADMIN_4, command), /Add me to <code>@oldnews<\/code> as an admin/, command);
  }
});

test('Telegram not answering a check is said so, not taken for "not an admin" or "no such channel"', async () => {
  const before = getChat(h.t.db, CHANNEL)!.timezone;
  h.api.inject('getChatMember', { code: 502, description: 'Bad Gateway' });
  assert.match(
    await text(ADMIN, '/channel @secnews settings tz UTC'),
    /Telegram did not answer a check this needs .* Nothing was changed/,
  );
  assert.equal(getChat(h.t.db, CHANNEL)!.timezone, before);
  h.api.inject('getChat', { code: 502, description: 'Bad Gateway' });
  assert.match(await text(ADMIN, '/subscribe @secnews'), /Telegram did not answer a check this needs/);
  assert.match(await text(ADMIN, '/channel @secnews settings tz UTC'), /Saved/, 'and works again once it answers');
});

test('bad input: no command, a command not for channels, a bad name, sent from a group', async () => {
  const bads = ['/channel', '/channel @secnews', '/channel @secnews search casio', '/channel @x settings'];
  for (const bad of [...bads, '/channel -42 settings', '/channel 1009876543210 settings']) {
    assert.match(
      await text(NEWCOMER, bad),
      /Usage: <code>\/channel @yourchannel settings tz Asia\/Shanghai<\/code>/,
      bad,
    );
  }
  const seen = h.api.calls.length;
  h.api.pushUpdate({
    message: {
      message_id: 9001,
      date: Math.floor(Date.now() / 1000),
      chat: { id: -500, type: 'supergroup', title: 'SOC' },
      from: { id: IN_GROUP, is_bot: false, first_name: 'u' },
      text: '/channel @secnews settings tz UTC',
    },
  });
  assert.match(String((await nextCall(h.api, -500, 'sendMessage', seen)).payload.text), /private chat/);
  assert.equal(getChat(h.t.db, CHANNEL)!.timezone, 'UTC', 'unchanged since the test before');
});
