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
  if (firstElement === 'html' || /^<!doctype html/i.test(head) || (firstElement === 'head' || firstElement === 'body')) return 'html';
  return 'xml';
}

// Entity declarations are refused before any parser sees them: billion-laughs and external
// entities (XXE) need them, and no real feed does.
const ENTITY_DECLARATION = /<!DOCTYPE[^>[]*\[[^\]]*<!ENTITY/i;

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
      if (ENTITY_DECLARATION.test(text.slice(0, 65536))) {
        throw new NotAFeedError('document declares DTD entities (refused: entity expansion / XXE risk)');
      }
      return parseXmlFeed(text);
  }
}
