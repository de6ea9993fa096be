// Telegram HTML building blocks. Pure. Feed- and user-derived text is escaped by construction:
// the `html` template escapes every interpolation that is not already SafeHtml, so a caller
// cannot forget it. Titles contain `<`, `&`, raw HTML and emoji, and one unescaped `<` makes
// Telegram refuse the whole message ("can't parse entities").
// https://core.telegram.org/bots/api#html-style

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** For attribute values, in Telegram HTML and in XML we write (OPML). */
export function escapeAttr(s: string): string {
  return escapeHtml(s).replace(/"/g, '&quot;');
}

let trust: (s: string) => SafeHtml;

/**
 * Markup known to be valid Telegram HTML. Only this module can make one (html, raw, join), so a
 * SafeHtml in a signature means the text went through escaping or was declared trusted via raw.
 */
export class SafeHtml {
  static {
    trust = (s) => new SafeHtml(s);
  }

  private constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }

  // A SafeHtml that slips into a Bot API payload must serialise as its text, not as { value }.
  toJSON(): string {
    return this.value;
  }
}

/** What may be interpolated: text is escaped, SafeHtml kept, nothing-values dropped. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.value;
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeAttr(value);
  return value.map(render).join('');
}

/** Tagged template: the literal parts are markup, every interpolation is escaped unless SafeHtml. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return trust(out);
}

/**
 * Declares a string to be markup, unescaped. Legitimate only for constant markup written in
 * this code base (message templates, usage lines) and for text already escaped by a trusted
 * renderer (a `string` returned by one of our own HTML renderers). Never for feed or user text.
 */
export function raw(s: string): SafeHtml {
  return trust(s);
}

/** Parts joined by a separator; both are escaped unless SafeHtml, like interpolations. */
export function join(parts: readonly HtmlValue[], sep: HtmlValue = ''): SafeHtml {
  return trust(parts.map(render).join(render(sep)));
}

/** A link, or the plain escaped text when there is no http(s) URL to link to. */
export function anchor(href: string | null | undefined, text: HtmlValue): SafeHtml {
  if (!href || !/^https?:\/\//i.test(href)) return html`${text}`;
  return html`<a href="${href}">${text}</a>`;
}

/** anchor() as a string, for callers that build messages outside the template. */
export function link(href: string | null | undefined, text: string): string {
  return anchor(href, text).value;
}

const ENTITY = /&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** The text Telegram sees after parsing our HTML: tags removed, entities decoded. */
export function htmlToPlain(markup: string): string {
  return markup.replace(/<[^>]*>/g, '').replace(ENTITY, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (NAMED[lower]) return NAMED[lower]!;
    return String.fromCodePoint(lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : Number(lower.slice(1)));
  });
}

/** Length as Telegram counts it: UTF-16 code units of the parsed text. */
export function visibleLength(markup: string): number {
  return htmlToPlain(markup).length;
}
