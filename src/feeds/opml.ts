// OPML ↔ feed specs. Nested outlines are categories; an outline with xmlUrl is a feed.
// Extra attributes `language` and `category` (used by the shipped list) are read when present.
import { Parser } from 'htmlparser2';
import type { FeedSpec } from '../store/feeds.js';

export class OpmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpmlError';
  }
}

export function parseOpml(xml: string): FeedSpec[] {
  const feeds: FeedSpec[] = [];
  const path: string[] = [];
  let sawOpml = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name.toLowerCase() === 'opml') sawOpml = true;
        if (name.toLowerCase() !== 'outline') return;
        const url = attrs.xmlUrl ?? attrs.xmlurl;
        if (url && /^https?:\/\//i.test(url.trim())) {
          feeds.push({
            url: url.trim(),
            title: (attrs.title ?? attrs.text ?? url).trim(),
            siteUrl: attrs.htmlUrl ?? attrs.htmlurl ?? null,
            language: attrs.language ?? null,
            category: attrs.category ?? (path.length ? `/${path.join('/')}` : null),
          });
        }
        path.push(attrs.text ?? attrs.title ?? '');
      },
      onclosetag(name) {
        if (name.toLowerCase() === 'outline') path.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml);
  if (!sawOpml) throw new OpmlError('not an OPML document (no <opml> root)');
  return feeds;
}

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderOpml(feeds: FeedSpec[], title: string, now: number): string {
  const lines = feeds.map((f) => {
    const attrs = [
      ['type', 'rss'], ['text', f.title], ['title', f.title], ['xmlUrl', f.url],
      ['htmlUrl', f.siteUrl ?? ''], ['language', f.language ?? ''], ['category', f.category ?? ''],
    ].filter(([, v]) => v);
    return `    <outline ${attrs.map(([k, v]) => `${k}="${escapeXml(v!)}"`).join(' ')}/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title><dateCreated>${new Date(now).toUTCString()}</dateCreated></head>`,
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
