// /cve CVE-…: the CVE card (records, KEV, EPSS; fetched on demand within the budget), then the
// articles that mention it. `secbrief cve` and inline mode build the same reply from cveReply.
import { renderArticleBlocks } from '../../format/articles.js';
import { renderCveCard } from '../../format/cve-card.js';
import { html, type SafeHtml } from '../../format/html.js';
import { tHtml, type UiLanguage } from '../../format/i18n.js';
import { packMessages } from '../../format/split.js';
import { parseCveId } from '../../news/cve.js';
import type { CveCardData } from '../../news/cve-record.js';
import { parseQuery } from '../../news/query.js';
import { cveCardData } from '../../store/cve-records.js';
import type { Db } from '../../store/db.js';
import { searchArticles, type SearchHit } from '../../store/search.js';
import type { CommandHandler, HandlerContext } from '../types.js';
import { chatTimezone, reply } from './common.js';
import { emptyArchive, timed } from './search.js';

const MAX_ARTICLES = 100;

export interface CveReply {
  card: CveCardData;
  articles: SearchHit[];
  /** Nothing is known: no record, KEV entry, EPSS score or article. */
  unknown: boolean;
}

/** Everything /cve shows, from the cache (call lookupCve first to fill it). */
export function cveReply(db: Db, cveId: string, now: number): CveReply {
  const card = cveCardData(db, cveId);
  const articles = searchArticles(db, parseQuery(`cve:${cveId}`, now), { limit: MAX_ARTICLES });
  const unknown = !card.records.length && !card.kev && !card.epss && !articles.length;
  return { card, articles, unknown };
}

/** The card and the article list as Telegram messages (the card first, alone if the list is long). */
export function renderCveReply(r: CveReply, lang: UiLanguage, timezone: string, pending: boolean): string[] {
  const note = pending ? html`\n\n${tHtml(lang, 'cveCardPending', { cve: r.card.id })}` : '';
  const card: SafeHtml = html`${renderCveCard(r.card, lang)}${note}`;
  if (!r.articles.length) return [card.value];
  const header = html`${card}\n\n${tHtml(lang, 'cveArticlesHeader', { count: r.articles.length })}`;
  return packMessages(renderArticleBlocks(r.articles, timezone, 1), { header });
}

/** A lookup that fails (a bug, the database) still answers from the cache; it is logged, never thrown at the user. */
async function fetchNow(ctx: HandlerContext, cveId: string): Promise<boolean> {
  if (!ctx.env.lookupCve) return false;
  try {
    return await ctx.env.lookupCve(cveId);
  } catch (err) {
    ctx.env.log.warn({ cve: cveId, error: (err as Error).message }, 'CVE lookup failed; answering from the cache');
    return true;
  }
}

export const cve: CommandHandler = async (ctx) => {
  const text = ctx.args.trim();
  if (!text) return reply(tHtml(ctx.lang, 'cveUsage'));
  const id = parseCveId(text);
  if (!id) return reply(tHtml(ctx.lang, 'cveMalformed', { text: [...text].slice(0, 40).join('') }));
  const pending = await fetchNow(ctx, id);
  const r = timed(ctx, () => cveReply(ctx.env.db, id, ctx.env.clock()));
  if (r.unknown) {
    const empty = emptyArchive(ctx);
    return reply(tHtml(ctx.lang, empty && !ctx.env.lookupCve ? empty : 'cveUnknown', { cve: id }));
  }
  return renderCveReply(r, ctx.lang, chatTimezone(ctx), pending).map((h) => ({ html: h }));
};
