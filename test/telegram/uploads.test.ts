// A photo goes up once, then by file_id: end to end through the sender and real telegraf against
// the fake Bot API, which hands out file_ids for uploads and refuses ids it never gave.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { queuePhoto } from '../../src/notify/queue.js';
import { ensureChat } from '../../src/store/chats.js';
import { INLINE_PHOTO_KEY } from '../../src/format/payload.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { UploadedFile, type ApiCall } from '../helpers/fake-bot-api.js';

let h: BotHarness;
const CHATS = [601, 602, 603, 604];

before(async () => {
  h = await startBotHarness({}, (t) => {
    for (const id of CHATS) {
      ensureChat(t.db, { id, type: 'private', title: `c${id}` }, { timezone: 'UTC', digestTime: '09:00' }, 0);
    }
  });
});
after(() => h.close());

const chart = (bytes: string, caption = 'Weekly report') => ({
  png: Buffer.from(bytes),
  filename: 'weekly.png',
  caption,
});

/** Queues the photo for each chat, wakes the sender and returns the sendPhoto calls it made. */
async function send(chats: number[], photo: ReturnType<typeof chart>, edit?: (p: Record<string, unknown>) => void) {
  const seen = h.api.calls.length;
  const ids = chats.flatMap((chatId) =>
    queuePhoto(h.t.db, { chatId, threadId: null }, photo, [], 'digest', Date.now()),
  );
  if (edit) {
    for (const id of ids) {
      const row = h.t.db.prepare('SELECT payload FROM outbox WHERE id = ?').pluck().get(id) as string;
      const payload = JSON.parse(row) as Record<string, unknown>;
      edit(payload);
      h.t.db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(JSON.stringify(payload), id);
    }
  }
  h.runtime.sender.wake();
  const done = h.t.db.prepare("SELECT count(*) FROM outbox WHERE status = 'pending'").pluck();
  for (const end = Date.now() + 10_000; done.get() !== 0 && Date.now() < end;) await pause(20);
  return h.api.calls.slice(seen).filter((c: ApiCall) => c.method === 'sendPhoto');
}

const how = (c: ApiCall) => (c.payload.photo instanceof UploadedFile ? 'upload' : String(c.payload.photo));
const fileIds = () =>
  h.t.db.prepare('SELECT file_id FROM photos WHERE file_id IS NOT NULL ORDER BY file_id').pluck().all();

test('the same chart for three chats: uploaded once, then sent by the file_id Telegram gave', async () => {
  const calls = await send(CHATS.slice(0, 3), chart('png bytes A'));
  assert.equal(calls.length, 3);
  assert.ok(calls.every((c) => c.ok));
  const [first, ...rest] = calls.map(how);
  assert.equal(first, 'upload');
  assert.deepEqual(rest, ['photo-1', 'photo-1'], 'the largest size’s file_id');
  assert.deepEqual(
    calls.map((c) => c.payload.caption),
    ['Weekly report', 'Weekly report', 'Weekly report'],
  );
  const stored = h.t.db.prepare('SELECT count(*) FROM photos').pluck().get();
  assert.equal(stored, 1, 'the bytes are kept once');
  const rowSizes = h.t.db.prepare("SELECT max(length(payload)) FROM outbox WHERE method = 'sendPhoto'").pluck().get();
  assert.ok((rowSizes as number) < 300, `outbox rows name the photo by hash (${rowSizes} bytes)`);
  assert.equal(String((calls[0]!.payload.photo as UploadedFile).bytes), 'png bytes A', 'the stored bytes went up');
  const other = await send([604], chart('png bytes B'));
  assert.deepEqual(other.map(how), ['upload'], 'other bytes, another upload');
  assert.deepEqual(fileIds(), ['photo-1', 'photo-2']);
});

test('a file_id Telegram refuses (another bot token) is forgotten and the bytes go up again', async () => {
  const photo = chart('png bytes C');
  const [warmUp] = await send([601], photo);
  assert.equal(how(warmUp!), 'upload');
  const sha256 = createHash('sha256').update(photo.png).digest('hex');
  h.t.db.prepare("UPDATE photos SET file_id = 'from-an-old-token' WHERE sha256 = ?").run(sha256);
  const calls = await send([602], photo);
  assert.deepEqual(
    calls.map((c) => [how(c), c.ok]),
    [
      ['from-an-old-token', false],
      ['upload', true],
    ],
  );
  assert.match(calls[0]!.error ?? '', /wrong file identifier/);
  assert.ok(fileIds().includes('photo-4'), 'the new upload’s id is kept');
  assert.ok(!fileIds().includes('from-an-old-token'));
});

test('any other refusal is not answered with an upload; a row queued without a hash is uploaded', async () => {
  const photo = chart('png bytes A'); // known since the first test
  h.api.inject('sendPhoto', { code: 400, description: "Bad Request: can't parse entities: unclosed tag" }, 603);
  const refused = await send([603], photo);
  assert.deepEqual(
    refused.map((c) => [how(c), c.ok]),
    [['photo-1', false]],
    'one call: the refusal is the message’s, not the file_id’s',
  );
  assert.equal(h.t.db.prepare('SELECT status FROM outbox WHERE chat_id = 603 ORDER BY id DESC').pluck().get(), 'dead');
  const old = await send([604], chart('png bytes D'), (p) => {
    const inline = p[INLINE_PHOTO_KEY] as { sha256?: string; base64?: string };
    inline.base64 = Buffer.from('png bytes D').toString('base64');
    delete inline.sha256;
  });
  assert.deepEqual(old.map(how), ['upload'], 'queued before migration 017: uploaded as before');
  assert.equal(String((old[0]!.payload.photo as UploadedFile).bytes), 'png bytes D');
});
