// /channel @name <command> [args], in a private chat: runs a chat command for a channel the user
// administers. secbrief takes no commands inside a channel (a post there is public to every
// reader and names no sender to check), so this is how its admins change its settings, mute its
// sources, manage its watches and its own feeds — the way RSS bots take `/sub @channel`
// (flowerss-bot, NodeRSSBot). The answers come back to the private chat. Each command still
// checks with Telegram that the user is a channel admin, as it does in a group.
import { html, visibleLength, type SafeHtml } from '../../format/html.js';
import { TELEGRAM_TEXT_LIMIT } from '../../format/split.js';
import { tHtml } from '../../format/i18n.js';
import { getChat } from '../../store/chats.js';
import type { CommandHandler, HandlerContext, Reply } from '../types.js';
import { myFeeds } from './chat-feeds.js';
import { administeredChannel, parseChannelRef, reply } from './common.js';
import { digest } from './digest.js';
import { sources } from './feeds.js';
import { settings } from './settings.js';
import { lang, stop } from './subscription.js';
import { unwatch, watch, watches } from './watch.js';
import { ownValue } from '../../news/own-key.js';

/** What a channel's admins can run for it; the rest (search, /cve, …) needs no channel. */
const FOR_CHANNELS: Record<string, CommandHandler> = {
  settings,
  sources,
  myfeeds: myFeeds,
  watch,
  watches,
  unwatch,
  digest,
  lang,
  stop,
};
const USABLE = Object.keys(FOR_CHANNELS).join(', ');

/** `@name command args` (or the channel's id first); the command may be written with its slash. */
const CHANNEL_ARGS = /^(\S+)\s+\/?(\w+)(?:\s+([\s\S]*))?$/;

export const channelCommand: CommandHandler = async (ctx) => {
  const { msg, env } = ctx;
  if (msg.chat.type !== 'private' || !msg.user) return reply(tHtml(ctx.lang, 'privateOnly'));
  const [, target = '', command = '', args = ''] = CHANNEL_ARGS.exec(ctx.args.trim()) ?? [];
  const named = parseChannelRef(target);
  const handler = ownValue(FOR_CHANNELS, command.toLowerCase());
  if (!named || !handler) return reply(tHtml(ctx.lang, 'channelUsage', { commands: USABLE }));
  const found = await administeredChannel(ctx, named, 'channelAdminsOnly');
  if ('refusal' in found) return found.refusal;
  const { channel } = found;
  if (getChat(env.db, channel.id)?.type !== 'channel') {
    return reply(tHtml(ctx.lang, 'channelNotSubscribed', { channel: named.label, ref: named.ref }));
  }
  const chat = { id: channel.id, type: 'channel' as const, title: channel.title };
  const replies = await handler({ ...ctx, msg: { ...msg, chat, threadId: null }, args });
  return forPrivateChat(replies, ctx, named, !args.trim());
};

/**
 * The answers, for the private chat: the first says which channel they are about. Buttons would
 * change the private chat's settings, not the channel's, so they are left out; under the bare
 * settings view a line says how to type a change instead.
 */
function forPrivateChat(
  replies: Reply[],
  ctx: HandlerContext,
  channel: { ref: string; label: SafeHtml },
  bareView: boolean,
): Reply[] {
  const label = html`📢 ${channel.label}`.value;
  const [first, ...rest] = replies.map((r) => ({ html: r.html }));
  if (!first) return [];
  const labelled =
    visibleLength(`${label}\n${first.html}`) <= TELEGRAM_TEXT_LIMIT
      ? [{ html: `${label}\n${first.html}` }, ...rest]
      : [{ html: label }, first, ...rest];
  const hadButtons = replies.some((r) => r.keyboard);
  return hadButtons && bareView
    ? [...labelled, { html: tHtml(ctx.lang, 'channelTypeSettings', { ref: channel.ref }).value }]
    : labelled;
}
