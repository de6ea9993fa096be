// Packs rendered blocks (one story, one search hit…) into Telegram messages of at most 4096
// characters as Telegram counts them, splitting only between blocks, so a tag is never cut.
import { escapeHtml, htmlToPlain, visibleLength } from './html.js';

export const TELEGRAM_TEXT_LIMIT = 4096;
const SEPARATOR = '\n\n';

/** A block that alone exceeds the limit loses its markup and is cut to fit, rather than lost. */
function fitBlock(block: string, max: number): string {
  if (visibleLength(block) <= max) return block;
  const plain = [...htmlToPlain(block)];
  let cut = plain.slice(0, max - 1).join('');
  while (cut.length > max - 1) cut = [...cut].slice(0, -1).join('');
  return `${escapeHtml(cut)}…`;
}

export function packMessages(blocks: string[], opts: { header?: string; footer?: string; max?: number } = {}): string[] {
  const max = opts.max ?? TELEGRAM_TEXT_LIMIT;
  const parts = [...(opts.header ? [opts.header] : []), ...blocks, ...(opts.footer ? [opts.footer] : [])].map((b) => fitBlock(b, max));
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
