// Pure extraction of the specific facts a sentence states — figures with units, names, CVE IDs
// and impact — so a story summary can tell what another outlet's sentence adds to the lead's.
//
// Why these four: they are what readers look for in a second report of the same event (who did
// it, how much, which bug, what broke) and what wording alone cannot fake; two outlets telling
// the same thing in other words share them, so a paraphrase adds nothing here.
import { extractCves } from './cve.js';

export type FactKind = 'cve' | 'figure' | 'name' | 'acronym' | 'impact';

export interface Fact {
  kind: FactKind;
  /** Normalised: the CVE ID, the number without separators, the lowercase name, the concept. */
  key: string;
}

// A CVE pins the story to one bug; a figure or a name is one concrete fact; an impact word is
// vaguer ("data stolen" without what or how much), so two of them weigh about one name. A short
// all-capitals word is mostly a technical term or an agency (SQL, XSS, POC, FBI), rarely news.
export const FACT_WEIGHT: Record<FactKind, number> = { cve: 1.5, figure: 1, name: 0.8, acronym: 0.4, impact: 0.5 };
// Past two of a kind a sentence is a list ("Windows、Office、Azure、Visual Studio"), and a list
// is one fact however long.
const MAX_PER_KIND = 2;

const IMPACT: Array<[string, RegExp]> = [
  ['theft', /\b(?:stole|stolen|steal(?:s|ing)?|theft|exfiltrat\w*)\b|窃取|盗取|被盗|窃得/i],
  ['leak', /\bleak(?:s|ed|ing)?\b|泄露|外泄/i],
  ['encryption', /\bencrypt\w*|加密/i],
  ['disruption', /\bdisrupt\w*|\boutages?\b|\boffline\b|\bshut (?:down)\b|\bdowntime\b|中断|瘫痪|停摆|停运|宕机/i],
  ['delay', /\bdelay\w*|\bpostpon\w*|推迟|延迟|延期/i],
  ['extortion', /\bransom (?:demand|payment)s?\b|\bextort\w*|赎金/i],
  ['exposure', /\bexpos(?:ed|es|ing|ure)\b|\bcompromised\b|暴露/i],
  ['prosecution', /\barrest\w*|\bcharged\b|\bindict\w*|\bsentenced\b|\bextradit\w*|逮捕|起诉|判处|抓获/i],
  ['penalty', /\bfined\b|\bfines\b|\bpenalt\w*|罚款|处罚/i],
  ['exploitation', /\bexploited\b|\bin the wild\b|\bzero-day\b|在野|零日/i],
  ['destruction', /\bwip(?:ed|er|ers)\b|\bdestroy\w*|擦除/i],
  ['sanction', /\bsanction\w*|制裁/i],
  ['takedown', /\bseiz(?:ed|ure)\b|\btakedown\b|\bdismantl\w*|查封|捣毁/i],
];

// After the number: a unit, a multiplier or a Chinese measure word makes it a figure.
const UNIT_AFTER = new RegExp(
  String.raw`^\s?(?:%|percent\b|per cent\b|[kmgtp]i?b\b|(?:kilo|mega|giga|tera|peta)?bytes?\b|thousand\b` +
    String.raw`|million\b|billion\b|trillion\b|m\b|bn\b|k\b|bitcoin\b|btc\b|dollars?\b|euros?\b|万|亿|千|百万|美元|欧元|英镑` +
    String.raw`|元|名|人|条|个|家|台|份|起|款|项|次|笔|倍)`,
  'i',
);
const CURRENCY_BEFORE = /(?:US|HK|A|C)?[$€£¥]\s?$/;
// "6,400 customers": a plural noun after the number counts it; time spans are context, not facts.
const COUNTED_AFTER =
  /^\s(?:[a-z]+\s)?(?!(?:days|weeks|months|years|hours|minutes|seconds|times)\b)([a-z]{3,}s|people)\b/;
// Not inside a word, a version or an ID ("v2.3.1", "x86", "KB5034441"); Han may touch it (约6500名).
const NUMBER = /(?<![\p{Script=Latin}\p{N}.,\-_/:])\d+(?:,\d{3})*(?:\.\d+)?(?![\d.]\d)/gu;

function figures(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const before = text.slice(Math.max(0, m.index - 4), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 30);
    const value = m[0].replace(/,/g, '');
    const year = /^(?:19|20)\d\d$/.test(value);
    if (
      CURRENCY_BEFORE.test(before) ||
      UNIT_AFTER.test(after) ||
      (!year && (m[0].includes(',') || COUNTED_AFTER.test(after)))
    )
      out.push(value);
  }
  return out;
}

// Capitalised words that are not names of anything a second report could add.
const NOT_NAMES = new Set(
  (
    'january february march april may june july august september october november december monday tuesday wednesday ' +
    'thursday friday saturday sunday i the a an this that these it its he she they we in on at as but and or if when ' +
    'however according after before while cve gb tb mb kb pb jan feb mar apr jun jul aug sep sept oct nov dec ' +
    'mon tue wed thu fri sat sun inc corp ltd llc plc co jr mr mrs ms dr prof'
  ).split(' '),
);
const LATIN_NAME_WORD =
  /^(?:\p{Lu}[\p{L}\p{N}]*|\p{Ll}+\p{Lu}[\p{L}\p{N}]*|\p{N}+\p{L}[\p{L}\p{N}]*)(?:[-'’.][\p{L}\p{N}]+)*$/u;
const LATIN_TOKEN = /[\p{Script=Latin}\p{N}][\p{Script=Latin}\p{N}'’.-]*[\p{Script=Latin}\p{N}]|\p{Script=Latin}/gu;
const HAN = /\p{Script=Han}/u;

/**
 * Names as runs of capitalised words ("Underground", "Casio America"), or in Chinese text any
 * Latin word (Chinese has no capitals, and a Latin word there is nearly always a name: a gang,
 * a product, a company). A capitalised first word of an English sentence is only a name when
 * its shape says so (LockBit, FBI), since every sentence starts with a capital.
 */
function names(text: string): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let lastEnd = -1;
  const flush = () => {
    if (run.length) out.push(run.join(' '));
    run = [];
  };
  const chinese = HAN.test(text);
  const firstWord = text.search(/[\p{L}\p{N}]/u);
  for (const m of text.matchAll(LATIN_TOKEN)) {
    const word = m[0].replace(/[.'’]+$/u, '');
    const between = text.slice(lastEnd, m.index);
    if (lastEnd >= 0 && !/^ $/.test(between)) flush();
    lastEnd = m.index + m[0].length;
    const opening = m.index === firstWord;
    const shaped = /[\p{Lu}\p{N}]/u.test(word.slice(1)) || /^\p{Ll}+\p{Lu}/u.test(word);
    const isName =
      !NOT_NAMES.has(word.toLowerCase()) &&
      !/^\p{N}+$/u.test(word) &&
      (chinese ? /\p{L}{2}/u.test(word) : LATIN_NAME_WORD.test(word) && (!opening || shaped));
    if (isName) run.push(word);
    else flush();
  }
  flush();
  return out;
}

/** The facts `text` states, each once. CVE IDs are taken out first so their digits are no figure. */
export function factsOf(text: string): Fact[] {
  const cves = extractCves(text);
  const rest = text.replace(/\bCVE[-‐‑‒–—_ ]\d{4}[-‐‑‒–—_ ]\d{4,7}\b/gi, ' ');
  const facts: Fact[] = [
    ...cves.map((key) => ({ kind: 'cve' as const, key })),
    ...figures(rest).map((key) => ({ kind: 'figure' as const, key })),
    ...names(rest).map((name) => ({
      kind: /^\p{Lu}{2,4}$/u.test(name) ? ('acronym' as const) : ('name' as const),
      key: name.toLowerCase(),
    })),
    ...IMPACT.filter(([, re]) => re.test(rest)).map(([key]) => ({ kind: 'impact' as const, key })),
  ];
  const seen = new Set<string>();
  return facts.filter((f) => !seen.has(`${f.kind}:${f.key}`) && seen.add(`${f.kind}:${f.key}`));
}

/** What a reader already has (the headline, the first sentence, the outlets' names). */
export interface KnownFacts {
  keys: Set<string>;
  /** Lowercase words of the known text, for names written in a longer form. */
  words: Set<string>;
}

export function knownFacts(texts: readonly string[]): KnownFacts {
  const all = texts.join('\n');
  const keys = new Set(factsOf(all).map((f) => `${f.kind}:${f.key}`));
  const words = new Set([...all.toLowerCase().matchAll(LATIN_TOKEN)].map((m) => m[0].replace(/[.'’]+$/u, '')));
  return { keys, words };
}

/**
 * A name is known when any of its words is, or begins a known word: "Casio" covers "Casio
 * America", "Korea-linked" is covered by "North Korean".
 */
function isKnown(fact: Fact, known: KnownFacts): boolean {
  if (known.keys.has(`${fact.kind}:${fact.key}`)) return true;
  if (fact.kind !== 'name' && fact.kind !== 'acronym') return false;
  const begins = (w: string) => {
    for (const k of known.words) if (k.startsWith(w)) return true;
    return false;
  };
  return fact.key.split(/[\s-]+/).some((w) => known.words.has(w) || (w.length >= 4 && begins(w)));
}

/** The weighted facts of `facts` that `known` does not have yet. */
export function novelty(facts: readonly Fact[], known: KnownFacts): number {
  const counted = new Map<FactKind, number>();
  let sum = 0;
  for (const f of facts) {
    const n = counted.get(f.kind) ?? 0;
    if (n >= MAX_PER_KIND || isKnown(f, known)) continue;
    counted.set(f.kind, n + 1);
    sum += FACT_WEIGHT[f.kind];
  }
  return sum;
}
