// Article lists as Telegram HTML: search results, /latest, /cve, watch alerts. Pure.
import { anchor, html, type SafeHtml } from './html.js';

export interface ArticleLine {
  title: string;
  url: string | null;
  source: string;
  published: number;
}

// One formatter per time zone: each Intl.DateTimeFormat holds ICU memory the garbage collector does
// not see, and a digest morning formats a date for every story of every chat.
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** "2024-10-15" in the chat's time zone. */
export function formatDate(ms: number, timezone: string): string {
  let f = dateFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timezone, f);
  }
  return f.format(ms);
}

function articleHtml(a: ArticleLine, timezone: string, index?: number): SafeHtml {
  const prefix = index === undefined ? '•' : `${index}.`;
  return html`${prefix} ${anchor(a.url, a.title)}\n    <i>${a.source} · ${formatDate(a.published, timezone)}</i>`;
}

/** One article as a string: inline query results put it straight into a Bot API payload. */
export function renderArticle(a: ArticleLine, timezone: string, index?: number): string {
  return articleHtml(a, timezone, index).value;
}

export function renderArticleBlocks(list: ArticleLine[], timezone: string, firstIndex?: number): SafeHtml[] {
  return list.map((a, i) => articleHtml(a, timezone, firstIndex === undefined ? undefined : firstIndex + i));
}

/** Shortens a user query for a header. */
export function quoteQuery(q: string, max = 80): SafeHtml {
  const chars = [...q];
  return html`${chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : q}`;
}
