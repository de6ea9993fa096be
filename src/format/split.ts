// Packs rendered blocks (one story, one search hit…) into Telegram messages of at most 4096
// characters as Telegram counts them, splitting only between blocks, so a tag is never cut.
import { html, htmlToPlain, visibleLength, type SafeHtml } from './html.js';

export const TELEGRAM_TEXT_LIMIT = 4096;
const SEPARATOR = '\n\n';

/**
 * A block: SafeHtml, or a string that is already markup (from a renderer not yet converted to
 * SafeHtml); a string here is never escaped again.
 */
export type Block = SafeHtml | string;

/** A block that alone exceeds the limit loses its markup and is cut to fit, rather than lost. */
function fitBlock(block: string, max: number): string {
  if (visibleLength(block) <= max) return block;
  const plain = [...htmlToPlain(block)];
  let cut = plain.slice(0, max - 1).join('');
  while (cut.length > max - 1) cut = [...cut].slice(0, -1).join('');
  return html`${cut}…`.value;
}

export function packMessages(
  blocks: readonly Block[],
  opts: { header?: Block; footer?: Block; max?: number } = {},
): string[] {
  const max = opts.max ?? TELEGRAM_TEXT_LIMIT;
  // String(), not truthiness: an empty SafeHtml header is an object, yet adds no part.
  const [header, footer] = [String(opts.header ?? ''), String(opts.footer ?? '')];
  const parts = [...(header ? [header] : []), ...blocks.map(String), ...(footer ? [footer] : [])].map((b) =>
    fitBlock(b, max),
  );
  const messages: string[] = [];
  let current = '';
  let currentLength = 0;
  const sepLength = SEPARATOR.length;
  for (const part of parts) {
    const len = visibleLength(part);
    if (current && currentLength + sepLength + len > max) {
      messages.push(current);
      current = '';
      currentLength = 0;
    }
    current = current ? `${current}${SEPARATOR}${part}` : part;
    currentLength = currentLength ? currentLength + sepLength + len : len;
  }
  if (current) messages.push(current);
  return messages;
}
