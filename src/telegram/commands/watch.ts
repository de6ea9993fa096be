// /watch, /watches, /unwatch. A watch is a saved query in the /search language, or a CVE watch
// (vendor:/product: with cvss>=/epss>=, kev, epss-jump; news/cve-watch.ts).
import { quoteQuery } from '../../format/articles.js';
import { html, join, type SafeHtml } from '../../format/html.js';
import { tHtml } from '../../format/i18n.js';
import { CveWatchError, parseCveWatch, type CveWatch } from '../../news/cve-watch.js';
import { parseQuery, QueryError } from '../../news/query.js';
import { addWatch, listWatches, removeWatch } from '../../store/chats.js';
import type { CommandHandler, HandlerContext, Reply } from '../types.js';
import { chatRow, refuseUnlessAdmin, reply } from './common.js';

const SINCE_REFUSED = 'since: does not apply to watches: they only see new articles.';

/** A keyword watch's query must parse as /search does, without since:. Returns the refusal, if any. */
function refuseKeywordQuery(ctx: HandlerContext, query: string): Reply[] | null {
  try {
    const plan = parseQuery(query, ctx.env.clock());
    return plan.sinceMs === null ? null : reply(tHtml(ctx.lang, 'badQuery', { message: SINCE_REFUSED }));
  } catch (err) {
    if (err instanceof QueryError) return reply(tHtml(ctx.lang, 'badQuery', { message: err.message }));
    throw err;
  }
}

/** What a CVE watch will send, and a warning when the sources it needs are off. */
function cveWatchSummary(ctx: HandlerContext, w: CveWatch): SafeHtml {
  const on = ctx.env.settings.cveSources;
  if (w.kind === 'kev') {
    return on.includes('kev') ? tHtml(ctx.lang, 'cveWatchKev') : tHtml(ctx.lang, 'cveWatchOff', { setting: 'KEV_URL' });
  }
  if (w.kind === 'epss-jump') {
    const threshold = `${Math.round(w.threshold * 100)}%`;
    if (!on.includes('epss')) return tHtml(ctx.lang, 'cveWatchOff', { setting: 'EPSS_URL' });
    return tHtml(ctx.lang, 'cveWatchEpssJump', { threshold });
  }
  return tHtml(ctx.lang, 'cveWatchProduct');
}

export const watch: CommandHandler = async (ctx) => {
  const query = ctx.args.trim().replace(/\s+/g, ' ');
  if (!query) return reply(tHtml(ctx.lang, 'watchUsage'));
  const refused = await refuseUnlessAdmin(ctx);
  if (refused) return refused;
  let cveWatch: CveWatch | null;
  try {
    cveWatch = parseCveWatch(query);
  } catch (err) {
    if (err instanceof CveWatchError) return reply(tHtml(ctx.lang, 'badQuery', { message: err.message }));
    throw err;
  }
  const badQuery = cveWatch ? null : refuseKeywordQuery(ctx, query);
  if (badQuery) return badQuery;
  const chat = chatRow(ctx);
  const existing = listWatches(ctx.env.db, chat.id);
  const max = ctx.env.settings.maxWatchesPerChat;
  if (existing.length >= max) return reply(tHtml(ctx.lang, 'watchLimit', { max }));
  const added = addWatch(ctx.env.db, chat.id, query, ctx.env.clock(), cveWatch ? 'cve' : 'keyword');
  const quoted = quoteQuery(query);
  const answer = !added
    ? tHtml(ctx.lang, 'watchExists', { query: quoted })
    : cveWatch
      ? tHtml(ctx.lang, 'cveWatchAdded', { query: quoted, what: cveWatchSummary(ctx, cveWatch) })
      : tHtml(ctx.lang, 'watchAdded', { query: quoted });
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
