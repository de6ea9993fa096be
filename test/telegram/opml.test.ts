// Operator tools end to end: real telegraf against the fake Bot API on 127.0.0.1. OPML files
// sent to the bot are downloaded with getFile and imported; /export comes back as a document
// uploaded through the outbox; feed health alerts and /feedstatus reach the admin's chat.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { App } from '../../src/app.js';
import { queueFeedHealthAlerts } from '../../src/notify/feed-health.js';
import { parseOpml } from '../../src/feeds/opml.js';
import { listFeeds, recordFetchFailure, recordFetchSuccess, upsertFeeds } from '../../src/store/feeds.js';
import type { BotRuntime } from '../../src/runtime.js';
import { withInputFile } from '../../src/telegram/files.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import type { ApiCall, FakeBotApi } from '../helpers/fake-bot-api.js';
import { opml, rss, type TempDb } from '../helpers/fixtures.js';

const ADMIN = 900;
let api: FakeBotApi;
let t: TempDb;
let runtime: BotRuntime;
let app: App;
let h: BotHarness;
let messageId = 1;

before(async () => {
  h = await startBotHarness({ ADMIN_IDS: String(ADMIN) });
  ({ api, t, app, runtime } = h);
});
after(() => h.close());

type Chat = { id: number; type: string; title?: string; first_name?: string };
const privateChat = (id: number): Chat => ({ id, type: 'private', first_name: `u${id}` });
const group: Chat = { id: -800, type: 'supergroup', title: 'Ops' };

function push(chat: Chat, fromId: number, extra: Record<string, unknown>): void {
  api.pushUpdate({
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: fromId, is_bot: false, first_name: 'u', language_code: 'en' },
      ...extra,
    },
  });
}

const callsTo = (method: string, chatId: number) =>
  api.calls.filter((c) => c.method === method && Number(c.payload.chat_id) === chatId);

async function next(method: string, chatId: number, trigger: () => void, ms = 5000): Promise<ApiCall> {
  const seen = callsTo(method, chatId).length;
  trigger();
  const end = Date.now() + ms;
  while (callsTo(method, chatId).length <= seen) {
    if (Date.now() > end)
      throw new Error(
        `no ${method} to ${chatId}; calls: ${JSON.stringify(api.calls.map((c) => [c.method, c.payload.chat_id, c.error]))}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
  return callsTo(method, chatId)[seen]!;
}

const sendFile = (chat: Chat, fromId: number, content: string | Buffer, name: string) =>
  next('sendMessage', chat.id, () => push(chat, fromId, { document: api.addFile(content, name, 'text/x-opml') }));
const say = (chat: Chat, fromId: number, text: string) =>
  next('sendMessage', chat.id, () => push(chat, fromId, { text }));

const LIST = opml([
  { url: 'https://therecord.media/feed', title: 'The Record', language: 'en' },
  { url: 'https://www.secrss.com/feed', title: '安全内参 <内参>', language: 'zh-CN' },
]);

test('an operator sends an OPML file: downloaded with getFile, imported as admin feeds', async () => {
  const reply = await sendFile(privateChat(ADMIN), ADMIN, LIST, 'mine.opml');
  assert.ok(reply.ok, reply.error);
  assert.match(String(reply.payload.text), /Imported 2 feeds from <b>mine\.opml<\/b>: 2 added, 0 already known/);
  assert.equal(api.calls.filter((c) => c.method === 'getFile' && c.ok).length, 1);
  const feeds = listFeeds(t.db);
  assert.deepEqual(
    feeds.map((f) => [f.url, f.origin, f.language]),
    [
      ['https://therecord.media/feed', 'admin', 'en'],
      ['https://www.secrss.com/feed', 'admin', 'zh-CN'],
    ],
  );
  assert.equal(feeds[1]!.title, '安全内参 <内参>');
});

test('/export sends the list back as an OPML document; sending it back imports the same set', async () => {
  const doc = await next('sendDocument', ADMIN, () => push(privateChat(ADMIN), ADMIN, { text: '/export' }));
  assert.ok(doc.ok, doc.error);
  // Multipart upload: the fake sees the file's bytes in the `document` field, not a JSON object.
  const xml = String(doc.payload.document);
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
  assert.match(String(doc.payload.caption), /secbrief: 2 enabled feeds/);
  const exported = parseOpml(xml).map((f) => [f.url, f.title, f.language]);
  assert.deepEqual(
    exported,
    listFeeds(t.db).map((f) => [f.url, f.title, f.language]),
  );
  const row = () =>
    t.db.prepare("SELECT status, payload FROM outbox WHERE method = 'sendDocument'").get() as {
      status: string;
      payload: string;
    };
  // The fake records the call when it arrives; the sender marks the row sent once the answer is back.
  for (const end = Date.now() + 3000; row().status !== 'sent' && Date.now() < end;)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal(row().status, 'sent');
  assert.equal(
    (JSON.parse(row().payload) as { document_inline: { text: string } }).document_inline.text,
    xml,
    'the outbox row holds the text as JSON',
  );
  const back = await sendFile(privateChat(ADMIN), ADMIN, xml, 'secbrief-feeds.opml');
  assert.match(String(back.payload.text), /Imported 2 feeds .*: 0 added, 2 already known/);
  assert.equal(listFeeds(t.db).length, 2);
});

test('files that are not OPML, too large, or fail to download get a clear answer', async () => {
  const notOpml = await sendFile(privateChat(ADMIN), ADMIN, rss([{ title: 'x', link: 'https://x.test/' }]), 'feed.xml');
  assert.match(String(notOpml.payload.text), /Not imported: feed\.xml is not an OPML document/);
  const getFiles = api.calls.filter((c) => c.method === 'getFile').length;
  const big = await sendFile(privateChat(ADMIN), ADMIN, Buffer.alloc(1_100_000, 0x20), 'huge.opml');
  assert.match(String(big.payload.text), /huge\.opml is over 1 MB/);
  assert.equal(api.calls.filter((c) => c.method === 'getFile').length, getFiles, 'not downloaded');
  api.inject('getFile', { code: 400, description: 'Bad Request: file is too big' });
  const failed = await sendFile(privateChat(ADMIN), ADMIN, LIST, 'x.opml');
  assert.match(String(failed.payload.text), /Could not download the file/);
  assert.doesNotMatch(String(failed.payload.text), /Bad Request/);
});

test('non-operators cannot import or export; files in groups are ignored', async () => {
  const getFiles = () => api.calls.filter((c) => c.method === 'getFile').length;
  const before = getFiles();
  const refused = await sendFile(
    privateChat(7),
    7,
    opml([{ url: 'https://evil.test/feed', title: 'Evil' }]),
    'evil.opml',
  );
  assert.match(String(refused.payload.text), /for the bot’s operators/);
  const exportRefused = await say(privateChat(7), 7, '/export');
  assert.match(String(exportRefused.payload.text), /for the bot’s operators/);
  push(group, ADMIN, { document: api.addFile(LIST, 'group.opml') });
  await say(privateChat(ADMIN), ADMIN, '/help');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(getFiles(), before);
  assert.equal(callsTo('sendMessage', group.id).length, 0);
  assert.equal(callsTo('sendDocument', 7).length, 0);
  assert.ok(!listFeeds(t.db).some((f) => f.url.includes('evil')));
});

test('a feed health alert and /feedstatus reach the operator as valid Telegram HTML', async () => {
  const now = Date.now();
  upsertFeeds(t.db, [{ url: 'https://freebuf.test/feed', title: 'FreeBuf & <co>' }], 'file', now);
  const id = listFeeds(t.db).find((f) => f.url === 'https://freebuf.test/feed')!.id;
  const okId = listFeeds(t.db)[0]!.id;
  recordFetchSuccess(t.db, okId, {
    httpStatus: 200,
    notModified: false,
    etag: null,
    lastModified: null,
    now,
    nextFetchAt: now,
  });
  recordFetchSuccess(t.db, okId, {
    httpStatus: 304,
    notModified: true,
    etag: null,
    lastModified: null,
    now,
    nextFetchAt: now,
  });
  for (let i = 5; i >= 1; i--) {
    recordFetchFailure(t.db, id, {
      reason: 'blocked',
      message: 'blocked: WAF challenge page (HTTP 405)',
      httpStatus: 405,
      now: now - i * 10 * 3_600_000,
      nextFetchAt: now,
    });
  }
  const alert = await next('sendMessage', ADMIN, () => {
    assert.equal(
      queueFeedHealthAlerts({
        db: t.db,
        clock: () => now,
        adminIds: app.config.ADMIN_IDS,
        alertHours: app.config.FEED_ALERT_HOURS,
      }),
      1,
    );
    runtime.sender.wake();
  });
  assert.ok(alert.ok, alert.error);
  assert.match(
    String(alert.payload.text),
    /Feed down[\s\S]*FreeBuf &amp; &lt;co&gt;[\s\S]*5 failures in a row[\s\S]*blocked \(challenge page\)/,
  );
  assert.equal(
    queueFeedHealthAlerts({ db: t.db, clock: () => now + 3_600_000, adminIds: app.config.ADMIN_IDS, alertHours: 24 }),
    0,
  );

  const status = await say(privateChat(ADMIN), ADMIN, '/feedstatus');
  assert.ok(status.ok, status.error);
  const text = String(status.payload.text);
  assert.match(text, /<b>Feed status<\/b> — 3 feeds: 1 failing \(1 blocked\), 0 disabled/);
  assert.match(
    text,
    /FreeBuf &amp; &lt;co&gt;\n\s+last ok never · HTTP 405 · 304 ratio 0% \(0\/5\) · fail streak 5\n\s+🛡 blocked \(challenge page\) since \d{4}-\d\d-\d\d \d\d:\d\d UTC: WAF challenge page \(HTTP 405\)/,
  );
  assert.match(
    text,
    /🟢 The Record\n\s+last ok \d{4}-\d\d-\d\d \d\d:\d\d UTC · HTTP 304 · 304 ratio 50% \(1\/2\) · fail streak 0/,
  );
  assert.ok(text.indexOf('FreeBuf') < text.indexOf('The Record'), 'failing feeds first');
});

test('the transport turns an inline document into an upload and leaves other payloads alone', () => {
  const text = { text: 'hi', parse_mode: 'HTML' };
  assert.equal(withInputFile(text), text);
  const out = withInputFile({
    document_inline: { filename: 'f.opml', text: '<opml>中文</opml>' },
    caption: 'c',
    chat_id: 5,
  });
  assert.deepEqual(Object.keys(out).sort(), ['caption', 'chat_id', 'document']);
  const doc = out.document as { source: Buffer; filename: string };
  assert.equal(doc.filename, 'f.opml');
  assert.equal(doc.source.toString('utf8'), '<opml>中文</opml>');
});
