// Bytes → string. rss-parser cannot decode GBK (rss-parser #76), so every feed is decoded here
// and handed to the parser as a JS string.
//
// Order: BOM, then the HTTP charset, then the XML prolog, then detection. A declaration that
// names UTF-8 over bytes that are not UTF-8 is a lie (common on Chinese hosts: header says
// utf-8, body is GBK) and we move on to the next source; likewise a legacy declaration over
// bytes that are valid multi-byte UTF-8 (miniflux's *-incorrect-prolog cases).
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ownValue } from '../news/own-key.js';

export type CharsetSource = 'bom' | 'header' | 'prolog' | 'detected' | 'default';

export interface DecodedFeed {
  text: string;
  charset: string;
  source: CharsetSource;
}

// WHATWG treats latin1 labels as windows-1252; GB2312/GBK are subsets of GB18030.
const ALIASES: Record<string, string> = {
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'gb_2312-80': 'gb18030',
  'euc-cn': 'gb18030',
  'iso-8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso8859-1': 'windows-1252',
  'iso_8859-1': 'windows-1252',
  'euc-kr': 'cp949',
  ks_c_5601: 'cp949',
  'ks_c_5601-1987': 'cp949',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  utf8: 'utf-8',
  'utf-16': 'utf-16',
};

/** A charset name iconv-lite can decode, or null for bogus labels. */
export function normalizeCharset(label: string | undefined | null): string | null {
  const name = label
    ?.trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, '');
  if (!name) return null;
  const mapped = ownValue(ALIASES, name) ?? name;
  return iconv.encodingExists(mapped) ? mapped : null;
}

function bomCharset(buf: Buffer): { charset: string; length: number } | null {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return { charset: 'utf-32le', length: 4 };
  if (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return { charset: 'utf-32be', length: 4 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  return null;
}

/**
 * XML in a 16/32-bit encoding without a BOM (XML 1.0 appendix F). A document starts with ASCII
 * (`<`, whitespace), so in UTF-16 every other byte of the first code units is zero; no 8-bit
 * encoding puts NUL bytes there.
 */
function wideWithoutBom(buf: Buffer): string | null {
  const head = buf.subarray(0, 4).toString('hex');
  if (head === '3c000000') return 'utf-32le';
  if (head === '0000003c') return 'utf-32be';
  if (buf.length < 8) return null;
  const units = [0, 2, 4, 6].map((i) => [buf[i]!, buf[i + 1]!] as const);
  if (units.every(([lo, hi]) => lo !== 0 && lo < 0x80 && hi === 0)) return 'utf-16le';
  if (units.every(([hi, lo]) => lo !== 0 && lo < 0x80 && hi === 0)) return 'utf-16be';
  return null;
}

export function headerCharset(contentType: string | undefined | null): string | null {
  const m = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return m ? normalizeCharset(m[1]) : null;
}

export function prologCharset(buf: Buffer): string | null {
  const head = buf.subarray(0, 512).toString('latin1');
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return m ? normalizeCharset(m[1]) : null;
}

function strictUtf8(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return null;
  }
}

const isWideLabel = (c: string) => /^utf-?(16|32)/.test(c);
const hasHighBytes = (buf: Buffer) => buf.some((b) => b >= 0x80);

/** Picks the charset and decodes. Never throws: the worst case is windows-1252 mojibake-free ASCII. */
export function decodeFeedBytes(buf: Buffer, contentType?: string | null): DecodedFeed {
  const bom = bomCharset(buf);
  if (bom) return finish(iconv.decode(buf.subarray(bom.length), bom.charset), bom.charset, 'bom');
  const wide = wideWithoutBom(buf);
  if (wide) return finish(iconv.decode(buf, wide), wide, 'detected');

  const utf8 = strictUtf8(buf);
  const candidates: Array<[string | null, CharsetSource]> = [
    [headerCharset(contentType), 'header'],
    [prologCharset(buf), 'prolog'],
  ];
  for (const [charset, source] of candidates) {
    // A 16/32-bit label over bytes that are not wide (checked above) is wrong; so is UTF-8 over
    // invalid UTF-8. Either way the next source decides.
    if (!charset || isWideLabel(charset)) continue;
    if (charset === 'utf-8') {
      if (utf8 !== null) return finish(utf8, charset, source);
      continue;
    }
    // A legacy label over bytes that are valid multi-byte UTF-8 is stale (a feed re-encoded
    // without updating its prolog): real GBK or Latin-1 text is practically never valid UTF-8.
    if (utf8 !== null && hasHighBytes(buf)) return finish(utf8, 'utf-8', 'detected');
    return finish(iconv.decode(buf, charset), charset, source);
  }
  if (utf8 !== null) return finish(utf8, 'utf-8', hasHighBytes(buf) ? 'detected' : 'default');
  const guessed = normalizeCharset(chardet.detect(buf)) ?? 'windows-1252';
  return finish(iconv.decode(buf, guessed), guessed, 'detected');
}

function finish(text: string, charset: string, source: CharsetSource): DecodedFeed {
  // The string is no longer in the declared encoding; say so, so no XML layer re-decodes it.
  const body = text.replace(/^\uFEFF/, '').replace(/^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']/i, '$1"UTF-8"');
  return { text: body, charset, source };
}
