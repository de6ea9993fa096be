// Decoded text → RawFeed. The format is sniffed from the content only: Content-Type lies
// (Krebs serves text/html) and so do URL suffixes (.atom that returns RSS).
import { NotAFeedError } from './errors.js';
import { parseJsonFeed } from './json-feed.js';
import type { RawFeed } from './types.js';
import { parseXmlFeed } from './xml-feed.js';

export type SniffedFormat = 'xml' | 'json' | 'html' | 'empty' | 'unknown';

export function sniffFormat(text: string): SniffedFormat {
  const head = text.slice(0, 2048).replace(/^[\s\uFEFF]+/, '');
  if (!head) return 'empty';
  if (head.startsWith('{')) return 'json';
  if (!head.startsWith('<')) return 'unknown';
  // Comments and the prolog may precede the root; look at the first real element, and not at
  // markup quoted inside a comment (`<!-- was <html> -->`).
  const firstElement = /<(?![?!])([\w:-]+)/.exec(head.replace(/<!--[\s\S]*?(?:-->|$)/g, ''))?.[1]?.toLowerCase();
  if (firstElement === 'html' || /^<!doctype html/i.test(head) || firstElement === 'head' || firstElement === 'body')
    return 'html';
  return 'xml';
}

/**
 * Whether the prolog — what precedes the root element: the XML declaration, comments,
 * processing instructions, the doctype — carries an internal DTD subset, and whether that
 * declares entities. Only there can a DTD take effect, however long the comments before it
 * (a fixed look-ahead window was bypassed by padding); markup quoted later, such as an XXE
 * payload in a write-up's CDATA, is content. One linear pass over the prolog.
 */
export function internalDtdSubset(text: string): 'entities' | 'subset' | null {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) {
      i++;
    } else if (text.startsWith('<?', i) || text.startsWith('<!--', i)) {
      const end = text.indexOf(text[i + 1] === '?' ? '?>' : '-->', i + 2);
      if (end < 0) return null;
      i = end + (text[i + 1] === '?' ? 2 : 3);
    } else if (text.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const open = text.indexOf('[', i);
      const close = text.indexOf('>', i);
      if (open < 0 || (close >= 0 && close < open)) return null; // no internal subset
      const end = text.indexOf(']', open);
      return /<!ENTITY/i.test(text.slice(open, end < 0 ? undefined : end)) ? 'entities' : 'subset';
    } else {
      return null; // the root element (or junk): the prolog is over
    }
  }
  return null;
}

// Internal DTD subsets are refused before any parser sees them: billion-laughs and external
// entities (XXE) need them, and no real feed has one.
function refuseDtd(text: string): void {
  const dtd = internalDtdSubset(text);
  if (dtd === 'entities')
    throw new NotAFeedError('document declares DTD entities (refused: entity expansion / XXE risk)');
  if (dtd === 'subset')
    throw new NotAFeedError(
      'document has an internal DTD subset (refused: it can declare DTD entities, an entity expansion / XXE risk)',
    );
}

export async function parseFeedText(text: string): Promise<RawFeed> {
  switch (sniffFormat(text)) {
    case 'empty':
      throw new NotAFeedError('empty document');
    case 'html':
      throw new NotAFeedError('HTML page instead of a feed', 'blocked');
    case 'unknown':
      throw new NotAFeedError('neither XML nor JSON');
    case 'json':
      return parseJsonFeed(text);
    case 'xml':
      refuseDtd(text);
      return parseXmlFeed(text);
  }
}
