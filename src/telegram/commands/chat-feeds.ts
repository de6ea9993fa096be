// /myfeeds: a chat's own feeds, when the operator allows them (ALLOW_CHAT_FEEDS=on). Chat admins
// add up to MAX_CHAT_FEEDS; each is test-fetched through the SSRF guard like /addfeed. The articles
// go into the shared archive (search finds them for everyone) and reach this chat's digests,
// instant stories and alerts only. Removing one removes it from the chat, not from the archive.
import { anchor, html, join, type SafeHtml } from '../../format/html.js';
import { addChatFeed, chatFeeds, removeChatFeed } from '../../store/chat-feeds.js';
import type { FeedRow } from '../../store/feeds.js';
import type { CommandHandler, HandlerContext, Reply } from '../types.js';
import { chatRow, refuseUnlessAdmin, reply } from './common.js';
import { offerFeeds } from './feeds.js';

const ADD = html`<code>/myfeeds add https://site/feed</code>`;
const REMOVE = html`<code>/myfeeds remove 12</code>`;
const USAGE = html`<code>/myfeeds</code> lists this chat's own feeds; ${ADD} adds one, ${REMOVE} removes it.`;
const OFF = html`its operator can turn them on with <code>ALLOW_CHAT_FEEDS=on</code>`;

export const myFeeds: CommandHandler = async (ctx) => {
  const { allowed, max, total } = ctx.env.settings.chatFeeds;
  if (!allowed) {
    return reply(html`This bot does not take feeds per chat (${OFF}). /sources lists the feeds every chat gets.`);
  }
  const [verb = '', ...rest] = ctx.args.trim().split(/\s+/);
  if (verb === 'add') return addOwnFeed(ctx, rest.join(' '), { max, total });
  if (verb === 'remove') return removeOwnFeed(ctx, rest.join(' '));
  if (verb) return reply(html`Unknown: “${verb}”. ${USAGE}`);
  return listOwnFeeds(ctx, max);
};

function feedLine(f: FeedRow): SafeHtml {
  const name = html`<code>${f.id}</code> ${anchor(f.site_url, f.title)}`;
  if (f.last_status === 'error') return html`${name} — 🔴 ${f.last_error ?? ''}`;
  return html`${name} — ${f.last_status ? '🟢' : 'not fetched yet'}`;
}

function listOwnFeeds(ctx: HandlerContext, max: number): Reply[] {
  const feeds = chatFeeds(ctx.env.db, ctx.msg.chat.id);
  if (!feeds.length) return reply(html`This chat has no feeds of its own (up to ${max}). ${USAGE}`);
  const header = html`<b>This chat's own feeds</b> (${feeds.length} of ${max}):`;
  return reply(join([header, ...feeds.map(feedLine), USAGE], '\n'));
}

async function addOwnFeed(ctx: HandlerContext, url: string, limits: { max: number; total: number }): Promise<Reply[]> {
  const { max } = limits;
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  if (!/^https?:\/\/\S+$/i.test(url) || url.length > 2000) return reply(USAGE);
  const chat = chatRow(ctx);
  const own = chatFeeds(ctx.env.db, chat.id);
  const mine = own.find((f) => f.url === url || f.listed_url === url);
  if (mine) return reply(alreadyHere(mine.title, mine.id));
  if (own.length >= max) return reply(atLimit(max));
  const check = await ctx.env.validateFeedUrl(url);
  if (!check.ok && check.candidates?.length) return reply(offerFeeds(check.candidates, '/myfeeds add'));
  if (!check.ok) return reply(html`❌ Not added: ${check.reason}`);
  const now = ctx.env.clock();
  const r = addChatFeed(
    ctx.env.db,
    chat.id,
    { url, title: check.title },
    { ...limits, userId: ctx.msg.user?.id ?? null, now },
  );
  switch (r.kind) {
    case 'limit':
      return reply(atLimit(r.max));
    case 'full':
      return reply(html`❌ Not added: this bot fetches ${r.total} feeds of chats' own, the most its operator allows.`);
    case 'shared':
      return reply(
        r.enabled
          ? html`<b>${check.title}</b> is already in the bot's shared list: this chat gets it (see /sources).`
          : html`<b>${check.title}</b> is in the bot's shared list, but its operator turned it off.`,
      );
    case 'already':
      return reply(alreadyHere(check.title, r.feedId));
    default:
      return reply(html`✅ Added <b>${check.title}</b> for this chat (<code>${r.feedId}</code>). ${ADDED_NOTE}`);
  }
}

const SEARCH_NOTE = html`/search finds them for everyone`;
const ADDED_NOTE = html`It is fetched with the next cycle; its stories reach this chat only, and ${SEARCH_NOTE}.`;

const alreadyHere = (title: string, id: number) => html`This chat already has <b>${title}</b> (<code>${id}</code>).`;

const MAKE_ROOM = html`<code>/myfeeds remove &lt;id&gt;</code> makes room.`;
const atLimit = (max: number) =>
  html`This chat has ${max} feed${max === 1 ? '' : 's'} of its own, the most allowed. ${MAKE_ROOM}`;

async function removeOwnFeed(ctx: HandlerContext, arg: string): Promise<Reply[]> {
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  const feed = chatFeeds(ctx.env.db, ctx.msg.chat.id).find((f) => String(f.id) === arg || f.url === arg);
  if (!feed) return reply(html`This chat has no feed “${arg}” of its own. ${USAGE}`);
  removeChatFeed(ctx.env.db, ctx.msg.chat.id, feed.id);
  return reply(
    html`🗑 Removed <b>${feed.title}</b> from this chat. Its articles stay in the archive (/search finds them).`,
  );
}
