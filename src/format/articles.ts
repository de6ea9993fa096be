// Article lists as Telegram HTML: search results, /latest, /cve, watch alerts. Pure.
import { escapeHtml, italic, link } from './html.js';

export interface ArticleLine {
  title: string;
  url: string | null;
  source: string;
  published: number;
}

/** "2024-10-15" in the chat's time zone. */
export function formatDate(ms: number, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

export function renderArticle(a: ArticleLine, timezone: string, index?: number): string {
  const prefix = index === undefined ? '•' : `${index}.`;
  return `${prefix} ${link(a.url, a.title)}\n    ${italic(`${a.source} · ${formatDate(a.published, timezone)}`)}`;
}

export function renderArticleBlocks(list: ArticleLine[], timezone: string, firstIndex?: number): string[] {
  return list.map((a, i) => renderArticle(a, timezone, firstIndex === undefined ? undefined : firstIndex + i));
}

/** Shortens a user query for a header; the result is escaped. */
export function quoteQuery(q: string, max = 80): string {
  const chars = [...q];
  return escapeHtml(chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : q);
}
