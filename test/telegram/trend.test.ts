// /trend end to end: real telegraf against the fake Bot API on 127.0.0.1. The chart goes out as a
// multipart sendPhoto whose bytes decode as a 1280×720 PNG; its caption parses as Telegram HTML;
// nothing matched and a bad period get one clear line, never an empty chart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PNG } from 'pngjs';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { UploadedFile } from '../helpers/fake-bot-api.js';
import { say } from '../helpers/private-chat.js';
import { addStories } from '../helpers/stories.js';

const CHAT = 501;
const DAY = 86_400_000;
let h: BotHarness;

before(async () => {
  h = await startBotHarness({ DEFAULT_TIMEZONE: 'Asia/Shanghai' }, (t) => {
    const now = Date.now();
    addStories(
      t.db,
      [
        [
          { feed: 'The Record', title: 'LockBit affiliate charged', topic: 'ransomware', publishedAt: now - 2 * DAY },
          {
            feed: '安全内参',
            title: 'LockBit 勒索软件成员被起诉',
            language: 'zh',
            topic: 'ransomware',
            publishedAt: now - DAY,
          },
        ],
        [{ feed: 'BleepingComputer', title: 'LockBit 5.0 released', topic: 'ransomware', publishedAt: now - 3 * DAY }],
        [{ feed: 'The Record', title: 'LockBit leak site seized', topic: 'ransomware', publishedAt: now - 10 * DAY }],
        [{ feed: 'CISA', title: 'Fortinet advisory', topic: 'advisory', publishedAt: now - DAY }],
      ],
      now,
    );
  });
});
after(() => h.close());

const send = (text: string, method: string) => say(h.api, CHAT, text, method);

test('/trend lockbit 7d: a PNG chart uploaded with sendPhoto, the figures in its caption', async () => {
  const call = await send('/trend lockbit 7d', 'sendPhoto');
  assert.ok(call.ok, call.error);
  const photo = call.payload.photo;
  assert.ok(photo instanceof UploadedFile, 'sent as a multipart file upload');
  assert.match(photo.filename, /^trend-\d{4}-\d{2}-\d{2}\.png$/);
  const png = PNG.sync.read(photo.bytes);
  assert.deepEqual([png.width, png.height], [1280, 720]);
  const caption = String(call.payload.caption);
  assert.equal(call.payload.parse_mode, 'HTML');
  assert.match(caption, /“lockbit” — stories per day, last 7 days/);
  assert.match(caption, /\n2 stories · \+100% vs the 7 days before \(1\)\n/, 'the two-source story counts once');
});

test('/trend without a query charts the topics', async () => {
  const call = await send('/trend 30d', 'sendPhoto');
  assert.ok(call.ok, call.error);
  assert.match(String(call.payload.caption), /Stories per topic per day, last 30 days/);
  assert.match(String(call.payload.caption), /4 stories · none in the 30 days before/);
});

test('nothing matched, or a bad period: one line, no chart', async () => {
  const none = await send('/trend nosuchgroupanywhere 90d', 'sendMessage');
  assert.equal(none.payload.text, 'No stories matched “nosuchgroupanywhere” in the last 90 days.');
  const excludesOnly = await send('/trend -lockbit', 'sendMessage');
  assert.match(String(excludesOnly.payload.text), /Add at least one word to look for/);
  const bad = await send('/trend lockbit 14d', 'sendMessage');
  assert.match(String(bad.payload.text), /Periods are 7d, 30d or 90d\. For example: \/trend lockbit 30d/);
  const photos = h.api.calls.filter((c) => c.method === 'sendPhoto').length;
  assert.equal(photos, 2, 'only the two charts of the tests above');
});
