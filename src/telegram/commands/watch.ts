// /watch, /watches, /unwatch. A watch is a saved query in the /search language.
import { quoteQuery } from '../../format/articles.js';
import { html, join } from '../../format/html.js';
import { tHtml } from '../../format/i18n.js';
import { parseQuery, QueryError } from '../../news/query.js';
import { addWatch, listWatches, removeWatch } from '../../store/chats.js';
import type { CommandHandler } from '../types.js';
import { chatRow, refuseUnlessAdmin, reply } from './common.js';

const SINCE_REFUSED = 'since: does not apply to watches: they only see new articles.';

export const watch: CommandHandler = async (ctx) => {
  const query = ctx.args.trim().replace(/\s+/g, ' ');
  if (!query) return reply(tHtml(ctx.lang, 'watchUsage'));
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  try {
    const plan = parseQuery(query, ctx.env.clock());
    if (plan.sinceMs !== null) return reply(tHtml(ctx.lang, 'badQuery', { message: SINCE_REFUSED }));
  } catch (err) {
    if (err instanceof QueryError) return reply(tHtml(ctx.lang, 'badQuery', { message: err.message }));
    throw err;
  }
  const chat = chatRow(ctx);
  const existing = listWatches(ctx.env.db, chat.id);
  const max = ctx.env.settings.maxWatchesPerChat;
  if (existing.length >= max) return reply(tHtml(ctx.lang, 'watchLimit', { max }));
  const added = addWatch(ctx.env.db, chat.id, query, ctx.env.clock());
  const answer = tHtml(ctx.lang, added ? 'watchAdded' : 'watchExists', { query: quoteQuery(query) });
  return reply(chat.subscribed ? answer : html`${answer}\n${tHtml(ctx.lang, 'notSubscribed')}`);
};

export const watches: CommandHandler = async (ctx) => {
  const list = listWatches(ctx.env.db, ctx.msg.chat.id);
  if (!list.length) return reply(tHtml(ctx.lang, 'watchesNone'));
  const lines = list.map((w, i) => html`${i + 1}. <code>${w.query}</code>`);
  return reply(join([tHtml(ctx.lang, 'watchesHeader'), ...lines], '\n'));
};

export const unwatch: CommandHandler = async (ctx) => {
  const n = Number(ctx.args.trim());
  const list = listWatches(ctx.env.db, ctx.msg.chat.id);
  const target = Number.isInteger(n) && n >= 1 ? list[n - 1] : undefined;
  if (!target) return reply(tHtml(ctx.lang, 'unwatchUsage'));
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  removeWatch(ctx.env.db, target.id);
  return reply(tHtml(ctx.lang, 'unwatched', { query: quoteQuery(target.query) }));
};
