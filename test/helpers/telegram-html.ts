// Telegram's HTML parse mode, checked the way the Bot API does it, for the fake Bot API.
// https://core.telegram.org/bots/api#html-style — only these tags, only &lt; &gt; &amp; &quot;
// and numeric entities; the limit of 4096 applies to the text after entity parsing, counted in
// UTF-16 code units.

const ALLOWED = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'a',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);
const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

export class TelegramHtmlError extends Error {}

function decodeEntity(html: string, at: number): { text: string; end: number } {
  const semi = html.indexOf(';', at);
  const name = semi === -1 ? '' : html.slice(at + 1, semi);
  if (name in NAMED_ENTITIES) return { text: NAMED_ENTITIES[name]!, end: semi + 1 };
  const num = /^#(\d+|x[0-9a-f]+)$/i.exec(name);
  if (num) {
    const code = num[1]![0] === 'x' || num[1]![0] === 'X' ? parseInt(num[1]!.slice(1), 16) : Number(num[1]);
    if (code > 0 && code <= 0x10ffff) return { text: String.fromCodePoint(code), end: semi + 1 };
  }
  // Telegram accepts a bare "&" followed by something that is not an entity as literal text.
  // Unknown named entities such as &nbsp; are errors.
  if (/^[a-z]+$/i.test(name) && semi !== -1)
    throw new TelegramHtmlError(`Can't find end of the entity starting at byte offset ${at}`);
  return { text: '&', end: at + 1 };
}

function checkTag(name: string, attrs: string, at: number): void {
  if (!ALLOWED.has(name)) throw new TelegramHtmlError(`Unsupported start tag "${name}" at byte offset ${at}`);
  if (name === 'a' && !/^\s*href\s*=\s*"[^"]*"\s*$/.test(attrs) && !/^\s*href\s*=\s*'[^']*'\s*$/.test(attrs)) {
    throw new TelegramHtmlError(`Tag "a" must have exactly one attribute "href" at byte offset ${at}`);
  }
  if (name === 'span' && !/class\s*=\s*"tg-spoiler"/.test(attrs))
    throw new TelegramHtmlError(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
}

/** The message text after entity parsing; throws like Telegram on invalid markup. */
export function parseTelegramHtml(html: string): string {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '&') {
      const e = decodeEntity(html, i);
      text += e.text;
      i = e.end;
    } else if (ch === '<') {
      const close = html.indexOf('>', i);
      if (close === -1) throw new TelegramHtmlError(`Unclosed start tag at byte offset ${i}`);
      const m = /^<(\/?)([a-z-]+)([^>]*)>$/i.exec(html.slice(i, close + 1));
      if (!m) throw new TelegramHtmlError(`Unexpected character at byte offset ${i}`);
      const name = m[2]!.toLowerCase();
      if (m[1]) {
        if (stack.pop() !== name)
          throw new TelegramHtmlError(
            `Unmatched end tag at byte offset ${i}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"`,
          );
      } else {
        checkTag(name, m[3]!, i);
        stack.push(name);
      }
      i = close + 1;
    } else if (ch === '>') {
      text += '>';
      i++;
    } else {
      text += ch;
      i++;
    }
  }
  if (stack.length) throw new TelegramHtmlError(`Can't find end tag corresponding to start tag "${stack.at(-1)}"`);
  return text;
}
