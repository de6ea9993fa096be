// Photo payloads: the row names the PNG by hash and the upload carries its bytes from the photos
// store; a row from before migration 017 carries them inline as base64; a row whose photo is gone
// is refused like a bad request (dead-lettered, not retried); a caption over Telegram's 1,024
// characters is refused before it is queued, not at send time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPTION_MAX_CHARS, INLINE_PHOTO_KEY, photoPayload, type InlinePhoto } from '../../src/format/payload.js';
import { classifyFailure, toApiFailure } from '../../src/telegram/errors.js';
import { PhotoMissingError, withInputFile } from '../../src/telegram/files.js';

const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);
const photo = { sha256: 'ab'.repeat(32), filename: 'trend.png' };

test('a photo payload names the PNG by hash and becomes an upload of its stored bytes', () => {
  const payload = photoPayload(photo, '<b>caption</b>', 42);
  assert.deepEqual(payload[INLINE_PHOTO_KEY], photo, 'the row holds the hash, not the bytes');
  assert.deepEqual([payload.parse_mode, payload.message_thread_id], ['HTML', 42]);
  const stored = new Map([[photo.sha256, PNG_BYTES]]);
  const upload = withInputFile(JSON.parse(JSON.stringify(payload)) as Record<string, unknown>, (h) => stored.get(h));
  assert.ok(!(INLINE_PHOTO_KEY in upload));
  const sent = upload.photo as { source: Buffer; filename: string };
  assert.ok(sent.source.equals(PNG_BYTES));
  assert.equal(sent.filename, 'trend.png');
});

test('a row from before migration 017 uploads its inline bytes; a photo no longer stored is a refusal', () => {
  const old = { [INLINE_PHOTO_KEY]: { filename: 'w.png', base64: PNG_BYTES.toString('base64') } satisfies InlinePhoto };
  assert.ok((withInputFile(old).photo as { source: Buffer }).source.equals(PNG_BYTES));
  const gone = photoPayload(photo, 'x', null);
  assert.throws(() => withInputFile(gone, () => undefined), PhotoMissingError);
  try {
    withInputFile(gone, () => undefined);
  } catch (err) {
    const f = toApiFailure(err);
    assert.deepEqual([f.code, f.description], [400, `photo ${photo.sha256} is no longer stored`]);
    assert.notEqual(classifyFailure(f), 'transient', 'never retried 30 times');
  }
});

test('a caption over the limit is refused', () => {
  assert.throws(() => photoPayload(photo, 'x'.repeat(CAPTION_MAX_CHARS + 1), null), /at most 1024/);
  assert.ok(photoPayload(photo, 'x'.repeat(CAPTION_MAX_CHARS), null));
});
