// User search query → a safe FTS5 expression plus filters. Pure.
//
// Language: plain words are ANDed; "phrases"; OR between two terms; -exclude; prefix*;
// filters source:, lang:zh|en, since:7d (h/d/w or a date), cve:CVE-2024-3400.
// Every term is reduced to letter/number tokens and re-quoted, so nothing the user types can
// reach FTS5 as syntax: no FTS syntax error and no injection, whatever the input.
import { segmentForIndex } from './text.js';

export const MAX_QUERY_CHARS = 500;
const MAX_TERMS = 24;

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export interface SearchPlan {
  /** FTS5 expression over title/summary/body/tags, or null when only a date filter is given. */
  match: string | null;
  /** Epoch ms lower bound from `since:`. */
  sinceMs: number | null;
  /** `source:` values, resolved to feed ids by the store. */
  sources: string[];
  languages: string[];
  cves: string[];
}

interface Term {
  tokens: string[];
  prefix: boolean;
  negated: boolean;
}

type Piece = { kind: 'term'; term: Term } | { kind: 'or' };

// What FTS5's unicode61 tokenizer keeps as token characters (letters, numbers, private use).
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** The FTS tokens of a piece of text, segmented exactly as the index is. */
export function queryTokens(text: string): string[] {
  return segmentForIndex(text.normalize('NFKC').toLowerCase()).match(TOKEN) ?? [];
}

export const cveTag = (id: string) => `cve${id.replace(/\D/g, '')}`;
export const languageTag = (lang: string) => `lang${lang}`;

/** Splits on spaces but keeps "quoted phrases" together; an unbalanced quote runs to the end. */
function lex(input: string): string[] {
  const out: string[] = [];
  const re = /(-?)"([^"]*)"?|(\S+)/g;
  for (const m of input.matchAll(re)) out.push(m[3] ?? `${m[1]}"${m[2]}"`);
  return out;
}

const SINCE = /^(\d{1,4})([hdw])$/i;
const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 604_800_000 };

function parseSince(value: string, now: number): number {
  const rel = SINCE.exec(value);
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!;
  const abs = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(abs))
    throw new QueryError(`since: takes a span like 24h, 7d or 2w, or a date like 2025-07-01 (got "${value}")`);
  return abs;
}

function applyFilter(plan: SearchPlan, key: string, value: string, now: number): void {
  if (!value) throw new QueryError(`${key}: needs a value`);
  switch (key) {
    case 'source':
      plan.sources.push(value);
      return;
    case 'lang': {
      const lang = value.toLowerCase();
      if (lang !== 'zh' && lang !== 'en') throw new QueryError(`lang: takes zh or en (got "${value}")`);
      plan.languages.push(lang);
      return;
    }
    case 'since':
      plan.sinceMs = Math.max(plan.sinceMs ?? 0, parseSince(value, now));
      return;
    case 'cve': {
      const m = /^(?:cve-)?(\d{4})-(\d{4,7})$/i.exec(value);
      if (!m) throw new QueryError(`cve: takes an ID like CVE-2024-3400 (got "${value}")`);
      plan.cves.push(`CVE-${m[1]}-${m[2]}`);
      return;
    }
  }
}

function toTerm(word: string): Term | null {
  let w = word;
  const negated = w.startsWith('-') && w.length > 1;
  if (negated) w = w.slice(1);
  const quoted = w.startsWith('"');
  const prefix = !quoted && w.endsWith('*');
  const tokens = queryTokens(w.replace(/^"|"$/g, ''));
  return tokens.length ? { tokens, prefix, negated } : null;
}

const ftsTerm = (t: Term) => `"${t.tokens.join(' ')}"${t.prefix ? ' *' : ''}`;

function buildTextExpression(pieces: Piece[]): string | null {
  const groups: Term[][] = [];
  let joinNext = false;
  for (const p of pieces) {
    if (p.kind === 'or') {
      joinNext = groups.length > 0;
      continue;
    }
    if (p.term.negated) continue;
    if (joinNext) groups[groups.length - 1]!.push(p.term);
    else groups.push([p.term]);
    joinNext = false;
  }
  const negatives = pieces.flatMap((p) => (p.kind === 'term' && p.term.negated ? [p.term] : []));
  if (!groups.length) return null;
  const positive = groups
    .map((g) => (g.length === 1 ? ftsTerm(g[0]!) : `(${g.map(ftsTerm).join(' OR ')})`))
    .join(' AND ');
  const text = `{title summary body} : (${positive})`;
  return negatives.length ? `(${text}) NOT ({title summary body} : (${negatives.map(ftsTerm).join(' OR ')}))` : text;
}

function tagExpression(plan: SearchPlan): string[] {
  const out: string[] = [];
  if (plan.languages.length) out.push(`tags : (${[...new Set(plan.languages)].map(languageTag).join(' OR ')})`);
  for (const cve of new Set(plan.cves)) out.push(`tags : ${cveTag(cve)}`);
  return out;
}

export function parseQuery(input: string, now: number): SearchPlan {
  const text = input
    .replace(/[“”＂]/g, '"')
    .replace(/：/g, ':')
    .trim();
  if (!text) throw new QueryError('Type something to search for, e.g. ransomware or 勒索.');
  if (text.length > MAX_QUERY_CHARS)
    throw new QueryError(`That query is too long (max ${MAX_QUERY_CHARS} characters).`);
  const plan: SearchPlan = { match: null, sinceMs: null, sources: [], languages: [], cves: [] };
  const pieces: Piece[] = [];
  for (const word of lex(text)) {
    const filter = /^(source|lang|since|cve):(.*)$/i.exec(word);
    if (filter) applyFilter(plan, filter[1]!.toLowerCase(), filter[2]!.replace(/^"|"$/g, ''), now);
    else if (word === 'OR' || word === '|') pieces.push({ kind: 'or' });
    else {
      const term = toTerm(word);
      if (term) pieces.push({ kind: 'term', term });
    }
  }
  if (pieces.length > MAX_TERMS) throw new QueryError(`Too many search terms (max ${MAX_TERMS}).`);
  const textExpr = buildTextExpression(pieces);
  const hasExcludesOnly = !textExpr && pieces.some((p) => p.kind === 'term');
  if (hasExcludesOnly) throw new QueryError('Add at least one word to look for; -word only excludes.');
  const parts = [...(textExpr ? [textExpr] : []), ...tagExpression(plan)];
  plan.match = parts.length ? parts.map((p) => `(${p})`).join(' AND ') : null;
  if (!plan.match && plan.sinceMs === null && !plan.sources.length) {
    throw new QueryError('Nothing to search for: words made only of symbols or emoji are ignored.');
  }
  return plan;
}
