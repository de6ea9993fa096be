// Inline mode: "@yourbot casio" in any chat lists matching articles (answerInlineQuery allows
// 50 results; we send 20 and page with next_offset). Requires /setinline in BotFather.
import { formatDate, renderArticle } from '../format/articles.js';
import { parseQuery, QueryError } from '../news/query.js';
import type { Db } from '../store/db.js';
import { searchArticles } from '../store/search.js';
import type { SearchTimer } from './types.js';

export const INLINE_PAGE = 20;
const MAX_OFFSET = 200;

export function inlineAnswer(
  db: Db,
  query: string,
  offsetText: string,
  now: number,
  timezone: string,
  timer?: SearchTimer,
): Record<string, unknown> {
  const offset = Math.min(Math.max(Number.parseInt(offsetText, 10) || 0, 0), MAX_OFFSET);
  let hits: ReturnType<typeof searchArticles> = [];
  if (query.trim()) {
    try {
      const plan = parseQuery(query, now);
      const search = () => searchArticles(db, plan, { limit: INLINE_PAGE, offset });
      hits = timer ? timer.timeSearch(search) : search();
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
    }
  }
  return {
    results: hits.map((h) => ({
      type: 'article',
      id: String(h.id),
      title: [...h.title].slice(0, 200).join(''),
      description: `${h.source} · ${formatDate(h.published, timezone)}`,
      ...(h.url ? { url: h.url } : {}),
      input_message_content: {
        message_text: renderArticle(h, timezone),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: false },
      },
    })),
    next_offset: hits.length === INLINE_PAGE && offset + INLINE_PAGE < MAX_OFFSET ? String(offset + INLINE_PAGE) : '',
    cache_time: 60,
  };
}
