// The specific facts of a news text, for telling a new development from a retelling
// (news/novelty.ts). Pure. English and Chinese; text is NFKC-normalised first, so full-width
// digits and ％ read as ASCII.
//
// A fact is something a second report cannot add by rewording: a CVE id, a figure with a unit
// (8,478 people, $10 million, 200 GB, 3,000万条), an event kind (an arrest, a takedown, a patch,
// a PoC…), or a name. Figures are compared by value, so 1.2 million = 1,200,000 = 120万.
import { HAN } from './cjk.js';
import { extractCves } from './cve.js';
import { STOPWORDS } from './stopwords.js';
import { containsCjk } from './text.js';

export type FigureKind = 'money' | 'data' | 'percent' | 'count';

export interface Figure {
  kind: FigureKind;
  value: number;
}

export type EventKind =
  | 'arrest'
  | 'charge'
  | 'sentence'
  | 'extradition'
  | 'takedown'
  | 'sanction'
  | 'lawsuit'
  | 'fine'
  | 'patch'
  | 'poc'
  | 'exploited'
  | 'claim'
  | 'ransom_paid'
  | 'attribution'
  | 'recovery';

export interface Facts {
  cves: Set<string>;
  figures: Figure[];
  kinds: Set<EventKind>;
  /** Lower-cased names: capitalised Latin words in English, every Latin word in Chinese text. */
  names: Set<string>;
}

const N = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
const MAG_EN = String.raw`(?:\s?(thousand|million|billion|trillion|bn|mn|[kmb])\b)?`;
const MAG_ZH = String.raw`\s?(千|万|亿)?(?:多|余)?`;
const COUNT_NOUNS =
  'victims?|people|persons?|individuals?|users?|customers?|patients?|clients?|members?|employees?|staff|students?|' +
  'records?|accounts?|rows|files?|emails?|documents?|credentials?|passwords?|devices?|servers?|systems?|hosts?|' +
  'endpoints?|routers?|firewalls?|instances?|sites?|websites?|domains?|apps?|packages?|repositor(?:y|ies)|' +
  'organi[sz]ations?|companies|company|firms?|businesses|entities|agencies|hospitals?|schools?|banks?|countries|' +
  'suspects?|affiliates?|arrests|addresses|ips|machines?|computers?|cameras?|extensions?|vulnerabilities|flaws?|bugs?';

// Order matters: an earlier pattern claims its span, so "$10 million" is money, not a count.
const FIGURE_PATTERNS: Array<{ kind: FigureKind; re: RegExp; num: number; mag: number; unit?: number }> = [
  { kind: 'money', re: new RegExp(String.raw`[$€£¥]\s?${N}${MAG_EN}`, 'gi'), num: 1, mag: 2 },
  {
    kind: 'money',
    re: new RegExp(String.raw`${N}${MAG_EN}\s?(?:dollars|usd|euros?|eur|pounds|gbp|yuan|rmb)\b`, 'gi'),
    num: 1,
    mag: 2,
  },
  { kind: 'money', re: new RegExp(`${N}${MAG_ZH}\\s?(?:美元|元|人民币|欧元|英镑|港元)`, 'g'), num: 1, mag: 2 },
  {
    kind: 'data',
    re: new RegExp(
      String.raw`${N}\s?(kb|mb|gb|tb|pb|kib|mib|gib|tib|bytes?|` +
        String.raw`kilobytes?|megabytes?|gigabytes?|terabytes?|petabytes?)\b`,
      'gi',
    ),
    num: 1,
    mag: 0,
    unit: 2,
  },
  { kind: 'percent', re: new RegExp(String.raw`${N}\s?(?:%|percent\b|per cent\b)`, 'gi'), num: 1, mag: 0 },
  {
    kind: 'count',
    re: new RegExp(String.raw`${N}${MAG_EN}(?:\s+(?!of\b)[a-z][a-z-]*)?\s+(?:${COUNT_NOUNS})\b`, 'gi'),
    num: 1,
    mag: 2,
  },
  { kind: 'count', re: new RegExp(`${N}${MAG_ZH}\\s?(?:条|名|人|家|台|个|位|份|户|款|所)`, 'g'), num: 1, mag: 2 },
  // A magnitude alone is a figure too ("affects 10 million", "影响120万").
  { kind: 'count', re: new RegExp(String.raw`${N}\s?(thousand|million|billion|万|亿)`, 'gi'), num: 1, mag: 2 },
];

const MAGNITUDE: Record<string, number> = {
  thousand: 1e3,
  k: 1e3,
  million: 1e6,
  mn: 1e6,
  m: 1e6,
  billion: 1e9,
  bn: 1e9,
  b: 1e9,
  trillion: 1e12,
  千: 1e3,
  万: 1e4,
  亿: 1e8,
};
const BYTES: Record<string, number> = { k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

function dataBytes(unit: string): number {
  const u = unit.toLowerCase();
  return u.startsWith('byte') ? 1 : (BYTES[u[0]!] ?? 1);
}

/** Figures with a unit. Bare numbers (dates, versions, CVSS scores, years) are not facts. */
export function extractFigures(text: string): Figure[] {
  let rest = text;
  const out: Figure[] = [];
  for (const p of FIGURE_PATTERNS) {
    rest = rest.replace(p.re, (...m: string[]) => {
      const raw = m[p.num]!;
      const magnitude = p.mag ? (MAGNITUDE[(m[p.mag] ?? '').toLowerCase()] ?? 1) : 1;
      const value = Number(raw.replace(/,/g, '')) * magnitude * (p.unit ? dataBytes(m[p.unit]!) : 1);
      // "in 2024 users…": a plain year is a date, not a count.
      const year = p.kind === 'count' && magnitude === 1 && /^(19|20)\d\d$/.test(raw);
      if (Number.isFinite(value) && !year) out.push({ kind: p.kind, value });
      return ' ';
    });
  }
  return out;
}

// English: word-bounded, case-insensitive, and not right after a negation ("no patch yet",
// "not yet exploited", "refused to pay the ransom"). Chinese: substrings, not after 未/尚未/没有/
// 暂无/无 within two characters (尚未发布补丁). Event words that also name the base event of
// most stories (attack, breach, 泄露) are left out: they are what every report repeats.
const NEG_EN =
  String.raw`(?<!\b(?:no|not|without|yet to|refus(?:es|ed) to|fail(?:s|ed)? to|declined to)` +
  String.raw`\s+(?:[a-z-]+\s+)?)`;
const NEG_ZH = `(?<!(?:未|尚未|没有|暂无|无)[${HAN}]{0,2})`;
const KIND_WORDS: Array<[EventKind, string, string]> = [
  ['arrest', 'arrest(?:s|ed|ing)?|detain(?:s|ed)?|apprehended|in custody', '逮捕|被捕|抓获|落网|拘留|拘捕|归案'],
  ['charge', 'charged|indict(?:s|ed|ment)?|plead(?:s|ed)? guilty|pleads|guilty plea', '起诉|指控|认罪'],
  ['sentence', 'sentenc(?:ed|ing)|convicted|jailed|imprison(?:ed|ment)', '判处|判刑|获刑|入狱|定罪'],
  ['extradition', 'extradit(?:ed|ion|es)', '引渡'],
  [
    'takedown',
    'takedown|taken down|take down|dismantl(?:e|ed|es|ing)|seiz(?:e|ed|es|ure)|sinkhol(?:e|ed)',
    '捣毁|查封|关停|摧毁|端掉|瓦解|取缔|打掉',
  ],
  ['sanction', 'sanction(?:s|ed)?', '制裁'],
  ['lawsuit', 'lawsuits?|sued|sues|class[- ]action|litigation', '诉讼'],
  ['fine', 'fined|fines|(?:a|the|record) fine|penalt(?:y|ies)|settle(?:s|d|ment)', '罚款|罚金|处罚|和解'],
  ['patch', 'patch(?:es|ed)?|fix(?:es|ed)?|hotfix(?:es)?|security updates?', '补丁|修复|安全更新'],
  [
    'poc',
    'poc|proof[- ]of[- ]concept|exploit code|public exploits?|' +
      'exploits? (?:is |are |was |were )?(?:released|published|available)',
    '概念验证|利用代码|EXP',
  ],
  ['exploited', 'exploited|in the wild|in-the-wild|kev', '在野利用|被利用|遭利用|在野'],
  [
    'claim',
    'claim(?:s|ed)? (?:responsibility|the attack|credit)|leak site|leaked|dumped',
    '认领|声称对|泄露站点|公开.{0,4}数据',
  ],
  [
    'ransom_paid',
    '(?:paid|pays?|paying) (?:the |a )?ransom|ransom payment',
    '支付.{0,2}赎金|缴纳.{0,2}赎金|付.{0,2}赎金',
  ],
  ['attribution', 'attribut(?:ed|es|ion)|linked to|tied to|blame[sd]?', '归因|溯源|幕后'],
  ['recovery', 'restor(?:ed|es|ing)|back online|recover(?:ed|s|y)', '恢复'],
];
const KINDS = KIND_WORDS.map(([kind, en, zh]) => ({
  kind,
  en: new RegExp(`${NEG_EN}\\b(?:${en})\\b`, 'i'),
  zh: new RegExp(`${NEG_ZH}(?:${zh})`),
}));

export function extractKinds(text: string): Set<EventKind> {
  const cjk = containsCjk(text);
  return new Set(KINDS.filter((k) => k.en.test(text) || (cjk && k.zh.test(text))).map((k) => k.kind));
}

// Capitalised words that are not names: sentence furniture, calendar words, units, acronyms of
// the trade. Compared lower-cased.
const NOT_NAMES = new Set(
  (
    'the a an this that these those it its in on at for from to of and or but with by as after before new how why ' +
    'what when who update updated breaking exclusive report reports analysis opinion week today yesterday monday ' +
    'tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december jan feb mar apr jun jul aug sep sept oct nov dec mr ms dr inc ltd co ' +
    'corp llc plc gb tb mb kb pb cve cves poc rce it ai api url http https vpn ceo cto ciso id pdf faq q1 q2 q3 ' +
    'q4 here there we you they he she his her our their is are was were has have had will would can could also ' +
    'more'
  ).split(' '),
);
const CJK_RUNS = new RegExp(`[${HAN}]+`, 'g');
const LATIN_WORD = /[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*/g;
const LETTERS2 = /[A-Za-z].*[A-Za-z]/;

/**
 * Names in `text`. English: words with a capital that is not sentence furniture — a capital
 * after a sentence start tells nothing, and in a Title Case headline only inner capitals and
 * acronyms do (LockBit, CISA, APT28). Chinese has no case, and a Latin word in Chinese text is
 * almost always a name (LockBit, Ivanti), so every one counts.
 */
export function extractNames(text: string): Set<string> {
  const words = [...text.matchAll(LATIN_WORD)];
  // Chinese text, not an English one quoting a Chinese name: more Han characters than Latin letters.
  const cjk =
    containsCjk(text) && (text.match(CJK_RUNS)?.join('').length ?? 0) >= words.reduce((n, w) => n + w[0].length, 0);
  const long = words.filter((w) => w[0].length >= 4);
  const titleCase = long.length >= 3 && long.filter((w) => /^[A-Z]/.test(w[0])).length / long.length >= 0.8;
  const names = new Set<string>();
  for (const w of words) {
    const word = w[0];
    const lower = word.toLowerCase().replace(/['’]s$/, '');
    if (!LETTERS2.test(word) || NOT_NAMES.has(lower)) continue;
    const inner = /[A-Z0-9]/.test(word.slice(1));
    let i = w.index - 1;
    while (i >= 0 && /\s/.test(text[i]!)) i--;
    const sentenceStart = i < 0 || /[.!?:;"“'‘(\[]/.test(text[i]!);
    if (cjk || inner || (!titleCase && /^[A-Z]/.test(word) && !sentenceStart)) names.add(lower);
  }
  return names;
}

/** Every fact of `text`. CVE ids are taken out before figures, so CVE-2024-3400 is not "3400 …". */
export function extractFacts(raw: string): Facts {
  const text = raw.normalize('NFKC');
  const cves = extractCves(text);
  const withoutCves = cves.length ? text.replace(/\bCVE[-‐‑‒–—_ ]\d{4}[-‐‑‒–—_ ]\d{4,7}\b/gi, ' ') : text;
  return {
    cves: new Set(cves),
    figures: extractFigures(withoutCves),
    kinds: extractKinds(withoutCves),
    names: extractNames(withoutCves),
  };
}

/** Content tokens for overlap: Latin words (lower-cased, crude plural/tense stripping), numbers, CJK bigrams. */
export function contentTokens(raw: string): Set<string> {
  const text = raw.normalize('NFKC').toLowerCase();
  const out = new Set<string>();
  for (const m of text.matchAll(/[a-z][a-z0-9'’-]*|\d[\d,.]*/g)) {
    const w = m[0].replace(/[,.]$/, '');
    if (STOPWORDS.has(w) || w.length < 2) continue;
    out.add(/^[a-z]/.test(w) && w.length > 4 ? w.replace(/(?:ing|ed|es|s)$/, '') : w.replace(/,/g, ''));
  }
  for (const run of text.match(CJK_RUNS) ?? []) {
    const chars = Array.from(run);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
    if (chars.length === 1) out.add(chars[0]!);
  }
  return out;
}

/** Lower-cased Latin words of `text`: a name is known once any text sent so far used the word. */
export function latinWords(raw: string): Set<string> {
  return new Set([...raw.normalize('NFKC').matchAll(LATIN_WORD)].map((m) => m[0].toLowerCase().replace(/['’]s$/, '')));
}
