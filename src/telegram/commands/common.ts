// Small helpers shared by command handlers.
import { html, type SafeHtml } from '../../format/html.js';
import { tHtml, type MessageKey } from '../../format/i18n.js';
import { ensureChat, getChat, type ChatRow } from '../../store/chats.js';
import type { HandlerContext, HandlerEnv, Reply } from '../types.js';

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

/**
 * A channel as its admins name it: `@username` for a public one, or its id (-100…), which private
 * channels have only (forward a post from it to @userinfobot, or see the channel's link).
 */
export function parseChannelRef(text: string): { ref: string; label: SafeHtml } | null {
  const name = /^@?([A-Za-z]\w{3,31})$/.exec(text)?.[1];
  const ref = name ? `@${name}` : /^-100\d{6,16}$/.test(text) ? text : null;
  return ref ? { ref, label: html`<code>${ref}</code>` } : null;
}

type ResolvedChannel = NonNullable<Awaited<ReturnType<HandlerEnv['resolveChannel']>>>;

/**
 * The channel `ref` names, when the bot can see it, it is a channel, the bot may post there and the
 * user administers it; else the refusal to send. `notAdmin` says what only its admins may do.
 */
export async function administeredChannel(
  ctx: HandlerContext,
  channel: { ref: string; label: SafeHtml },
  notAdmin: MessageKey,
): Promise<{ channel: ResolvedChannel } | { refusal: Reply[] }> {
  const { env, msg, lang } = ctx;
  const found = await env.resolveChannel(channel.ref);
  if (!found) return { refusal: reply(tHtml(lang, 'channelNotFound', { channel: channel.label })) };
  if (found.type !== 'channel') return { refusal: reply(tHtml(lang, 'notAChannel', { channel: channel.label })) };
  // Before the user's check: where the bot is no admin, Telegram may not show it the members.
  if (!found.botIsAdmin) return { refusal: reply(tHtml(lang, 'channelBotNotAdmin', { channel: channel.label })) };
  if (!msg.user || !(await env.isChatAdmin(found.id, msg.user.id))) {
    return { refusal: reply(tHtml(lang, notAdmin, { channel: channel.label })) };
  }
  return { channel: found };
}
