// Files in and out of the Bot API: an /export document or a chart becomes a multipart upload at send time,
// and a file sent to the bot (an /import) is downloaded with a size cap.
import { readFile, stat } from 'node:fs/promises';
import type { Telegraf } from 'telegraf';
import { INLINE_PHOTO_KEY, type InlinePhoto } from '../format/payload.js';
import { INLINE_DOCUMENT_KEY, type HandlerEnv, type InlineDocument } from './types.js';

/**
 * Outbox rows stay JSON: a document (an /export) is stored as its text under
 * INLINE_DOCUMENT_KEY and becomes an upload only here. telegraf sends a payload holding
 * { source: Buffer, filename } as multipart/form-data; a retry uploads the same bytes again.
 */
export function withInputFile(payload: Record<string, unknown>): Record<string, unknown> {
  const {
    [INLINE_DOCUMENT_KEY]: doc,
    [INLINE_PHOTO_KEY]: photo,
    ...rest
  } = payload as {
    [INLINE_DOCUMENT_KEY]?: InlineDocument;
    [INLINE_PHOTO_KEY]?: InlinePhoto;
  };
  if (doc) return { ...rest, document: { source: Buffer.from(doc.text, 'utf8'), filename: doc.filename } };
  if (photo) return { ...rest, photo: { source: Buffer.from(photo.base64, 'base64'), filename: photo.filename } };
  return payload;
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
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
export function fileDownloader(bot: Telegraf, timeoutMs: number): NonNullable<HandlerEnv['downloadFile']> {
  return async (fileId, maxBytes) => {
    const url = await bot.telegram.getFileLink(fileId);
    if (url.protocol === 'file:') {
      if ((await stat(url)).size > maxBytes) throw new Error(`file is over ${maxBytes} bytes`);
      return readFile(url);
    }
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !res.body) throw new Error(`file download answered HTTP ${res.status}`);
    return readCapped(res.body, maxBytes);
  };
}
