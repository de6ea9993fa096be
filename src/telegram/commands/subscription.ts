// /start, /stop, /subscribe @channel, /help, /lang.
import { html, type SafeHtml } from '../../format/html.js';
import { tHtml, type UiLanguage } from '../../format/i18n.js';
import { ensureChat, subscribeChat, unsubscribeChat, updateChatSettings } from '../../store/chats.js';
import { listFeeds } from '../../store/feeds.js';
import type { CommandHandler, HandlerContext } from '../types.js';
import { administeredChannel, chatRow, parseChannelRef, refuseUnlessAdmin, reply } from './common.js';

function welcome(ctx: HandlerContext, time: string, tz: string): SafeHtml {
  const feeds = listFeeds(ctx.env.db).filter((f) => f.enabled).length;
  return tHtml(ctx.lang, 'welcome', { feeds, time, tz });
}

export const start: CommandHandler = async (ctx) => {
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  const chat = chatRow(ctx);
  // Subscribing marks "now": digests and alerts only cover what arrives after this moment.
  const changed = subscribeChat(ctx.env.db, chat.id, ctx.msg.threadId, ctx.env.clock());
  if (!changed) return reply(tHtml(ctx.lang, 'alreadySubscribed'));
  return reply(welcome(ctx, chat.digest_time, chat.timezone));
};

export const stop: CommandHandler = async (ctx) => {
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  const chat = chatRow(ctx);
  if (!unsubscribeChat(ctx.env.db, chat.id, ctx.env.clock())) return reply(tHtml(ctx.lang, 'notSubscribed'));
  // A channel is subscribed again from the private chat (/channel … stop), not with /start in it.
  return reply(tHtml(ctx.lang, chat.type === 'channel' ? 'stoppedChannel' : 'stopped'));
};

export const help: CommandHandler = async (ctx) => reply(tHtml(ctx.lang, 'help'));

export const lang: CommandHandler = async (ctx) => {
  const choice = ctx.args.trim().toLowerCase();
  if (choice !== 'en' && choice !== 'zh') return reply(tHtml(ctx.lang, 'langUsage'));
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  const chat = chatRow(ctx);
  updateChatSettings(ctx.env.db, chat.id, { ui_language: choice }, ctx.env.clock());
  return reply(tHtml(choice as UiLanguage, 'langSet'));
};

/** /subscribe @channel (or its id), from a private chat: the bot and the user must both be channel admins. */
export const subscribeChannel: CommandHandler = async (ctx) => {
  const { env, msg } = ctx;
  if (msg.chat.type !== 'private' || !msg.user) return reply(tHtml(ctx.lang, 'privateOnly'));
  const named = parseChannelRef(ctx.args.trim());
  if (!named) return reply(tHtml(ctx.lang, 'subscribeUsage'));
  const found = await administeredChannel(ctx, named, 'channelUserNotAdmin');
  if ('refusal' in found) return found.refusal;
  const { channel } = found;
  const row = ensureChat(
    env.db,
    { id: channel.id, type: 'channel', title: channel.title },
    { timezone: env.settings.defaultTimezone, digestTime: env.settings.defaultDigestTime },
    env.clock(),
  );
  subscribeChat(env.db, row.id, null, env.clock());
  return reply(tHtml(ctx.lang, 'subscribedChannel', { channel: named.label, time: row.digest_time, tz: row.timezone }));
};
