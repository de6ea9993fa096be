// Pure text helpers: HTML → plain text (through a real HTML parser), whitespace and control
// character clean-up, and CJK-aware segmentation for the full-text index.
import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';
import { CJK, HAN } from './cjk.js';

const SKIPPED_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'head']);
const BLOCK_ELEMENTS = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'tr',
  'td',
  'th',
  'table',
  'section',
  'article',
  'header',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'figure',
  'figcaption',
  'hr',
]);

// C0/C1 controls except tab/newline, lone surrogates and U+FFFE/FFFF: they break XML output,
// Telegram messages and terminals. NUL bytes from hostile feeds land here.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = new RegExp(
  String.raw`[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF]` +
    String.raw`(?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]`,
  'g',
);

export function stripUnsafeChars(s: string): string {
  return s.replace(UNSAFE_CHARS, '');
}

/** Collapses every run of whitespace (including NBSP and ideographic space) to one space. */
export function collapseWhitespace(s: string): string {
  return s.replace(/[\s\u00A0\u3000\u200B\uFEFF]+/g, ' ').trim();
}

/**
 * Open elements at which htmlToText stops reading. htmlparser2 keeps its open-element stack
 * with Array#unshift, O(depth) per tag, so 200,000 nested <div>s in a hostile body blocked the
 * event loop for minutes; no real article nests anywhere near this deep.
 */
export const MAX_HTML_DEPTH = 256;

const HAN_CHAR = new RegExp(`[${HAN}]`);

/**
 * Visible text of an HTML fragment. Entities are decoded, scripts and styles dropped, block
 * boundaries become spaces. Stops reading once `maxChars` are collected, so a 1 MB body costs
 * what its first `maxChars` cost, and at MAX_HTML_DEPTH open elements.
 */
export function htmlToText(html: string, maxChars = Number.POSITIVE_INFINITY): string {
  const parts: string[] = [];
  let length = 0;
  let skipDepth = 0;
  let depth = 0;
  let last = ''; // the last visible character since the previous block boundary
  // A block's end is a sentence's end: "<p>Plex is great</p><p>Unhappy…" reads "Plex is great. Unhappy…",
  // which the summariser's sentence splitter needs (issue 9).
  const boundary = () => {
    if (/[\p{L}\p{N}]/u.test(last)) {
      while (parts.length && !parts.at(-1)!.trim()) parts.pop();
      parts.push(`${parts.pop()!.trimEnd()}${HAN_CHAR.test(last) ? '。' : '.'}`);
    }
    parts.push(' ');
    last = '';
  };
  const parser = new Parser(
    {
      onopentagname(name) {
        if (++depth > MAX_HTML_DEPTH) parser.pause(); // the text so far is kept
        if (SKIPPED_ELEMENTS.has(name)) skipDepth++;
        else if (BLOCK_ELEMENTS.has(name)) boundary();
      },
      onclosetag(name) {
        depth--;
        if (SKIPPED_ELEMENTS.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCK_ELEMENTS.has(name)) boundary();
      },
      ontext(text) {
        if (skipDepth > 0 || length > maxChars) return;
        parts.push(text);
        length += text.length;
        last = text.trimEnd().slice(-1) || last;
        if (length > maxChars) parser.pause(); // nothing after this point is kept
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.end(html);
  return truncate(collapseWhitespace(stripUnsafeChars(parts.join(''))), maxChars);
}

/** Cuts at a code-point boundary and adds an ellipsis when something was cut. */
export function truncate(s: string, maxChars: number): string {
  if (s.length <= maxChars) return s;
  let cut = s.slice(0, Math.max(0, maxChars - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

// The formatting elements feeds put in titles (`<b>new</b>`, `<em>`, a link). Anything else that looks like a
// tag is what the title is about: "Exploit for <Confluence> RCE", "Bypassing <input> validation", "3 < 5 > 2".
const TITLE_MARKUP = new RegExp(
  String.raw`<\/?(a|abbr|b|big|br|cite|code|del|em|font|i|ins|kbd|mark|q|s|small|span|strike|strong|sub|sup|tt|u)` +
    String.raw`(\s[^<>]*)?\/?>`,
  'gi',
);

// A whole script or style element, content and end tag, is injected code, not a headline's words about a tag.
const INJECTED_CODE = /<(script|style)\b[^<>]*>[\s\S]*?<\/\1\s*>/gi;

/**
 * Feed titles are text that may carry a few formatting tags, sometimes escaped once more. Entities are decoded
 * once (a literal "&amp;amp;" stays "&amp;"), formatting elements and whole script elements go, and whatever
 * else looks like a tag stays as text: Telegram rendering escapes it. Reading titles as HTML deleted
 * "<Confluence>" from "Exploit for <Confluence> RCE" and decoded "&amp;amp;" twice (issue 9).
 */
export function cleanTitle(raw: string, maxChars = 500): string {
  const decoded = decodeHTML(raw.slice(0, maxChars * 4));
  const text = decoded.replace(INJECTED_CODE, '').replace(TITLE_MARKUP, '');
  return truncate(collapseWhitespace(stripUnsafeChars(text)), maxChars);
}

// Han, kana and hangul: runs of these are indexed as overlapping character bigrams; everything
// else is left to FTS5's unicode61 tokenizer, which splits Latin text the same way on both the
// index and the query side.
//
// Why bigrams and not Intl.Segmenter words: a dictionary segmenter splits a word differently
// depending on its neighbours (ICU: 卡西欧 → 卡|西欧 but 卡西欧洲 → 卡|西|欧洲), so a query
// missed text that plainly contains it. With bigrams a CJK query of two or more characters is
// a phrase of bigrams and matches exactly where the text contains it (勒索 is one token;
// 卡西欧 is the phrase 卡西 西欧). It is also 8× cheaper: the segmenter was half of ingest
// time. Cost: a one-character query (勒) only matches that character standing alone.
const CJK_RUN = new RegExp(`[${CJK}]+`, 'gu');

/** `ABCD` → `AB BC CD` (by code point: CJK extension B is outside the BMP). */
function bigrams(run: string): string {
  const chars = run.length === 1 ? [run] : Array.from(run);
  if (chars.length < 2) return chars[0] ?? '';
  let out = chars[0]! + chars[1]!;
  for (let i = 2; i < chars.length; i++) out += ` ${chars[i - 1]}${chars[i]}`;
  return out;
}

/**
 * Text as the index stores it: CJK runs replaced by space-separated bigrams, so every CJK
 * substring of two or more characters is an FTS phrase. Queries pass through the same
 * function, so both sides agree.
 */
export function segmentForIndex(text: string): string {
  return text.replace(CJK_RUN, (run) => ` ${bigrams(run)} `);
}

export function containsCjk(text: string): boolean {
  CJK_RUN.lastIndex = 0;
  const found = CJK_RUN.test(text);
  CJK_RUN.lastIndex = 0;
  return found;
}
