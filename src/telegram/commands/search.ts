// /search with "More ›" paging, and /latest.
import { quoteQuery, renderArticleBlocks } from '../../format/articles.js';
import { t, tHtml } from '../../format/i18n.js';
import { packMessages } from '../../format/split.js';
import { parseQuery, QueryError } from '../../news/query.js';
import { hasArticles } from '../../store/articles.js';
import { lastFinishedCycle, lastSuccessfulCycleAt } from '../../store/cycles.js';
import { loadSearch, saveSearch } from '../../store/saved-searches.js';
import { searchArticles } from '../../store/search.js';
import { CALLBACKS, type SearchPageCallback } from '../callbacks.js';
import type { CommandHandler, HandlerContext, Reply } from '../types.js';
import { chatTimezone, reply } from './common.js';

export const PAGE_SIZE = 10;
const MAX_OFFSET = 500;

/** Runs a search through the latency observer when there is one. */
export function timed<T>(ctx: HandlerContext, search: () => T): T {
  return ctx.env.searchTimer ? ctx.env.searchTimer.timeSearch(search) : search();
}

export interface CallbackResult {
  toast?: string;
  edit?: Reply;
}

function resultPage(ctx: HandlerContext, query: string, offset: number, searchId: number | null): Reply {
  const timezone = chatTimezone(ctx);
  const plan = parseQuery(query, ctx.env.clock());
  const hits = timed(ctx, () => searchArticles(ctx.env.db, plan, { limit: PAGE_SIZE + 1, offset }));
  const quoted = quoteQuery(query);
  if (!hits.length) return { html: tHtml(ctx.lang, emptyArchive(ctx) ?? 'noResults', { query: quoted }).value };
  const page = hits.slice(0, PAGE_SIZE);
  const header = tHtml(ctx.lang, 'searchHeader', { query: quoted, from: offset + 1, to: offset + page.length });
  // Ten results with titles capped at 500 characters always fit in one message.
  const [text] = packMessages(renderArticleBlocks(page, timezone, offset + 1), { header });
  const more = hits.length > PAGE_SIZE && offset + PAGE_SIZE < MAX_OFFSET;
  const id = more ? (searchId ?? saveSearch(ctx.env.db, ctx.msg.chat.id, query, ctx.env.clock())) : null;
  const next = id === null ? null : CALLBACKS.searchPage.build(id, offset + PAGE_SIZE);
  const keyboard = next === null ? undefined : [[{ text: t(ctx.lang, 'moreButton'), callbackData: next }]];
  return { html: text!, keyboard };
}

/**
 * Why a lookup found nothing when the archive holds nothing at all, or null when it holds articles: the first
 * fetch is still running, every fetch so far failed (the answer is in /sources), or the feeds were empty.
 */
export function emptyArchive(ctx: HandlerContext): 'archiveEmpty' | 'archiveUnreachable' | 'archiveNoArticles' | null {
  if (hasArticles(ctx.env.db)) return null;
  if (!lastFinishedCycle(ctx.env.db)) return 'archiveEmpty';
  return lastSuccessfulCycleAt(ctx.env.db) === undefined ? 'archiveUnreachable' : 'archiveNoArticles';
}

function queryFailure(ctx: HandlerContext, err: unknown): Reply[] {
  if (err instanceof QueryError) return reply(tHtml(ctx.lang, 'badQuery', { message: err.message }));
  throw err;
}

export const search: CommandHandler = async (ctx) => {
  const query = ctx.args.trim();
  if (!query) return reply(tHtml(ctx.lang, 'searchUsage'));
  try {
    return [resultPage(ctx, query, 0, null)];
  } catch (err) {
    return queryFailure(ctx, err);
  }
};

export const latest: CommandHandler = async (ctx) => {
  const n = Math.min(Math.max(Number.parseInt(ctx.args, 10) || PAGE_SIZE, 1), 30);
  const timezone = chatTimezone(ctx);
  const hits = timed(ctx, () =>
    searchArticles(ctx.env.db, { match: null, sinceMs: 0, sources: [], languages: [], cves: [] }, { limit: n }),
  );
  if (!hits.length) return reply(tHtml(ctx.lang, emptyArchive(ctx) ?? 'archiveNoArticles'));
  const header = tHtml(ctx.lang, 'latestHeader');
  return packMessages(renderArticleBlocks(hits, timezone, 1), { header }).map((h) => ({ html: h }));
};

/** "More ›" (callbacks.ts). Someone else's search, or an offset no button had, is stale. */
export async function searchMore(ctx: HandlerContext, page: SearchPageCallback): Promise<CallbackResult> {
  const { searchId, offset } = page;
  const query = loadSearch(ctx.env.db, searchId, ctx.msg.chat.id);
  const stale = query === undefined || offset % PAGE_SIZE !== 0 || offset > MAX_OFFSET;
  if (stale) return { toast: t(ctx.lang, 'staleButton') };
  try {
    return { edit: resultPage(ctx, query, offset, searchId) };
  } catch (err) {
    if (err instanceof QueryError) return { toast: t(ctx.lang, 'staleButton') };
    throw err;
  }
}
