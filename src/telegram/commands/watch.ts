// /watch, /watches, /unwatch. A watch is a saved query in the /search language.
import { quoteQuery } from '../../format/articles.js';
import { escapeHtml } from '../../format/html.js';
import { t } from '../../format/i18n.js';
import { parseQuery, QueryError } from '../../news/query.js';
import { addWatch, listWatches, removeWatch } from '../../store/chats.js';
import type { CommandHandler } from '../types.js';
import { chatRow, html, refuseUnlessAdmin } from './common.js';

export const watch: CommandHandler = async (ctx) => {
  const query = ctx.args.trim().replace(/\s+/g, ' ');
  if (!query) return html(t(ctx.lang, 'watchUsage'));
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  try {
    const plan = parseQuery(query, ctx.env.clock());
    if (plan.sinceMs !== null) return html(t(ctx.lang, 'badQuery', { message: 'since: does not apply to watches: they only see new articles.' }));
  } catch (err) {
    if (err instanceof QueryError) return html(t(ctx.lang, 'badQuery', { message: escapeHtml(err.message) }));
    throw err;
  }
  const chat = chatRow(ctx);
  const existing = listWatches(ctx.env.db, chat.id);
  if (existing.length >= ctx.env.settings.maxWatchesPerChat) return html(t(ctx.lang, 'watchLimit', { max: ctx.env.settings.maxWatchesPerChat }));
  const added = addWatch(ctx.env.db, chat.id, query, ctx.env.clock());
  const reply = t(ctx.lang, added ? 'watchAdded' : 'watchExists', { query: quoteQuery(query) });
  return html(chat.subscribed ? reply : `${reply}\n${t(ctx.lang, 'notSubscribed')}`);
};

export const watches: CommandHandler = async (ctx) => {
  const list = listWatches(ctx.env.db, ctx.msg.chat.id);
  if (!list.length) return html(t(ctx.lang, 'watchesNone'));
  return html([t(ctx.lang, 'watchesHeader'), ...list.map((w, i) => `${i + 1}. <code>${escapeHtml(w.query)}</code>`)].join('\n'));
};

export const unwatch: CommandHandler = async (ctx) => {
  const n = Number(ctx.args.trim());
  const list = listWatches(ctx.env.db, ctx.msg.chat.id);
  const target = Number.isInteger(n) && n >= 1 ? list[n - 1] : undefined;
  if (!target) return html(t(ctx.lang, 'unwatchUsage'));
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  removeWatch(ctx.env.db, target.id);
  return html(t(ctx.lang, 'unwatched', { query: quoteQuery(target.query) }));
};
