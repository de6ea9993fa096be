// Story clustering, part 1: what one article says, as features the pair scoring compares. Pure, and a function
// of the article alone — no batch statistics — so an article's features are computed once, cached, and the
// same whether a week arrives in one fetch or in 20-minute cycles. Rarity (IDF) is applied later, from the
// window of recent articles (story-window.ts).
//
// Terms share one key space across languages: English stems, Chinese words (zh-words.ts), and the
// language-independent anchors — Latin-script names (also inside Chinese text), names from the bilingual
// lexicon (卡西欧 → casio), figures with units (#204.9gb), CVE ids. Anchors are what an English and a
// Chinese report of one event can share.
import type { ArticleDoc } from './article.js';
import { HAN } from './cjk.js';
import { extractCves } from './cve.js';
import { BILINGUAL_NAMES } from './lexicon/bilingual-names.js';
import { stripBoilerplate } from './sentences.js';
import { STORY_STOPWORDS } from './stopwords.js';
import { announcesBundle, eventKinds, flawKinds, reportsNoEvent } from './story-kinds.js';
import { chineseWords } from './zh-words.js';

/** Bumped when the features change shape or meaning: cached features of another version are recomputed. */
export const FEATURES_VERSION = 9;

export interface ArticleFeatures {
  v: number;
  id: number;
  feedId: number;
  published: number;
  zh: boolean;
  /** term → weighted count (headline ×2), title + summary; at most MAX_TERMS. */
  terms: Record<string, number>;
  /** The language-independent subset of `terms`' keys (names, lexicon names, figures, CVEs). */
  anchors: string[];
  /** Terms that are names: name-shaped or capitalised inside a sentence (English), Latin or lexicon (Chinese). */
  names: string[];
  /** Terms of the headline alone (source tags such as 【安全圈】 removed). */
  title: string[];
  /** Numbers and one-character parts of the headline (dates, episodes, 上/下), which tell a series apart. */
  marks: string[];
  /** CVEs in the headline: what the article is about. */
  mainCves: string[];
  /** All CVEs of title + summary. */
  cves: string[];
  /** Event kinds (ransomware, breach, outage, arrest, DDoS, fine, phishing) the headline reports, as a bitmask. */
  kinds: number;
  /** Vulnerability classes (SQL injection, file read, XSS …) the headline names, as a bitmask. */
  flaws: number;
  /** MinHash of character 5-gram shingles, for reposts. */
  minhash: number[];
  /** The headline reads as an explainer, advice or a round-up ("What is XSS?", "Week in review", 周报). */
  noEvent: boolean;
  /** The headline announces a vendor's batch of fixes (Patch Tuesday, 补丁日, 多个漏洞). */
  bundle: boolean;
  /** A community's link to an article elsewhere (a Reddit or Hacker News post): its feed is many sources. */
  aggregated: boolean;
  /** The article link's host without www. ('' for platforms that host many publishers): one vendor's feeds. */
  publisher: string;
}

const MAX_TERMS = 120;
const MINHASH_SIZE = 48;
const CJK_RUN = new RegExp(`[${HAN}]+`, 'g');
const LATIN = /[a-z0-9]+(?:[-.&][a-z0-9]+)*/g;
// Source tags and series markers in headlines: 【安全圈】, [Weekly], 漏洞预警 |.
const TITLE_TAG = /【[^】]{0,20}】|\[[^\]]{0,20}\]|^[^|｜]{0,12}[|｜]\s*/g;

/** Crude English stemming: enough for attacks/attack and confirmed/confirms to meet. */
function stem(w: string): string {
  if (w.length <= 4 || /\d/.test(w)) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  if (/(ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  return w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}

// ── Figures with units ────────────────────────────────────────────────────────────────────────────────────
const SCALE: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  m: 1e6,
  mn: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  万: 1e4,
  亿: 1e8,
  千: 1e3,
};
const BYTES: Record<string, number> = { kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15 };
const QUANTITY = new RegExp(
  // A one-letter scale ends there: "$85m", "21K repos", but not the b of "476021 breached" or the m of "5 MB".
  String.raw`([$€£]|us\$|usd\s?)?(\d+(?:\.\d+)?)\s?(thousand|million|billion|mn|bn|万|亿|千|[kmb](?![a-z]))?\s?` +
    String.raw`(kb|mb|gb|tb|pb|美元|dollars?|usd|euros?|欧元|英镑|人|名|个|条|万|records|people|users|customers|accounts|` +
    String.raw`victims|individuals|patients|students|employees)?`,
  'g',
);

/** "204.9 GB" → #204.9gb, "$85 million"/"8500万美元" → #85m$, "5.4 million people"/"540万人" → #5.4m. */
function quantities(text: string): string[] {
  const out = new Set<string>();
  // A count written out with separators is a figure by itself, unit or not: "1,957,476,021 breached accounts".
  for (const [n] of text.matchAll(/(?<![$€£\d.,])\b\d{1,3}(?:,\d{3}){2,}\b/g)) {
    out.add(`#${shortNumber(Number(n.replace(/,/g, '')))}`);
  }
  // Thousands separators go: 1,957,476,021 is one number (a pairwise replace left 1957,476021).
  for (const m of text.replace(/(?<=\d),(?=\d{3}(?!\d))/g, '').matchAll(QUANTITY)) {
    const [, currency, num = '', scaleWord, unit = ''] = m;
    if (!scaleWord && !unit && !currency) continue;
    let value = Number(num) * (scaleWord ? SCALE[scaleWord]! : 1);
    if (unit === '万') value *= 1e4;
    if (BYTES[unit]) {
      out.add(`#${num}${unit}`);
      continue;
    }
    const money = Boolean(currency) || /美元|dollar|usd|euro|欧元|英镑/.test(unit);
    if (!money && value < 1000) continue; // "3 flaws", "2 people": too common to identify anything
    out.add(`#${shortNumber(value)}${money ? '$' : ''}`);
  }
  return [...out];
}

const FIGURE = /^#(\d+(?:\.\d+)?)([kmb]?)(\$|[kmgtp]b)?$/;
const FIGURE_SCALE: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

/**
 * Two figures that are one within rounding, in the same unit: "2 billion email addresses" and "1,957,476,021
 * breached accounts", "$85 million" and "$85.2M". Reports round a figure; 3% is what rounding to two digits does.
 */
export function sameFigure(a: string, b: string): boolean {
  if (a === b) return true;
  const [x, y] = [FIGURE.exec(a), FIGURE.exec(b)];
  if (!x || !y || (x[3] ?? '') !== (y[3] ?? '')) return false;
  const [u, v] = [Number(x[1]) * FIGURE_SCALE[x[2]!]!, Number(y[1]) * FIGURE_SCALE[y[2]!]!];
  return Math.abs(u - v) <= 0.03 * Math.max(u, v);
}

function shortNumber(v: number): string {
  for (const [div, suffix] of [
    [1e9, 'b'],
    [1e6, 'm'],
    [1e3, 'k'],
  ] as const) {
    if (v >= div) return `${Number((v / div).toPrecision(3))}${suffix}`;
  }
  return String(Number(v.toPrecision(3)));
}

// ── Terms ─────────────────────────────────────────────────────────────────────────────────────────────────
const LEXICON = BILINGUAL_NAMES.flatMap((n) => n.zh.map((zh) => [zh, n.latin] as const)).sort(
  (a, b) => b[0].length - a[0].length,
);

/** Lexicon names in Chinese text, as their Latin tokens; each span is used once (勒索软件 hides 勒索). */
function lexiconTokens(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (const [zh, latin] of LEXICON) {
    if (!rest.includes(zh)) continue;
    out.push(...latin);
    rest = rest.split(zh).join(' ');
  }
  return out;
}

interface Bag {
  terms: Map<string, number>;
  anchors: Set<string>;
}

function addText(bag: Bag, raw: string, weight: number, zh: boolean, headline = false): string[] {
  const text = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’]s\b/g, '');
  const seen: string[] = [];
  const add = (t: string, anchor: boolean) => {
    bag.terms.set(t, (bag.terms.get(t) ?? 0) + weight);
    if (anchor) bag.anchors.add(t);
    seen.push(t);
  };
  for (const c of extractCves(text)) add(c.toLowerCase(), true);
  for (const q of quantities(text)) add(q, true);
  for (const [w] of text.replace(/\bcve[-‐‑–_ ]\d{4}[-‐‑–_ ]\d{4,7}\b/g, ' ').matchAll(LATIN)) {
    if (w.length < 2 || STORY_STOPWORDS.has(w) || /^\d+$/.test(w)) continue;
    // Latin words in Chinese text are names; in English text any word may be shared with a Chinese report's
    // Latin names, so all are anchors there too, and rarity decides what they are worth.
    add(stem(w), true);
    // Spellings of one name vary around its hyphen (Shai-Hulud, Sha1-Hulud): the parts meet where the whole does not.
    if (!w.includes('-')) continue;
    for (const part of w.split('-')) if (part.length >= 4 && !STORY_STOPWORDS.has(part)) add(stem(part), true);
  }
  if (zh) {
    for (const t of lexiconTokens(text)) add(stem(t), true); // as the English side stems it: arrested → arrest
    for (const run of text.match(CJK_RUN) ?? []) for (const w of chineseWords(run, headline)) add(w, false);
  }
  return seen;
}

const CASED_WORD = /[A-Za-z0-9]+(?:[-.&][A-Za-z0-9]+)*/g;
/** Shaped like a proper name whatever its position: LockBit, PAN-OS, MOVEit, 3CX. */
const nameShaped = (t: string) => /[a-z][A-Z]|[A-Z]{2}/.test(t) || (/\d/.test(t) && /[A-Za-z]{2}/.test(t));

/**
 * English names: name-shaped words anywhere, and capitalised words that do not start a sentence — except in a
 * Title Case headline, where every word is capitalised. Chinese text spells out only names in Latin script.
 */
function englishNames(text: string, headline: boolean): string[] {
  const found = [...text.normalize('NFKC').matchAll(CASED_WORD)];
  const long = found.filter((m) => m[0].length >= 4 && /^[A-Za-z]/.test(m[0]));
  const titleCase = headline && long.filter((m) => /^[A-Z]/.test(m[0])).length >= 0.6 * long.length;
  const out: string[] = [];
  for (const [k, m] of found.entries()) {
    const w = m[0],
      start = m.index ?? 0;
    const capital = /^[A-Z]/.test(w) && !/^\d/.test(w);
    const sentenceStart = k === 0 || /[.!?:;"“‘(]\s*$/.test(text.slice(Math.max(0, start - 3), start));
    if (nameShaped(w) || (capital && !titleCase && !sentenceStart)) {
      const lower = w.toLowerCase();
      if (!STORY_STOPWORDS.has(lower) && w.length >= 2) out.push(stem(lower));
    }
  }
  return out;
}

// "CISA Releases Five Industrial Control Systems Advisories" and "… Four …" are two bundles.
const NUMBER_WORDS = 'one two three four five six seven eight nine ten eleven twelve'.split(' ');
const NUMBER_WORD = new RegExp(`\\b(${NUMBER_WORDS.join('|')})\\b`, 'g');

/** Numbers and one-character parts of a headline: what tells episode 24 from 25, part 上 from 下. */
function seriesMarks(headline: string): string[] {
  const text = headline
    .normalize('NFKC')
    .toLowerCase()
    .replace(NUMBER_WORD, (w) => String(NUMBER_WORDS.indexOf(w) + 1));
  const nums = text.replace(/\bcve-\d{4}-\d+/g, ' ').match(/\d+/g) ?? [];
  const single = (text.match(CJK_RUN) ?? []).filter((r) => r.length === 1);
  return [...new Set([...nums, ...single])];
}

/** A cheap 32-bit string hash (FNV-1a), seeded for MinHash. */
function hash32(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

function minhashOf(text: string): number[] {
  const s = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(new RegExp(`[^a-z0-9${HAN}]+`, 'g'), '');
  const sig = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  const base = new Set<number>();
  for (let i = 0; i + 5 <= s.length; i++) base.add(hash32(s.slice(i, i + 5), 0));
  for (const h of base) {
    for (let k = 0; k < MINHASH_SIZE; k++) {
      const v = (Math.imul(h ^ (k * 0x9e3779b9), 0x85ebca6b) ^ (h >>> 13)) >>> 0;
      if (v < sig[k]!) sig[k] = v;
    }
  }
  return base.size ? sig : [];
}

/** Estimated Jaccard similarity of two articles' shingle sets. */
export function minhashSimilarity(a: number[], b: number[]): number {
  if (!a.length || a.length !== b.length) return 0;
  let same = 0;
  for (let k = 0; k < a.length; k++) if (a[k] === b[k]) same++;
  return same / a.length;
}

// Reddit's "submitted by /u/… [link] [comments]", Hacker News' "Comments URL: https://news.ycombinator.com/…".
const AGGREGATOR_POST = /submitted by\s+\/u\/|news\.ycombinator\.com\/item|^\s*(article url|comments url):/i;

// Hosts where many publishers post: their links say nothing about who wrote the article.
const PLATFORM_HOSTS = new RegExp(
  String.raw`(^|\.)(weixin\.qq\.com|reddit\.com|ycombinator\.com|youtube\.com|youtu\.be|` +
    String.raw`medium\.com|github\.com|x\.com|twitter\.com|t\.me|linkedin\.com|feedburner\.com|news\.google\.com)$`,
);

function publisherOf(url: string | null): string {
  if (!url) return '';
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return PLATFORM_HOSTS.test(host) ? '' : host;
  } catch {
    return '';
  }
}

const HAN_CHAR = new RegExp(`[${HAN}]`);
const isChinese = (doc: Pick<ArticleDoc, 'language' | 'title'>) =>
  doc.language.startsWith('zh') || HAN_CHAR.test(doc.title);

/** The article's clustering features. Deterministic and independent of every other article. */
export function articleFeatures(doc: ArticleDoc): ArticleFeatures {
  const zh = isChinese(doc),
    bag: Bag = { terms: new Map(), anchors: new Set() };
  const headline = doc.title.replace(TITLE_TAG, ' ');
  const summary = stripBoilerplate(doc.summary || doc.bodyText.slice(0, 600)).slice(0, 1200);
  const title = [...new Set(addText(bag, headline, 2, zh, true))];
  const summaryTerms = addText(bag, summary, 1, zh);
  const names = new Set(
    zh
      ? [...title, ...summaryTerms].filter((t) => bag.anchors.has(t))
      : [...englishNames(headline, true), ...englishNames(summary, false)],
  );
  const kept = [...bag.terms].sort((x, y) => y[1] - x[1]).slice(0, MAX_TERMS);
  const cves = new Set([...doc.cves, ...extractCves(`${doc.title} ${summary}`)]);
  const titleCves = extractCves(doc.title);
  return {
    v: FEATURES_VERSION,
    id: doc.id,
    feedId: doc.feedId,
    published: doc.published,
    zh,
    terms: Object.fromEntries(kept),
    anchors: kept.map(([t]) => t).filter((t) => bag.anchors.has(t)),
    title,
    names: kept.map(([t]) => t).filter((t) => names.has(t)),
    marks: seriesMarks(headline),
    mainCves: titleCves,
    cves: [...cves],
    kinds: eventKinds(headline),
    flaws: flawKinds(headline),
    minhash: minhashOf(`${headline} ${summary}`),
    noEvent: reportsNoEvent(headline),
    aggregated: AGGREGATOR_POST.test(doc.summary),
    publisher: publisherOf(doc.url),
    bundle: announcesBundle(headline),
  };
}
