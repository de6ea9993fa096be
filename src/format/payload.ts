// Reply → Bot API parameters. Pure. Link previews are always off: a digest or a result list
// with ten previews is unreadable, and the first link's preview is arbitrary.

/** An inline keyboard button; callback data is capped at 64 bytes by Telegram. */
export interface Button {
  text: string;
  callbackData?: string;
  url?: string;
}

export interface Reply {
  html: string;
  keyboard?: Button[][];
}

export const CALLBACK_DATA_MAX_BYTES = 64;

/** Whether Telegram takes `data` as a button's callback data: 1 to 64 bytes. */
export const fitsCallbackData = (data: string): boolean =>
  data.length > 0 && Buffer.byteLength(data) <= CALLBACK_DATA_MAX_BYTES;

function inlineKeyboard(rows: Button[][]) {
  return {
    inline_keyboard: rows.map((row) =>
      row.map((b) => {
        if (b.url) return { text: b.text, url: b.url };
        if (!b.callbackData || !fitsCallbackData(b.callbackData)) {
          throw new Error(`callback_data must be 1-${CALLBACK_DATA_MAX_BYTES} bytes: ${b.callbackData}`);
        }
        return { text: b.text, callback_data: b.callbackData };
      }),
    ),
  };
}

export function messagePayload(reply: Reply, threadId: number | null): Record<string, unknown> {
  return {
    text: reply.html,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(reply.keyboard ? { reply_markup: inlineKeyboard(reply.keyboard) } : {}),
    ...(threadId ? { message_thread_id: threadId } : {}),
  };
}

export function editPayload(reply: Reply, messageId: number): Record<string, unknown> {
  return {
    message_id: messageId,
    text: reply.html,
    parse_mode: 'HTML',
    link_preview_options: { is_disabled: true },
    ...(reply.keyboard ? { reply_markup: inlineKeyboard(reply.keyboard) } : {}),
  };
}

/**
 * Telegram's limit on a photo's caption; the rest of a report goes in a follow-up message. Checked
 * on the HTML, which is stricter than Telegram's count of the visible text.
 */
export const CAPTION_MAX_CHARS = 1024;

/**
 * A chart sent with sendPhoto. The outbox row names the PNG by its SHA-256; the bytes are kept once
 * in the photos table (migration 017), however many chats get the chart, and the transport sends
 * them as a multipart upload or by Telegram's file_id (telegram/uploads.ts). Rows queued before
 * migration 017 carry the PNG inline as base64 instead.
 */
export const INLINE_PHOTO_KEY = 'photo_inline';
export interface InlinePhoto {
  filename: string;
  /** Of the PNG's bytes, which the photos table keeps (store/photos.ts). */
  sha256?: string;
  /** The PNG itself, in rows queued before migration 017. */
  base64?: string;
}

export function photoPayload(photo: { sha256: string; filename: string }, caption: string, threadId: number | null) {
  if (caption.length > CAPTION_MAX_CHARS) throw new Error(`a caption is at most ${CAPTION_MAX_CHARS} characters`);
  return {
    [INLINE_PHOTO_KEY]: { filename: photo.filename, sha256: photo.sha256 } satisfies InlinePhoto,
    caption,
    parse_mode: 'HTML',
    ...(threadId ? { message_thread_id: threadId } : {}),
  };
}
