// Files in and out of the Bot API: an /export document or a chart becomes a multipart upload at send time,
// and a file sent to the bot (an /import) is downloaded with a size cap.
import { readFile, stat } from 'node:fs/promises';
import http, { type Agent } from 'node:http';
import https from 'node:https';
import type { Telegraf } from 'telegraf';
import { INLINE_PHOTO_KEY, type InlinePhoto } from '../format/payload.js';
import { INLINE_DOCUMENT_KEY, type HandlerEnv, type InlineDocument } from './types.js';

/**
 * Outbox rows stay JSON: a document (an /export) is stored as its text under
 * INLINE_DOCUMENT_KEY, a photo by its hash (its bytes in the photos table, `photoBytes`) or, in
 * rows from before migration 017, as base64; either becomes an upload only here. telegraf sends a
 * payload holding { source: Buffer, filename } as multipart/form-data; a retry uploads the same
 * bytes again.
 */
export function withInputFile(
  payload: Record<string, unknown>,
  photoBytes: (sha256: string) => Buffer | undefined = () => undefined,
): Record<string, unknown> {
  const {
    [INLINE_DOCUMENT_KEY]: doc,
    [INLINE_PHOTO_KEY]: photo,
    ...rest
  } = payload as {
    [INLINE_DOCUMENT_KEY]?: InlineDocument;
    [INLINE_PHOTO_KEY]?: InlinePhoto;
  };
  if (doc) return { ...rest, document: { source: Buffer.from(doc.text, 'utf8'), filename: doc.filename } };
  if (photo) return { ...rest, photo: { source: inlinePhotoBytes(photo, photoBytes), filename: photo.filename } };
  return payload;
}

/** The PNG a photo payload names: inline (rows before migration 017) or from the photos table. */
export function inlinePhotoBytes(photo: InlinePhoto, photoBytes: (sha256: string) => Buffer | undefined): Buffer {
  const bytes = photo.base64 !== undefined ? Buffer.from(photo.base64, 'base64') : photoBytes(photo.sha256 ?? '');
  if (!bytes) throw new PhotoMissingError(photo.sha256 ?? '(no hash)');
  return bytes;
}

/**
 * The photo a row names is no longer stored (deleted by hand, or a row older than its photo's
 * retention). Shaped like a Bot API refusal (400) so the sender dead-letters the row at once, with
 * this reason, instead of retrying what can never be sent.
 */
export class PhotoMissingError extends Error {
  readonly response: { error_code: number; description: string };
  constructor(sha256: string) {
    super(`photo ${sha256} is no longer stored`);
    this.name = 'PhotoMissingError';
    this.response = { error_code: 400, description: this.message };
  }
}

async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`file is over ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * getFile, then the download. A local Bot API server (--local) answers with a path on its own
 * disk, which telegraf turns into a file: URL. Error messages never carry the URL (it holds the token).
 */
export function fileDownloader(
  bot: Telegraf,
  timeoutMs: number,
  agent?: Agent,
): NonNullable<HandlerEnv['downloadFile']> {
  return async (fileId, maxBytes) => {
    const url = await bot.telegram.getFileLink(fileId);
    if (url.protocol === 'file:') {
      if ((await stat(url)).size > maxBytes) throw new Error(`file is over ${maxBytes} bytes`);
      return readFile(url);
    }
    return download(url, { timeoutMs, maxBytes, agent });
  };
}

/** node's http(s) rather than fetch: fetch takes no http.Agent, and the proxy's agent must carry this too. */
function download(url: URL, opts: { timeoutMs: number; maxBytes: number; agent?: Agent }): Promise<Buffer> {
  const get = url.protocol === 'https:' ? https.get : http.get;
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: opts.agent, signal: AbortSignal.timeout(opts.timeoutMs) }, (res) => {
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
        res.destroy();
        return reject(new Error(`file download answered HTTP ${res.statusCode}`));
      }
      readCapped(res, opts.maxBytes).then(resolve, reject);
    });
    // The URL holds the token: the error says what failed, never where.
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(`file download failed (${err.code ?? err.name})`)),
    );
  });
}
