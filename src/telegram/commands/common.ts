// Small helpers shared by command handlers.
import type { SafeHtml } from '../../format/html.js';
import { tHtml } from '../../format/i18n.js';
import { ensureChat, getChat, type ChatRow } from '../../store/chats.js';
import type { HandlerContext, Reply } from '../types.js';

/** A one-message answer; SafeHtml, so the text went through the html template or tHtml. */
export const reply = (text: SafeHtml): Reply[] => [{ html: text.value }];

/** The chat's time zone for dates in replies; read-only commands need no chat row written. */
export function chatTimezone(ctx: HandlerContext): string {
  return getChat(ctx.env.db, ctx.msg.chat.id)?.timezone ?? ctx.env.settings.defaultTimezone;
}

/** The chat's row, created with defaults on first contact; for commands that change the chat. */
export function chatRow(ctx: HandlerContext): ChatRow {
  const { env, msg } = ctx;
  return ensureChat(
    env.db,
    msg.chat,
    { timezone: env.settings.defaultTimezone, digestTime: env.settings.defaultDigestTime },
    env.clock(),
  );
}

/**
 * In groups only admins may change what the group receives. An anonymous admin posts as the
 * group itself (from = @GroupAnonymousBot, sender_chat = the group): only admins can do that.
 * Returns a refusal, or null when allowed.
 */
export async function refuseUnlessAdmin(ctx: HandlerContext): Promise<Reply[] | null> {
  const { msg, env } = ctx;
  if (msg.chat.type === 'private') return null;
  if (msg.user?.anonymousAdmin) return null;
  if (msg.user && (await env.isChatAdmin(msg.chat.id, msg.user.id))) return null;
  return reply(tHtml(ctx.lang, 'adminsOnly'));
}

export function isOperator(ctx: HandlerContext): boolean {
  return ctx.msg.chat.type === 'private' && !!ctx.msg.user && ctx.env.settings.adminIds.has(ctx.msg.user.id);
}
