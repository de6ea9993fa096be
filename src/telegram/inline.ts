// Inline mode: "@yourbot casio" in any chat lists matching articles (answerInlineQuery allows
// 50 results; we send 20 and page with next_offset). Requires /setinline in BotFather. A CVE id
// puts its card first.
import { formatDate, renderArticle } from '../format/articles.js';
import { cveCardFirstLine, renderCveCard } from '../format/cve-card.js';
import type { UiLanguage } from '../format/i18n.js';
import { parseCveId } from '../news/cve.js';
import { parseQuery, QueryError } from '../news/query.js';
import { cveCardData } from '../store/cve-records.js';
import type { Db } from '../store/db.js';
import { searchArticles } from '../store/search.js';
import type { SearchTimer } from './types.js';

export const INLINE_PAGE = 20;
const MAX_OFFSET = 200;

/**
 * "@bot CVE-2024-3400": the card's first line as the first result, the card as its message. Only
 * what is cached: an inline answer must come within Telegram's few seconds, so nothing is fetched.
 */
function cveCardResult(db: Db, query: string, lang: UiLanguage): Record<string, unknown> | null {
  const id = parseCveId(query);
  if (!id) return null;
  const card = cveCardData(db, id);
  if (!card.records.length && !card.kev && !card.epss) return null;
  const [title, ...rest] = cveCardFirstLine(card, lang).split(' — ');
  return {
    type: 'article',
    id: `cve:${id}`,
    title: title!,
    description: rest.join(' — '),
    input_message_content: {
      message_text: renderCveCard(card, lang).value,
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
    },
  };
}

export function inlineAnswer(
  db: Db,
  query: string,
  offsetText: string,
  now: number,
  timezone: string,
  timer?: SearchTimer,
  lang: UiLanguage = 'en',
): Record<string, unknown> {
  const offset = Math.min(Math.max(Number.parseInt(offsetText, 10) || 0, 0), MAX_OFFSET);
  const card = offset === 0 ? cveCardResult(db, query, lang) : null;
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
    results: [
      ...(card ? [card] : []),
      ...hits.map((h) => ({
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
    ],
    next_offset: hits.length === INLINE_PAGE && offset + INLINE_PAGE < MAX_OFFSET ? String(offset + INLINE_PAGE) : '',
    cache_time: 60,
  };
}
