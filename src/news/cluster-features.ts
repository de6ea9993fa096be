// Story clustering, part 1: what an article says, as features the pair scoring compares — TF-IDF
// terms, distinctive Latin-script names, places, figures, CVEs and event kinds — with statistics
// from the batch. Pure. The scoring and grouping are in cluster.ts.
import type { ArticleDoc } from './article.js';
import { extractCves } from './cve.js';

export const DEFAULT_WINDOW_MS = 72 * 3_600_000;
/** Calibrated on test/fixtures/cluster-labelled.ts (no false merges there); raise it to merge less. */
export const DEFAULT_THRESHOLD = 0.45;

export interface ClusterOptions {
  /** Articles further apart than this never share a story (default `DEFAULT_WINDOW_MS`, 72 h). */
  windowMs: number;
  /** Pair score needed to link two articles (default `DEFAULT_THRESHOLD`, 0.45). */
  threshold?: number;
}

/** A sparse vector: term ids ascending, with their weights. */
export interface Sparse { ids: Int32Array; w: Float64Array }

export interface Features {
  zh: boolean;
  published: number;
  terms: Sparse; // L2-normalised TF-IDF of title + summary
  names: Map<string, number>; // L2-normalised weights of distinctive Latin-script names
  primary: Set<string>; // headline names, or all names when the headline has none
  heads: string[]; // headline names minus the parts of compounds ("salt typhoon", not "salt")
  places: Set<string>;
  titlePlaces: Set<string>;
  cves: Set<string>;
  numbers: Set<string>; // figures that are not years: 6400 victims, 118 flaws, 3.8 Tbps
  events: number; // bitmask over EVENT_KINDS
}

export interface ClusterContext {
  readonly windowMs: number;
  readonly threshold: number;
  readonly features: ReadonlyMap<number, Features>;
  /** Batch document frequency per term id. */
  readonly df: readonly number[];
}

// ── Lexicons ──────────────────────────────────────────────────────────────────────────────────────────────
const words = (s: string) => new Set(s.split(/\s+/).filter(Boolean));
const STOPWORDS = words(`a an the and or of to in on for by with from at as is are was were be been has have had it its
  this that these those their they them he she his her we our you your not no but if than then into over after before
  about also more most some any all can could may might will would should says said say new who which what when where
  while via amid per up out one two three four five six seven eight nine ten less other others such only just own today
  yesterday now here there last next however meanwhile according several many multiple`);
// A bigram holding one of these is a cross-word fragment (的数, 了多), not a word.
const ZH_FUNCTION = /[的了和与及在是为对等其将已被从中于并也而之这该此个]/;
// Names too common to identify a story; the batch's document frequency catches the rest.
const GENERIC_NAMES = words(`microsoft google apple amazon aws azure windows linux android ios macos chrome edge office
  outlook teams wordpress github npm pypi javascript python cisa fbi nsa doj sec ftc nist ncsc europol interpol us usa uk
  eu un ai api vpn sql xss rce csrf ssrf ddos dos mfa ip dns http https url html cve cvss poc apt ceo ciso hr pii gdpr
  saas iot ot ics edr xdr siem soc llm os pc ci cd json xml cloud january february march april may june july august
  september october november december monday tuesday wednesday thursday friday saturday sunday`);
// Countries by English name, adjective and Chinese name: "arrest in Spain" vs "arrest in Ukraine".
const PLACES = new Map<string, string>();
for (const entry of `us:america,american,美国 china:chinese,beijing,中国 russia:russian,俄罗斯 japan:japanese,tokyo,日本
  korea:korean,朝鲜,韩国 iran:iranian,伊朗 israel:israeli,以色列 spain:spanish,西班牙 ukraine:ukrainian,乌克兰
  germany:german,德国 france:french,法国 uk:britain,british,英国 netherlands:dutch,荷兰 ireland:irish,爱尔兰
  india:indian,印度 vietnam:vietnamese,越南 taiwan:taiwanese,台湾 singapore:新加坡 australia:australian,澳大利亚
  canada:canadian,加拿大 brazil:brazilian,巴西 italy:italian,意大利 poland:polish,波兰`.split(/\s+/)) {
  const [key = '', aliases = ''] = entry.split(':');
  for (const alias of [key, ...aliases.split(',')]) if (alias) PLACES.set(alias, key);
}
const ZH_PLACES = [...PLACES].filter(([alias]) => /[^a-z]/.test(alias));
// Event kinds as EN word starts and ZH words: across languages "both report an arrest" can only come from a
// concept lexicon. One regex finds them all; the matched text says which kind.
const EVENT_KINDS = [
  'ransom extort encrypt 勒索 赎金',
  'breach hack compromis intru leak stol theft expos exfiltrat 泄露 窃取 外泄 被盗 入侵',
  'outage disrupt offline shut paus divert disconnect 中断 瘫痪 停机 暂停 下线',
  'vulnerab flaw bug exploit zero-day patch cve rce injection 漏洞 补丁 零日',
  'arrest detain charg indict sentenc extradit police seiz takedown dismantl 逮捕 抓获 被捕 起诉 警方 查获 捣毁',
  'malware trojan backdoor botnet phish stealer spyware loader 恶意软件 木马 后门 僵尸网络 钓鱼',
  'ddos denial-of-service 拒绝服务',
  'fine settl regulat law penalt sanction 罚款 和解 条例 办法 制裁 处罚',
];
const EVENT_OF = new Map(EVENT_KINDS.flatMap((ws, i) => ws.split(' ').map((w) => [w, i] as const)));
const EVENT_RE = new RegExp([...EVENT_OF.keys()].map((w) => (/^[a-z]/.test(w) ? `\\b${w}` : w)).join('|'), 'g');

// ── Tokens ────────────────────────────────────────────────────────────────────────────────────────────────
const CJK_RUN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+/g;
const LATIN = /[A-Za-z0-9]+(?:[-.&][A-Za-z0-9]+)*/g;
// "Beijing-linked", "Bcrypt-based": the name is the part before the suffix.
const NAME_SUFFIX = /-(based|linked|backed|sponsored|affiliated|owned|made|style|related)$/i;

/** Crude English stemming: enough for attacks/attack and confirmed/confirms to meet. */
function stem(w: string): string {
  if (w.length <= 4 || /\d/.test(w)) return w;
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ing') && w.length > 6) return w.slice(0, -3);
  if (w.endsWith('ed') && w.length > 5) return w.slice(0, -2);
  if (/(ss|sh|ch|x)es$/.test(w)) return w.slice(0, -2);
  return w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}

/** Shaped like a proper name whatever its position: LockBit, PAN-OS, MOVEit, 3CX. */
const nameShaped = (t: string) => /[a-z][A-Z]|[A-Z]{2}/.test(t) || (/\d/.test(t) && /[A-Za-z]/.test(t));

interface Token { lower: string; title: boolean; capital: boolean; evidence: 0 | 1 | 2; alone: boolean }

/**
 * Latin tokens, plus two-word capitalised compounds (Salt Typhoon, American Water), each with how much it says
 * "name": 2 for a capitalised word inside a sentence, a name-shaped word, or any Latin word in Chinese text
 * (which spells out only names); 1 for the first word of headline or summary (Okta fixes…); 0 elsewhere, as a
 * Title Case headline capitalises everything. `alone`: not part of a compound here.
 */
function latinTokens(doc: ArticleDoc, zh: boolean): Token[] {
  const out: Token[] = [];
  for (const [raw, title] of [[doc.title, true], [doc.summary, false]] as const) {
    const text = raw.replace(/(\d),(\d{3})/g, '$1$2').replace(/['’]s\b/g, '');
    const found = [...text.matchAll(LATIN)];
    const long = found.filter((m) => m[0].length >= 4 && /^[A-Za-z]/.test(m[0]));
    const titleCase = title && long.filter((m) => /^[A-Z]/.test(m[0])).length >= 0.6 * long.length;
    let prev: (Token & { end: number }) | null = null;
    for (const [k, m] of found.entries()) {
      const t = m[0].includes('-') ? m[0].replace(NAME_SUFFIX, '') : m[0], start = m.index ?? 0, first = k === 0;
      const lower = t.toLowerCase(), shaped = (lower !== t || /\d/.test(t)) && nameShaped(t);
      const capital = (lower !== t && t.charCodeAt(0) <= 90) || shaped;
      const inside = capital && !first && !titleCase && !/[.!?:;"“‘(。！？；：]\s*$/.test(text.slice(Math.max(0, start - 3), start));
      const evidence = zh ? (/[A-Za-z]{2}/.test(t) ? 2 : 0) : !capital ? 0 : shaped || inside ? 2 : first ? 1 : 0;
      const token: Token & { end: number } = { lower, title, capital, evidence, alone: true, end: start + m[0].length };
      out.push(token);
      if (prev?.capital && capital && text.slice(prev.end, start) === ' ' && /^[a-z]/.test(lower) && /^[a-z]/.test(prev.lower)) {
        prev.alone = token.alone = false;
        const ev = Math.min(prev.evidence === 1 ? 2 : prev.evidence, evidence) as Token['evidence']; // "Casio Computer has…"
        out.push({ lower: `${prev.lower} ${lower}`, title, capital, evidence: ev, alone: false });
      }
      prev = token;
    }
  }
  return out;
}

interface Raw { doc: ArticleDoc; zh: boolean; tokens: Token[]; terms: Map<string, number>; text: string }

/**
 * Term frequencies: English stems and Chinese character bigrams, the headline counting twice. Generic words
 * (attack, ransomware, 勒索, 漏洞) get no list of their own: batch IDF lowers them, and a pair needs a name, a
 * CVE or a high cosine on top of them (an explicit ×0.25 list changed nothing on the labelled set).
 */
function rawDoc(doc: ArticleDoc): Raw {
  const text = `${doc.title} ${doc.summary}`, zh = doc.language.startsWith('zh') || /[\u4E00-\u9FFF]/.test(doc.title);
  const tokens = latinTokens(doc, zh), terms = new Map<string, number>();
  const add = (t: string, w: number) => terms.set(t, (terms.get(t) ?? 0) + w);
  for (const t of tokens) {
    if (t.lower.length < 2 || STOPWORDS.has(t.lower) || t.lower.includes(' ') || t.lower.startsWith('cve-')) continue;
    add(stem(t.lower), t.title ? 2 : 1);
  }
  for (const [field, weight] of [[doc.title, 2], [doc.summary, 1]] as const) {
    for (const run of field.match(CJK_RUN) ?? []) {
      for (let i = 0; i + 1 < run.length; i++) {
        const bg = run.slice(i, i + 2);
        if (!ZH_FUNCTION.test(bg)) add(bg, weight);
      }
    }
  }
  return { doc, zh, tokens, terms, text };
}

// ── Batch statistics ──────────────────────────────────────────────────────────────────────────────────────
const idf = (n: number, df: number) => Math.log((n + 1) / (df + 1)) + 1;

function nameCandidate(key: string): boolean {
  const parts = key.split(' ');
  if (parts.some((p) => STOPWORDS.has(p) || GENERIC_NAMES.has(p)) || PLACES.has(parts[parts.length - 1]!)) return false;
  return key.length >= 2 && !/^\d|^cve-/.test(key);
}

/**
 * The batch's names, each with the number of documents naming it: seen name-like and (almost) never in lower
 * case — "Patch Tuesday" does not make `patch` a name, patches are everywhere. First-word-only evidence (Okta
 * fixes…) needs two documents and no lower-case use at all. A word seen only inside compounds ("Typhoon" of
 * Salt/Volt Typhoon) is not a name by itself.
 */
function batchNames(raws: Raw[]): Map<string, number> {
  // Per candidate: documents with strong evidence, with weak evidence, naming it; per stem: lower-case uses.
  const stats = new Map<string, [number, number, number]>(), lowerDocs = new Map<string, number>(), alone = new Set<string>();
  for (const r of raws) {
    for (const t of r.tokens) if (t.evidence && !stats.has(t.lower)) { stats.set(t.lower, [0, 0, 0]); lowerDocs.set(stem(t.lower), 0); }
  }
  for (const r of raws) {
    const seen = [new Set<string>(), new Set<string>(), new Set<string>()], lower = new Set<string>();
    for (const t of r.tokens) {
      if ((t.capital || r.zh) && stats.has(t.lower)) {
        if (t.evidence) seen[t.evidence === 2 ? 0 : 1]!.add(t.lower);
        seen[2]!.add(t.lower);
        if (t.alone) alone.add(t.lower);
      } else if (!t.capital && !r.zh && !t.lower.includes(' ') && lowerDocs.has(stem(t.lower))) lower.add(stem(t.lower));
    }
    seen.forEach((keys, i) => { for (const k of keys) stats.get(k)![i]!++; });
    for (const k of lower) lowerDocs.set(k, lowerDocs.get(k)! + 1);
  }
  const names = new Map<string, number>();
  for (const [key, [strong, weak, named]] of stats) {
    if (!nameCandidate(key) || (!key.includes(' ') && !alone.has(key))) continue;
    const low = lowerDocs.get(stem(key)) ?? 0;
    if (strong ? low * 2 <= strong : low === 0 && weak >= 2) names.set(key, named || 1);
  }
  return names;
}

function tfidf(r: Raw, n: number, vocabulary: ReadonlyMap<string, number>, df: readonly number[]): Sparse {
  const pairs = [...r.terms].map(([t, tf]) => [vocabulary.get(t)!, tf] as [number, number]).sort((x, y) => x[0] - y[0]);
  const v: Sparse = { ids: new Int32Array(pairs.length), w: new Float64Array(pairs.length) };
  pairs.forEach(([id, tf], k) => { v.ids[k] = id; v.w[k] = (tf > 1 ? 1 + Math.log(tf) : tf) * idf(n, df[id]!); });
  const norm = Math.hypot(...v.w) || 1;
  v.w.forEach((w, k) => (v.w[k] = w / norm));
  return v;
}

function features(r: Raw, n: number, terms: Sparse, names: Map<string, number>): Features {
  const maxNameDf = Math.max(8, 0.05 * n); // a name in 1 of 20 articles is background, not a story
  const weights = new Map<string, number>(), titleNames = new Set<string>(), places = new Set<string>(), titlePlaces = new Set<string>();
  for (const t of r.tokens) {
    const place = PLACES.get(t.lower);
    if (place) [places, ...(t.title ? [titlePlaces] : [])].forEach((s) => s.add(place));
    const count = names.get(t.lower);
    if (count === undefined || count > maxNameDf || !(t.capital || r.zh)) continue;
    // Headline names are what the story is about; Chinese text spells out only key names.
    weights.set(t.lower, Math.max(weights.get(t.lower) ?? 0, (t.title || r.zh ? 1 : 0.6) * idf(n, count)));
    if (t.title) titleNames.add(t.lower);
  }
  for (const [alias, key] of r.zh ? ZH_PLACES : []) {
    if (r.text.includes(alias)) places.add(key);
    if (r.doc.title.includes(alias)) titlePlaces.add(key);
  }
  const norm = Math.hypot(...weights.values()) || 1;
  for (const [k, w] of weights) weights.set(k, w / norm);
  let events = 0;
  for (const m of r.text.toLowerCase().matchAll(EVENT_RE)) events |= 1 << EVENT_OF.get(m[0])!;
  const figures = r.tokens.map((t) => t.lower).filter((t) => /^(\d\d+(\.\d+)?|\d\.\d+)$/.test(t) && !/^(19|20)\d\d$/.test(t));
  return {
    zh: r.zh, published: r.doc.published, terms, names: weights, places, titlePlaces, events, numbers: new Set(figures),
    primary: titleNames.size ? titleNames : new Set(weights.keys()),
    heads: [...titleNames].filter((a) => ![...titleNames].some((b) => b !== a && b.split(' ').includes(a))),
    cves: new Set([...r.doc.cves, ...extractCves(r.text)]),
  };
}

/** IDF and name statistics from the batch being clustered, plus the window and threshold. */
export function buildClusterContext(docs: ArticleDoc[], opts?: Partial<ClusterOptions>): ClusterContext {
  const raws = docs.map(rawDoc), vocabulary = new Map<string, number>(), df: number[] = [];
  for (const r of raws) {
    for (const t of r.terms.keys()) {
      const id = vocabulary.get(t) ?? vocabulary.set(t, df.push(0) - 1).get(t)!;
      df[id]!++;
    }
  }
  const names = batchNames(raws);
  const feats = new Map(raws.map((r) => [r.doc.id, features(r, raws.length, tfidf(r, raws.length, vocabulary, df), names)]));
  return { windowMs: opts?.windowMs ?? DEFAULT_WINDOW_MS, threshold: opts?.threshold ?? DEFAULT_THRESHOLD, features: feats, df };
}

