// telegraf wiring: updates → Dispatcher → outbox (through the Sender). telegraf is used for the
// transport and update loop only; every send, edit and answer goes through the Sender.
import type { Agent } from 'node:http';
import { Telegraf } from 'telegraf';
import type { Logger } from 'pino';
import { t, uiLanguageFor } from '../format/i18n.js';
import { deactivateChat, ensureChat, getChat } from '../store/chats.js';
import type { Db } from '../store/db.js';
import { enqueue } from '../store/outbox.js';
import { KIND_PRIORITY, queueMessages } from '../notify/queue.js';
import { Dispatcher, MENU } from './dispatch.js';
import { redactToken } from '../log.js';
import { inlineAnswer } from './inline.js';
import { editPayload } from '../format/payload.js';
import type { Sender } from './sender.js';
import type { BotSettings, HandlerEnv, IncomingDocument } from './types.js';
import { chatOf, incomingFromMessage, type TgChat, type TgMessage, type TgUser } from './updates.js';
import { TelegramUnansweredError, toApiFailure } from './errors.js';
import { isUnanswered } from './link.js';

/** No answer from Telegram, or a 5xx: whatever was asked is unknown, not "no". */
const noAnswer = (err: unknown) => isUnanswered(err) || (toApiFailure(err).code ?? 0) >= 500;

export interface BotDeps {
  db: Db;
  clock: () => number;
  log: Logger;
  settings: BotSettings;
  sender: Sender;
  validateFeedUrl: HandlerEnv['validateFeedUrl'];
  summarizer: HandlerEnv['summarizer'];
  searchTimer?: HandlerEnv['searchTimer'];
  downloadFile?: HandlerEnv['downloadFile'];
  lookupCve?: HandlerEnv['lookupCve'];
}

interface TgDocument {
  file_id: string;
  file_name?: string;
  mime_type?: string;
  file_size?: number;
}

const documentOf = (d: TgDocument): IncomingDocument => ({
  fileId: d.file_id,
  fileName: d.file_name ?? null,
  mimeType: d.mime_type ?? null,
  size: d.file_size ?? null,
});

const ADMIN_STATUSES = new Set(['creator', 'administrator']);

/** `agent`: TELEGRAM_PROXY's; without one telegraf keeps its own keep-alive agent. */
export function createTelegraf(token: string, apiRoot: string, agent?: Agent): Telegraf {
  const bot = new Telegraf(token, { telegram: { apiRoot }, handlerTimeout: 30_000 });
  // Set after construction: telegraf drops any agent when apiRoot is http:// (lib/core/network/client.js,
  // meant for its https default), and a local Bot API server on http:// behind the proxy needs it too.
  if (agent) bot.telegram.options.agent = agent;
  return bot;
}

function handlerEnv(bot: Telegraf, deps: BotDeps): HandlerEnv {
  const isAdmin = async (chatId: number | string, userId: number) => {
    try {
      return ADMIN_STATUSES.has((await bot.telegram.getChatMember(chatId, userId)).status);
    } catch (err) {
      // Telegram answered (not a member, chat not found): not an admin. No answer: unknown.
      if (noAnswer(err)) throw new TelegramUnansweredError('getChatMember', err);
      return false;
    }
  };
  return {
    db: deps.db,
    clock: deps.clock,
    log: deps.log,
    settings: deps.settings,
    validateFeedUrl: deps.validateFeedUrl,
    summarizer: deps.summarizer,
    searchTimer: deps.searchTimer,
    downloadFile: deps.downloadFile,
    lookupCve: deps.lookupCve,
    delivery: () => deps.sender.deliveryStats(),
    isChatAdmin: isAdmin,
    async resolveChannel(ref) {
      try {
        const chat = chatOf((await bot.telegram.getChat(ref)) as TgChat);
        const me = bot.botInfo?.id ?? (await bot.telegram.getMe()).id;
        return { ...chat, title: chat.title || ref, botIsAdmin: await isAdmin(chat.id, me) };
      } catch (err) {
        if (err instanceof TelegramUnansweredError) throw err;
        if (noAnswer(err)) throw new TelegramUnansweredError('getChat', err);
        return null; // Telegram answered: no such chat, or not one the bot can see
      }
    },
  };
}

type CallbackQuery = { id: string; from: TgUser; data?: string; message?: TgMessage & { message_id: number } };
type ChatMemberUpdate = {
  chat: TgChat;
  new_chat_member: { status: string };
  old_chat_member: { status: string };
  from: TgUser;
};

/** Always answered (Telegram shows a spinner until then); an edit goes through the outbox. */
async function onCallbackQuery(deps: BotDeps, dispatcher: Dispatcher, cq: CallbackQuery): Promise<void> {
  const { db, clock, sender } = deps;
  if (!cq.message || !cq.data) {
    await sender.callNow('answerCallbackQuery', {
      callback_query_id: cq.id,
      text: t(uiLanguageFor(cq.from.language_code), 'staleButton'),
    });
    return;
  }
  const msg = { ...incomingFromMessage(cq.message), user: { id: cq.from.id, languageCode: cq.from.language_code } };
  const result = await dispatcher.handleCallback(msg, cq.data);
  await sender.callNow('answerCallbackQuery', {
    callback_query_id: cq.id,
    ...(result.toast ? { text: result.toast } : {}),
  });
  if (result.edit) {
    enqueue(
      db,
      [
        {
          chatId: msg.chat.id,
          kind: 'reply',
          method: 'editMessageText',
          payload: editPayload(result.edit, cq.message.message_id),
          priority: KIND_PRIORITY.reply,
        },
      ],
      clock(),
    );
    sender.wake();
  }
}

/** Removed or blocked: deactivate. Added to a group: say hello. */
function onMyChatMember(deps: BotDeps, u: ChatMemberUpdate): void {
  const { db, clock, sender } = deps;
  const status = u.new_chat_member.status;
  if (status === 'kicked' || status === 'left') {
    if (getChat(db, u.chat.id)) deactivateChat(db, u.chat.id, `bot ${status}`, clock());
    return;
  }
  const wasOut = ['left', 'kicked'].includes(u.old_chat_member.status);
  if (wasOut && (u.chat.type === 'group' || u.chat.type === 'supergroup')) {
    ensureChat(
      db,
      chatOf(u.chat),
      { timezone: deps.settings.defaultTimezone, digestTime: deps.settings.defaultDigestTime },
      clock(),
    );
    queueMessages(
      db,
      { chatId: u.chat.id, threadId: null },
      [t(uiLanguageFor(u.from.language_code), 'groupHello')],
      'reply',
      clock(),
    );
    sender.wake();
  }
}

export function installHandlers(bot: Telegraf, deps: BotDeps): void {
  const dispatcher = new Dispatcher(handlerEnv(bot, deps), bot.botInfo?.username);
  const { db, clock, sender } = deps;

  bot.on('message', async (ctx) => {
    const raw = ctx.message as unknown as TgMessage & { document?: TgDocument };
    const msg = { ...incomingFromMessage(raw), ...(raw.document ? { document: documentOf(raw.document) } : {}) };
    if (!msg.text && !msg.document) return;
    const replies = await dispatcher.handleMessage(msg);
    queueMessages(db, { chatId: msg.chat.id, threadId: msg.threadId }, replies, 'reply', clock());
    // Also without replies: a handler may have queued rows itself (/export queues a document).
    sender.wake();
  });

  bot.on('callback_query', (ctx) => onCallbackQuery(deps, dispatcher, ctx.callbackQuery as CallbackQuery));

  bot.on('inline_query', async (ctx) => {
    const q = ctx.inlineQuery as { id: string; query: string; offset: string; from?: { language_code?: string } };
    const lang = uiLanguageFor(q.from?.language_code);
    const tz = deps.settings.defaultTimezone;
    const answer = inlineAnswer(db, q.query, q.offset, clock(), tz, deps.searchTimer, lang);
    await sender.callNow('answerInlineQuery', { inline_query_id: q.id, ...answer });
  });

  bot.on('my_chat_member', async (ctx) => onMyChatMember(deps, ctx.myChatMember as ChatMemberUpdate));

  // telegraf's default handler rethrows, which stops polling: one bad update must not do that.
  bot.catch((err, ctx) => {
    deps.log.error({ err: redactError(err), updateId: ctx.update.update_id }, 'unhandled error in update handler');
  });
}

export function redactError(err: unknown): { message: string; name?: string } {
  const e = err as Error;
  return { name: e?.name, message: redactToken(e?.message ?? String(err)) };
}

export async function registerCommands(bot: Telegraf, log: Logger): Promise<void> {
  try {
    await bot.telegram.setMyCommands(MENU.en);
    await bot.telegram.setMyCommands(MENU.zh, { language_code: 'zh' });
  } catch (err) {
    log.warn({ err: redactError(err) }, 'could not register the command menu');
  }
}
