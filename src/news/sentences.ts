// Pure sentence splitting and feed-boilerplate removal for summaries (EN + ZH).
//
// Feed text arrives whitespace-collapsed by htmlToText, so a period is the only sentence cue in
// English and a wrong split shows as a summary cut mid-name ("Acme Inc." | "said …"). The rules
// therefore lean towards not splitting: a boundary needs whitespace and a capital (or digit,
// quote, CJK) after it, and the word before it must not be a known abbreviation.
import { CJK } from './cjk.js';
import { collapseWhitespace } from './text.js';

// Titles and Latin abbreviations that are followed by more of the same sentence.
const NEVER_FINAL = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'gen',
  'col',
  'lt',
  'capt',
  'sgt',
  'sen',
  'rep',
  'gov',
  'rev',
  'hon',
  'pres',
  'e.g',
  'i.e',
  'vs',
  'cf',
  'approx',
  'fig',
  'dept',
  'est',
  'mt',
]);
// Only abbreviations before a number: "No. 5", "Jan. 6", "pp. 12". Otherwise "no." is the word.
const BEFORE_NUMBER = new Set([
  'no',
  'nos',
  'vol',
  'pp',
  'p',
  'art',
  'sec',
  'ch',
  'ver',
  'v',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
// Abbreviations that can also end a sentence ("… attacks in the U.S. The agency said"): split
// only when the next word is a typical sentence opener.
const MAYBE_FINAL = new Set(['inc', 'corp', 'ltd', 'co', 'llc', 'plc', 'etc', 'jr', 'st', 'a.m', 'p.m', 'bros']);
const OPENERS = new Set([
  'the',
  'a',
  'an',
  'this',
  'that',
  'these',
  'those',
  'it',
  'its',
  'he',
  'she',
  'they',
  'we',
  'i',
  'in',
  'on',
  'at',
  'as',
  'but',
  'and',
  'however',
  'according',
  'there',
  'while',
  'after',
  'before',
  'meanwhile',
  'also',
  'both',
  'some',
  'many',
  'no',
  'if',
  'when',
  'his',
  'her',
  'their',
  'our',
]);

const CJK_CHAR = new RegExp(`[${CJK}]`, 'u');
const CLOSERS = '”’"\'」』）)\\]】》';
// A terminator run plus any closing quotes/brackets that belong to the sentence it ends.
const TERMINATOR = new RegExp(`(?:[。！？；]+|[!?]+|\\.{3,}|…+|\\.)[${CLOSERS}]*`, 'gu');
const SENTENCE_START = /[\p{Lu}\p{N}"'“‘(\[「『（【《]/u;

function wordBefore(text: string, end: number): string {
  let start = end;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  // Leading punctuation ("(Acme Inc.") is not part of the word.
  return text.slice(start, end).replace(/^[^\p{L}\p{N}]+/u, '');
}

function nextWord(text: string, from: number): string {
  return /^[\p{L}\p{N}'’.-]+/u.exec(text.slice(from, from + 40))?.[0] ?? '';
}

/** Decides whether the single "." at `dot` ends a sentence whose next word starts at `next`. */
function periodEnds(text: string, dot: number, next: number): boolean {
  const word = wordBefore(text, dot);
  const lower = word.toLowerCase();
  const following = nextWord(text, next);
  if (NEVER_FINAL.has(lower)) return false;
  if (BEFORE_NUMBER.has(lower) && /^\d/.test(following)) return false;
  // One capital letter is an initial: "John F. Kennedy", "Plan B. Smith" loses, rarely.
  if (/^\p{Lu}$/u.test(word)) return false;
  const dotted = /^(?:\p{L}\.)+\p{L}$/u.test(word); // U.S, U.K, a.m after the last dot is cut
  if (dotted || MAYBE_FINAL.has(lower)) return OPENERS.has(following.toLowerCase());
  return true;
}

function isBoundary(text: string, match: RegExpExecArray): boolean {
  const mark = match[0];
  if (/^[。！？；]/u.test(mark)) return true;
  const end = match.index + mark.length;
  let next = end;
  while (next < text.length && /\s/.test(text[next]!)) next++;
  if (next >= text.length) return true;
  const before = text[match.index - 1] ?? '';
  // ASCII !/? after Chinese text is how many Chinese feeds punctuate.
  if (/^[!?]/.test(mark) && CJK_CHAR.test(before)) return true;
  if (next === end) return false; // "v2.3.1", "9.8", "example.com", "a...b"
  if (!SENTENCE_START.test(text[next]!) && !CJK_CHAR.test(text[next]!)) return false;
  if (mark[0] === '.' && !mark.startsWith('...')) return periodEnds(text, match.index, next);
  return true;
}

function splitParagraph(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  TERMINATOR.lastIndex = 0;
  for (let m = TERMINATOR.exec(text); m; m = TERMINATOR.exec(text)) {
    if (!isBoundary(text, m)) continue;
    const end = m.index + m[0].length;
    out.push(text.slice(start, end).trim());
    start = end;
  }
  out.push(text.slice(start).trim());
  return out.filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/**
 * Sentences of `text` in order. Blank lines always separate sentences (headings, list items);
 * `language` only matters for text without any punctuation, which stays one sentence.
 */
export function splitSentences(text: string, language: string): string[] {
  void language; // the rules above already cover mixed EN/ZH text, which ZH feeds are full of
  return text
    .split(/\n[ \t\u3000]*\n/)
    .map(collapseWhitespace)
    .flatMap(splitParagraph);
}

// ---------------------------------------------------------------------------------------------
// Boilerplate. Each pattern is something feeds and WeChat mirrors append to every item; a
// summary that shows one of them is worse than no summary.

const BOILERPLATE: RegExp[] = [
  // WordPress: "The post <title> appeared first on <site>." (some themes: "first appeared on") —
  // the site name may contain dots.
  /The post\b[^\n]{0,400}?\b(?:appeared first|first appeared) on\b[^\n]*?(?:\.(?=\s|$)|(?=\n)|$)/gi,
  // Reddit's RSS appends the poster and two link labels to every item.
  /\bsubmitted by\s+\/u\/[\w-]+(?:\s*\[link\])?(?:\s*\[comments\])?/gi,
  /\[\s*(?:\.{3}|…|&hellip;|&#8230;)\s*\]/g,
  /\bContinue reading\b(?:[^\n]{0,160}?(?:[→»›…]|\.{3})|[^\n]{0,160}$)/gim,
  /\bClick here to read\b[^\n.]{0,80}\.?/gi,
  // Capitalised "Read more" is the link label; lowercase only as a trailing link ("read more »"),
  // so prose such as "users can read more than one report" survives.
  /\bRead (?:the )?(?:more|full (?:story|article|report|post))\b(?:\s+(?:at|on|here)\b[^\n.]{0,60})?[ \t]*[»›→…:.]*/g,
  /\bread more[ \t]*(?:[»›→…]+|$)/gim,
  /\b(?:Subscribe to our newsletter|Share this (?:article|story|post))\b[^\n.]{0,60}\.?/gi,
  /\[(?:图片|image|img|photo|视频|video)\]/gi,
  /(?:图片来源|图片出处|图源)[:：]\s*(?:网络|互联网|视觉中国|图虫创意|Unsplash|Pixabay|Freepik|Shutterstock|[^\s。]{0,16}(?=[\s。]|$))。?/gi,
  /点击(?:下方|上方)?(?:卡片|名片)[，,]?\s*关注(?:我们|公众号)?/g,
  /(?:点击)?(?:上方|下方)?蓝字[，,]?\s*关注(?:我们|公众号)?/g,
  /微信扫一扫(?:可打开此内容[，,]?\s*使用完整服务|关注该公众号)?/g,
  /预览时标签不可点/g,
  /(?:点击)?阅读原文(?:查看|了解更多|获取)?/g,
  /长按(?:识别)?(?:图中)?二维码(?:关注)?/g,
  /(?:欢迎)?关注我们/g,
  /在小说阅读器中沉浸阅读/g,
  /(?:继续滑动|向上滑动)看下一个/g,
  /轻点两下取消(?:赞|在看)/g,
];

// Image credit lines ("Image: Tima Miroshnichenko (Pexels)") have no end mark once the text is
// collapsed, so the credit is taken as the capitalised words that follow, stopping at the first
// capitalised word that is followed by a lowercase one: that word opens the next sentence.
const CREDIT = /(?:^|(?<=[\s.。]))(?:Image|Photo|Picture|Header image|Image credit|Photo credit|Credit)s?\s*:\s*/g;

function creditLength(rest: string): number {
  const tokens = rest.split(/(\s+)/);
  let length = 0;
  let taken = 0;
  for (let i = 0; i < tokens.length; i += 2) {
    const token = tokens[i]!;
    const after = tokens[i + 2] ?? '';
    const isName = /^[\p{Lu}\d(@]|^(?:via|by|and|of|\/|&|on)$/u.test(token) || /^\(.*\)$/.test(token);
    const opensSentence = taken > 0 && /^\p{Lu}/u.test(token) && /^\p{Ll}/u.test(after);
    if (!isName || opensSentence || taken >= 6 || token === '') break;
    length += token.length + (tokens[i + 1]?.length ?? 0);
    taken++;
    if (/\n/.test(tokens[i + 1] ?? '')) break;
  }
  return length;
}

function stripCredits(text: string): string {
  let out = '';
  let last = 0;
  CREDIT.lastIndex = 0;
  for (let m = CREDIT.exec(text); m; m = CREDIT.exec(text)) {
    if (m.index < last) continue;
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    last += creditLength(text.slice(last, last + 200));
    CREDIT.lastIndex = last;
  }
  return out + text.slice(last);
}

// What removal leaves behind: punctuation that opened the junk, doubled commas, and spaces
// between Chinese characters (Chinese is written without them).
function tidy(paragraph: string): string {
  return collapseWhitespace(paragraph)
    .replace(/^[\s,，、:：;；|·>»›→。！？!?-]+/u, '')
    .replace(/([，、：；])(?:\s*[，、：；])+/gu, '$1')
    .replace(/(?<=[\p{Script=Han}。！？；，、：”」』）])\s+(?=[\p{Script=Han}“「『（])/gu, '');
}

/** `text` without feed and WeChat-mirror boilerplate; blank lines are kept as paragraph breaks. */
export function stripBoilerplate(text: string): string {
  let out = stripCredits(text);
  for (const re of BOILERPLATE) out = out.replace(re, ' ');
  return out
    .split(/\n[ \t\u3000]*\n/)
    .map(tidy)
    .filter((p) => /[\p{L}\p{N}]/u.test(p))
    .join('\n\n');
}

/** True when `text` still contains something stripBoilerplate removes: the summary's last check. */
export function containsBoilerplate(text: string): boolean {
  if (stripCredits(text) !== text) return true;
  return BOILERPLATE.some((re) => {
    re.lastIndex = 0;
    const hit = re.test(text);
    re.lastIndex = 0;
    return hit;
  });
}
