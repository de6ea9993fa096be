// A photo goes up to Telegram once. The weekly report sends one chart to every chat that shares a
// time zone and language (and /trend may draw the same chart twice); uploading it for each would
// cost 60–130 KB and a slower call per chat. After the first upload the photo goes by the file_id
// Telegram answered with (https://core.telegram.org/bots/api#sending-files: "if the file is already
// stored somewhere on the Telegram servers, you don't need to reupload it"). A file_id Telegram no
// longer takes (another bot token) is forgotten and the bytes are uploaded again, in the same call.
import { INLINE_PHOTO_KEY, type InlinePhoto } from '../format/payload.js';
import type { PhotoStore } from '../store/photos.js';
import { toApiFailure } from './errors.js';
import { withInputFile } from './files.js';
import type { BotTransport } from './sender.js';

// Telegram's answer to a file_id it does not know: "Bad Request: wrong file identifier/HTTP URL specified".
const STALE_FILE_ID = /wrong (remote )?file identifier|file reference|FILE_ID_INVALID/i;

const isStaleFileId = (err: unknown): boolean => {
  const f = toApiFailure(err);
  return f.code === 400 && STALE_FILE_ID.test(f.description);
};

/** The file_id of the largest size Telegram made of an uploaded photo (the one to send again). */
function uploadedFileId(result: unknown): string | undefined {
  const sizes = (result as { photo?: Array<{ file_id?: unknown; width?: number }> } | null)?.photo;
  if (!Array.isArray(sizes)) return undefined;
  const largest = [...sizes].sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0];
  return typeof largest?.file_id === 'string' ? largest.file_id : undefined;
}

/** `call` with inline files turned into uploads, and photos Telegram already has sent by file_id. */
export function reusingUploads(call: BotTransport['call'], cache: PhotoStore): BotTransport {
  const upload = (payload: Record<string, unknown>) => withInputFile(payload, cache.bytes);
  return {
    async call(method, payload) {
      const photo = payload[INLINE_PHOTO_KEY] as InlinePhoto | undefined;
      // Rows queued before migration 017 carry the bytes, no hash: uploaded as they were.
      if (!photo?.sha256) return call(method, upload(payload));
      const known = cache.fileId(photo.sha256);
      if (known) {
        const { [INLINE_PHOTO_KEY]: _named, ...rest } = payload;
        try {
          return await call(method, { ...rest, photo: known });
        } catch (err) {
          if (!isStaleFileId(err)) throw err;
          cache.forget(photo.sha256);
        }
      }
      const result = await call(method, upload(payload));
      const fileId = uploadedFileId(result);
      if (fileId) cache.remember(photo.sha256, fileId);
      return result;
    },
  };
}
