// Per-chat source muting end to end: real telegraf against the fake Bot API. A chat mutes a source
// with /sources mute; at digest time that source's story is missing from its digest and present
// in another chat's; a story it shares with another source stays, without it; /search still finds it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { planDigests } from '../../src/jobs.js';
import { listFeeds } from '../../src/store/feeds.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { nextCall, say } from '../helpers/private-chat.js';
import { addStories } from '../helpers/stories.js';

const MUTING = 601;
const OTHER = 602;
let h: BotHarness;

before(async () => {
  h = await startBotHarness({ DEFAULT_TIMEZONE: 'UTC' }, (t) => {
    const now = Date.now();
    addStories(
      t.db,
      [
        [{ feed: 'Vendor Blog', title: 'Vendor blog marketing post about zero trust', publishedAt: now - 3_600_000 }],
        [{ feed: 'BleepingComputer', title: 'Akira hits a logistics firm', publishedAt: now - 3_000_000 }],
        [
          { feed: 'BleepingComputer', title: 'Fortinet patches FortiWeb flaw', publishedAt: now - 2_000_000 },
          { feed: 'Vendor Blog', title: 'Our take on the FortiWeb flaw', publishedAt: now - 1_900_000 },
        ],
      ],
      now,
    );
  });
});
after(() => h.close());

const send = (chatId: number, text: string) => say(h.api, chatId, text);
const next = (chatId: number, method: string, seen: number) => nextCall(h.api, chatId, method, seen);

test('a muted source is missing from that chat’s digest and present in another’s; search still finds it', async () => {
  for (const chat of [MUTING, OTHER]) await send(chat, '/start');
  const vendor = listFeeds(h.t.db).find((f) => f.title === 'Vendor Blog')!;
  const unknown = await send(MUTING, '/sources mute nosuchsource');
  assert.match(String(unknown.payload.text), /no source “nosuchsource”\. Usage: <code>\/sources mute 12<\/code>/);
  const ambiguous = await send(MUTING, '/sources mute b');
  assert.match(String(ambiguous.payload.text), /“b” names 2 sources; use the id from \/sources/);
  const muted = await send(MUTING, `/sources mute ${vendor.id}`);
  assert.match(String(muted.payload.text), /🔇 <b>Vendor Blog<\/b> is muted here/);
  const list = await send(MUTING, '/sources');
  assert.match(String(list.payload.text), new RegExp(`<code>${vendor.id}</code> \\S+ 🔇 Vendor Blog`));
  const elsewhere = await send(OTHER, '/sources');
  assert.doesNotMatch(String(elsewhere.payload.text), /🔇 Vendor Blog/, 'muted for that chat only');

  // Both chats' digest time has just come (they subscribed two hours ago).
  const now = new Date();
  const hhmm = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
  h.t.db.prepare('UPDATE chats SET digest_time = ?, subscribed_at = ?').run(hhmm, Date.now() - 2 * 3_600_000);
  const seen = h.api.calls.length;
  assert.ok((await planDigests(h.app)) >= 2);
  const digestOf = async (chat: number) => String((await next(chat, 'sendMessage', seen)).payload.text);
  const [mutingDigest, otherDigest] = [await digestOf(MUTING), await digestOf(OTHER)];
  assert.match(otherDigest, /Vendor blog marketing post/);
  assert.match(otherDigest, /Fortinet patches FortiWeb flaw/);
  assert.doesNotMatch(mutingDigest, /Vendor blog marketing post/);
  assert.match(mutingDigest, /Akira hits a logistics firm/);
  assert.match(mutingDigest, /Fortinet patches FortiWeb flaw/, 'a shared story stays, from its other source');
  assert.doesNotMatch(mutingDigest, /Vendor Blog/, 'the muted source is not named as an "also" either');

  const search = await send(MUTING, '/search zero trust');
  assert.match(String(search.payload.text), /Vendor blog marketing post/, 'search does not respect mutes');
  const back = await send(MUTING, `/sources unmute ${vendor.id}`);
  assert.match(String(back.payload.text), /🔈 <b>Vendor Blog<\/b> is back/);
  assert.equal(h.t.db.prepare('SELECT muted_feeds FROM chats WHERE id = ?').pluck().get(MUTING), '');
});
