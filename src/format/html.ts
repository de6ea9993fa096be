// Telegram HTML building blocks. Pure. Every feed- or user-derived string goes through
// escapeHtml at render time: titles contain `<`, `&`, raw HTML and emoji, and one unescaped
// `<` makes Telegram refuse the whole message ("can't parse entities").
// https://core.telegram.org/bots/api#html-style

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For attribute values, in Telegram HTML and in XML we write (OPML). */
export function escapeAttr(s: string): string {
  return escapeHtml(s).replace(/"/g, '&quot;');
}

export const bold = (text: string) => `<b>${escapeHtml(text)}</b>`;
export const italic = (text: string) => `<i>${escapeHtml(text)}</i>`;
export const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

/** A link, or plain escaped text when there is no http(s) URL to link to. */
export function link(href: string | null | undefined, text: string): string {
  if (!href || !/^https?:\/\//i.test(href)) return escapeHtml(text);
  return `<a href="${escapeAttr(href)}">${escapeHtml(text)}</a>`;
}

const ENTITY = /&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** The text Telegram sees after parsing our HTML: tags removed, entities decoded. */
export function htmlToPlain(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(ENTITY, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (NAMED[lower]) return NAMED[lower]!;
    return String.fromCodePoint(lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : Number(lower.slice(1)));
  });
}

/** Length as Telegram counts it: UTF-16 code units of the parsed text. */
export function visibleLength(html: string): number {
  return htmlToPlain(html).length;
}
