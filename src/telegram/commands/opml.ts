// Operators move feed lists in and out of Telegram: an OPML file sent to the bot in a private
// chat is imported, /export sends the list back as an OPML file. Imported feeds are 'admin'
// feeds, fetched through the same private-address guard as /addfeed.
import { html } from '../../format/html.js';
import { tHtml } from '../../format/i18n.js';
import { exportOpml, importOpml, OpmlError } from '../../feeds/opml.js';
import type { Db } from '../../store/db.js';
import { enqueue } from '../../store/outbox.js';
import { KIND_PRIORITY } from '../../notify/queue.js';
import { redactToken } from '../../log.js';
import { INLINE_DOCUMENT_KEY, type CommandHandler, type InlineDocument } from '../types.js';
import { isOperator, reply } from './common.js';

/** Far above any real feed list (the shipped one is 10 KB), far below Telegram's 20 MB. */
export const MAX_OPML_BYTES = 1_000_000;
export const MAX_IMPORT_FEEDS = 1_000;
const NEXT_CYCLE = 'New feeds are fetched with the next cycle, through the same address checks as /addfeed.';

export const importDocument: CommandHandler = async (ctx) => {
  if (!isOperator(ctx)) return reply(tHtml(ctx.lang, 'notAllowed'));
  const doc = ctx.msg.document;
  if (!doc) return [];
  const name = doc.fileName ?? 'the file';
  if (!ctx.env.downloadFile) {
    return reply(html`Files are imported in Telegram; here use <code>secbrief feeds import &lt;file.opml&gt;</code>.`);
  }
  if (doc.size !== null && doc.size > MAX_OPML_BYTES) {
    const mb = MAX_OPML_BYTES / 1_000_000;
    return reply(html`❌ Not imported: ${name} is over ${mb} MB; an OPML feed list is far smaller.`);
  }
  let bytes: Buffer;
  try {
    bytes = await ctx.env.downloadFile(doc.fileId, MAX_OPML_BYTES);
  } catch (err) {
    ctx.env.log.warn(
      { error: redactToken((err as Error).message ?? String(err)) },
      'could not download an uploaded file',
    );
    return reply(html`❌ Could not download the file from Telegram. Please send it again.`);
  }
  try {
    const r = importOpml(ctx.env.db, bytes, 'admin', ctx.env.clock(), { maxFeeds: MAX_IMPORT_FEEDS });
    const counts = `${r.added} added, ${r.updated} already known${r.reenabled ? `, ${r.reenabled} re-enabled` : ''}`;
    return reply(html`✅ Imported ${r.feeds} feeds from <b>${name}</b>: ${counts}. ${NEXT_CYCLE}`);
  } catch (err) {
    if (err instanceof OpmlError) return reply(html`❌ Not imported: ${name} is ${err.message}.`);
    throw err;
  }
};

/** The outbox row for a document: the text rides inline (see INLINE_DOCUMENT_KEY). */
export function queueDocument(
  db: Db,
  to: { chatId: number; threadId: number | null },
  doc: InlineDocument & { caption: string },
  now: number,
): number {
  const payload = {
    [INLINE_DOCUMENT_KEY]: { filename: doc.filename, text: doc.text } satisfies InlineDocument,
    caption: doc.caption,
    parse_mode: 'HTML',
    ...(to.threadId ? { message_thread_id: to.threadId } : {}),
  };
  return enqueue(
    db,
    [{ chatId: to.chatId, kind: 'reply', method: 'sendDocument', payload, priority: KIND_PRIORITY.reply }],
    now,
  )[0]!;
}

/** /export (enabled feeds) or /export all (disabled ones too): the list as an OPML file. */
export const exportFeeds: CommandHandler = async (ctx) => {
  if (!isOperator(ctx)) return reply(tHtml(ctx.lang, 'notAllowed'));
  const all = ctx.args.trim().toLowerCase() === 'all';
  const now = ctx.env.clock();
  const { xml, feeds } = exportOpml(ctx.env.db, now, { includeDisabled: all });
  const day = new Date(now).toISOString().slice(0, 10);
  const caption = `secbrief: ${feeds} ${all ? '' : 'enabled '}feeds, ${day}. Send this file back to me to import it.`;
  queueDocument(
    ctx.env.db,
    { chatId: ctx.msg.chat.id, threadId: ctx.msg.threadId },
    { filename: `secbrief-feeds-${day}.opml`, text: xml, caption },
    now,
  );
  // The document is the answer; the dispatcher's caller wakes the sender for it.
  return [];
};
