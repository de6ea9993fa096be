// Photo payloads: the PNG rides inline as base64 and comes back byte for byte; a caption over
// Telegram's 1,024 characters is refused before it is queued, not at send time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CAPTION_MAX_CHARS, INLINE_PHOTO_KEY, photoPayload, type InlinePhoto } from '../../src/format/payload.js';
import { withInputFile } from '../../src/telegram/files.js';

test('a photo payload carries the PNG inline and becomes an upload of the same bytes', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 7]);
  const payload = photoPayload(png, 'trend.png', '<b>caption</b>', 42);
  assert.equal((payload[INLINE_PHOTO_KEY] as InlinePhoto).filename, 'trend.png');
  assert.deepEqual([payload.parse_mode, payload.message_thread_id], ['HTML', 42]);
  const upload = withInputFile(JSON.parse(JSON.stringify(payload)) as Record<string, unknown>);
  assert.ok(!(INLINE_PHOTO_KEY in upload));
  const photo = upload.photo as { source: Buffer; filename: string };
  assert.ok(photo.source.equals(png));
  assert.equal(photo.filename, 'trend.png');
});

test('a caption over the limit is refused', () => {
  assert.throws(() => photoPayload(Buffer.alloc(1), 'x.png', 'x'.repeat(CAPTION_MAX_CHARS + 1), null), /at most 1024/);
  assert.ok(photoPayload(Buffer.alloc(1), 'x.png', 'x'.repeat(CAPTION_MAX_CHARS), null));
});
