/*
 * Corpus check: runs every document of ../shared/corpus through the real pipeline
 * (gunzip → decodeFeedBytes → parseFeedText → normalizeFeed) and compares the result with
 * Python feedparser 6.0.10's answers in reference.json. `npm run corpus`; exits 1 on any crash
 * or when entry counts agree on fewer than 98 % of the documents feedparser calls feeds.
 *
 * The entry count compared is the parser's (feedparser's `entries` counts every <item>/<entry>
 * too); normalize may then drop entries a reader could not see or open, reported separately.
 *
 * Remaining disagreements, each judged legitimate:
 *
 * Entry count (1 of 126):
 * - node-feedparser/illegally-nested.xml: ours 10, feedparser 20. Every <item> contains an empty
 *   <item/>; feedparser counts the nested ones as 10 extra, empty entries. There are 10 stories.
 *
 * Dropped by normalize after parsing (by design: no title, no link, no text to show):
 * - feedparser/illformed/geo/{georss_point_no_coords,georss_polygon_insufficient_coords,gml_point}.xml,
 *   feedparser/encoding/encoding_attribute_crash.xml (only `<img alt>`),
 *   gofeed/rss/issue_217_enclosure_children.xml, issue_36_enclosure_text.xml (enclosure only),
 *   gofeed/rss/issue_275_channel_item_extensions.xml (extension elements only),
 *   rss-parser/incomplete-fields.atom (empty author), rss-parser/missing-fields.atom (tag: id only),
 *   miniflux-v2/parser/testdata/no_encoding_ISO-8859-1.xml (1 of 10 items is an empty <item>).
 *
 * Titles (secondary; 33 of 815 entries):
 * - rss-parser/craigslist.rss (25) and gofeed rss_channel_item_title_cdata_{escaped,naked}_markup:
 *   feedparser keeps `<sup>`, `<p>` and `&#x0024;` in titles; we show the text (same once cleaned).
 * - feedparser/illformed/chardet/{eucjp,euckr,gb2312,koi8r,shiftjis}.xml: undeclared legacy bytes;
 *   feedparser decoded them as windows-1252/iso-8859-2 (mojibake), we detect the real charset.
 * - feedparser/illformed/rss_incomplete_cdata.xml: the file ends inside `<title><![CD`; the
 *   lenient pass keeps "[CD" as text, feedparser gives an empty title.
 *
 * Links (secondary; 4 of 815 entries):
 * - feedparser/wellformed/rdf/{rdf_item_rdf_about,rdf_item_title}.xml,
 *   feedparser/illformed/rdf_channel_empty_textinput.xml: no <link>; we use the item's rdf:about
 *   URI as its address, feedparser leaves the link empty.
 * - node-feedparser/rss-with-item-scoped-html-base.xml #1: the second item has no xml:base, so
 *   "second" resolves against the channel link (https://example.com/second); feedparser leaks the
 *   first item's xml:base into its sibling.
 *
 * Not feeds to feedparser, feeds to us: the JSON Feeds (feedparser 6 reads JSON only when the
 * Content-Type says so, and the reference run gave none) and the two gzipped node-feedparser
 * files (the reference run did not gunzip them; our HTTP layer undoes Content-Encoding).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { decodeFeedBytes, normalizeCharset } from '../src/feeds/decode.js';
import { FeedError } from '../src/feeds/errors.js';
import { normalizeFeed } from '../src/feeds/normalize.js';
import { parseFeedText } from '../src/feeds/parse.js';
import type { NormalizedItem } from '../src/news/article.js';
import type { RawFeed, RawItem } from '../src/feeds/types.js';
import { cleanTitle, collapseWhitespace } from '../src/news/text.js';
import { canonicalUrl, resolveHttpUrl } from '../src/news/url.js';

interface RefEntry {
  title: string;
  link: string;
  id: string;
  published: string;
}
interface RefDoc {
  version: string;
  bozo: boolean;
  bozo_exception: string;
  encoding: string;
  title: string;
  entries: RefEntry[];
}

type Outcome =
  | { kind: 'feed'; raw: RawFeed; items: NormalizedItem[]; charset: string; finalUrl: string }
  | { kind: 'rejected'; message: string; charset: string }
  | { kind: 'crash'; message: string };

const NOW = Date.UTC(2025, 6, 23, 12, 0, 0);
const MIN_AGREEMENT_PCT = 98;

function corpusDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..', 'shared', 'corpus');
}

/** Bytes as the HTTP layer would hand them over, plus the simulated Content-Type. */
function loadDocument(file: string, rel: string): { bytes: Buffer; contentType?: string } {
  let bytes = readFileSync(file);
  // The fetch layer undoes Content-Encoding: gzip before decoding; these files are stored gzipped.
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  if (!rel.startsWith('feedparser/')) return { bytes };
  // feedparser's fixtures describe the HTTP header they simulate in a leading comment.
  const head = bytes.subarray(0, 2048).toString('latin1');
  const header = /^\s*Header:\s*Content-type:\s*(.+?)\s*$/im.exec(head)?.[1];
  return header ? { bytes, contentType: header } : { bytes };
}

async function runPipeline(rel: string, bytes: Buffer, contentType?: string): Promise<Outcome> {
  let charset = '?';
  try {
    const decoded = decodeFeedBytes(bytes, contentType);
    charset = decoded.charset;
    const raw = await parseFeedText(decoded.text);
    const finalUrl = `http://corpus.invalid/${rel}`;
    const items = normalizeFeed(raw, { finalUrl, now: NOW });
    return { kind: 'feed', raw, items, charset, finalUrl };
  } catch (err) {
    // A FeedError is the pipeline's own verdict ("not a feed"); anything else is a bug.
    if (err instanceof FeedError) return { kind: 'rejected', message: err.summary, charset };
    return { kind: 'crash', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

interface FileResult {
  rel: string;
  ref: RefDoc;
  outcome: Outcome;
  countAgrees: boolean;
  titles: { compared: number; agreed: number; misses: string[] };
  links: { compared: number; agreed: number; misses: string[] };
}

// The parser's entry count is what feedparser's `entries` measures; normalize may then drop
// entries with nothing a reader could see (no title, link or text), reported separately.
const ourCount = (o: Outcome) => (o.kind === 'feed' ? o.raw.items.length : 0);
const keptCount = (o: Outcome) => (o.kind === 'feed' ? o.items.length : 0);

// Reasons established by reading the documents (see the header comment); printed next to them.
const KNOWN_REASONS: Record<string, string> = {
  'node-feedparser/illegally-nested.xml': 'each <item> holds an empty nested <item/>; feedparser counts those too',
  'node-feedparser/rss-with-item-scoped-html-base.xml': "feedparser leaks the first item's xml:base into its sibling",
  'feedparser/illformed/rss_incomplete_cdata.xml': 'document ends inside <![CD; the fragment is kept as text',
};

function countReason(r: FileResult): string {
  const o = r.outcome;
  if (o.kind === 'crash') return `crash: ${o.message.split('\n')[0]}`;
  if (o.kind === 'rejected') return `we reject: ${o.message}`;
  return KNOWN_REASONS[r.rel] ?? (r.ref.bozo ? `feedparser bozo: ${r.ref.bozo_exception}` : 'no known reason');
}

function sameLink(ours: string | null, theirs: string, o: Extract<Outcome, { kind: 'feed' }>, base?: string): boolean {
  // feedparser leaves links relative when it has no document URL; resolve them exactly as we do.
  // We keep only http(s) links, so a `tag:` or `urn:` link counts as no link on both sides.
  const resolved = theirs ? resolveHttpUrl(theirs, [base, o.raw.base, o.raw.link, o.finalUrl]) : null;
  if (!resolved || !ours) return !resolved && !ours;
  return canonicalUrl(resolved) === canonicalUrl(ours);
}

const q = (v: unknown) => JSON.stringify(v);

function titleReason(r: FileResult, ours: string, theirs: string): string {
  const o = r.outcome as Extract<Outcome, { kind: 'feed' }>;
  if (theirs && cleanTitle(theirs) === ours)
    return ' — feedparser keeps markup/escaped entities; same text once cleaned';
  if (normalizeCharset(r.ref.encoding) !== o.charset)
    return ` — feedparser decoded as ${r.ref.encoding}, we as ${o.charset}`;
  return KNOWN_REASONS[r.rel] ? ` — ${KNOWN_REASONS[r.rel]}` : '';
}

function linkReason(r: FileResult, ours: string | null, theirs: string, raw: RawItem): string {
  if (!theirs && ours && raw.guid && ours === resolveHttpUrl(raw.guid, []))
    return ' — no <link>: we use the rdf:about/guid URI';
  return KNOWN_REASONS[r.rel] ? ` — ${KNOWN_REASONS[r.rel]}` : '';
}

function compareEntries(r: FileResult): void {
  const o = r.outcome;
  if (o.kind !== 'feed' || !r.countAgrees) return;
  // Items are aligned by position; only safe when normalize dropped nothing.
  if (o.raw.items.length !== o.items.length) return;
  r.ref.entries.forEach((ref, i) => {
    const ours = o.items[i]!;
    const raw = o.raw.items[i]!;
    const theirTitle = collapseWhitespace(ref.title);
    // With no title, both sides agree when we had none either (we fall back to summary/URL).
    const titleOk = theirTitle ? ours.title === theirTitle : !raw.title?.trim();
    r.titles.compared++;
    if (titleOk) r.titles.agreed++;
    else
      r.titles.misses.push(
        `  title ${r.rel}#${i}: ours ${q(ours.title)} vs ${q(theirTitle)}${titleReason(r, ours.title, theirTitle)}`,
      );
    r.links.compared++;
    if (sameLink(ours.url, ref.link, o, raw.base)) r.links.agreed++;
    else
      r.links.misses.push(
        `  link  ${r.rel}#${i}: ours ${q(ours.url)} vs ${q(ref.link)}${linkReason(r, ours.url, ref.link, raw)}`,
      );
  });
}

function evaluate(rel: string, ref: RefDoc, outcome: Outcome): FileResult {
  const r: FileResult = {
    rel,
    ref,
    outcome,
    countAgrees: outcome.kind !== 'crash' && ourCount(outcome) === ref.entries.length,
    titles: { compared: 0, agreed: 0, misses: [] },
    links: { compared: 0, agreed: 0, misses: [] },
  };
  compareEntries(r);
  return r;
}

const pct = (n: number, d: number) => (d === 0 ? '100.0' : ((100 * n) / d).toFixed(1));

function printFeedLines(feeds: FileResult[]): void {
  console.log('# entry-count disagreements (feeds feedparser recognises)');
  for (const r of feeds.filter((f) => !f.countAgrees)) {
    console.log(
      `count ${r.rel}: ours ${ourCount(r.outcome)} vs feedparser ${r.ref.entries.length} — ${countReason(r)}`,
    );
  }
  console.log('# entries the parser found but normalize dropped (no title, no link, no text)');
  for (const r of feeds.filter((f) => keptCount(f.outcome) !== ourCount(f.outcome))) {
    console.log(
      `dropped ${r.rel}: ${ourCount(r.outcome) - keptCount(r.outcome)} of ${ourCount(r.outcome)} (feedparser ${r.ref.entries.length})`,
    );
  }
  console.log('# recognised by feedparser (0 entries) but rejected by us');
  for (const r of feeds.filter((f) => f.countAgrees && f.outcome.kind === 'rejected')) {
    console.log(`reject ${r.rel}: ${(r.outcome as { message: string }).message}`);
  }
  console.log('# title / link disagreements (files whose counts agree)');
  for (const r of feeds) for (const line of [...r.titles.misses, ...r.links.misses]) console.log(line);
}

function printOtherLines(others: FileResult[]): void {
  console.log('# documents feedparser does not recognise as feeds');
  for (const r of others) {
    const o = r.outcome;
    const what =
      o.kind === 'feed'
        ? `feed (${o.raw.format}) with ${o.items.length} item(s)`
        : o.kind === 'rejected'
          ? o.message
          : 'CRASH';
    console.log(`other ${r.rel}: ours ${what}; feedparser: ${r.ref.bozo_exception || 'no feed root'}`);
  }
}

function summarize(all: FileResult[], feeds: FileResult[]): number {
  const crashes = all.filter((r) => r.outcome.kind === 'crash');
  for (const r of crashes) console.log(`CRASH ${r.rel}: ${(r.outcome as { message: string }).message}`);
  const agreeing = feeds.filter((r) => r.countAgrees).length;
  const sum = (k: 'titles' | 'links', f: 'compared' | 'agreed') => feeds.reduce((n, r) => n + r[k][f], 0);
  const countPct = Number(pct(agreeing, feeds.length));
  const lines: Array<[string, string | number]> = [
    ['corpus_files', all.length],
    ['feeds_in_reference', feeds.length],
    ['entry_count_agreement', `${agreeing}/${feeds.length}`],
    ['entry_count_agreement_pct', countPct.toFixed(1)],
    [
      'entry_count_after_normalize_agreement_pct',
      pct(feeds.filter((r) => keptCount(r.outcome) === r.ref.entries.length).length, feeds.length),
    ],
    ['feeds_rejected_by_us', feeds.filter((r) => r.outcome.kind === 'rejected').length],
    ['entries_compared', sum('titles', 'compared')],
    ['title_agreement_pct', pct(sum('titles', 'agreed'), sum('titles', 'compared'))],
    ['link_agreement_pct', pct(sum('links', 'agreed'), sum('links', 'compared'))],
    ['link_comparison', 'canonicalUrl on both sides (feedparser relative links resolved with our base chain)'],
    ['non_feeds_we_parse', all.filter((r) => !r.ref.version && r.outcome.kind === 'feed').length],
    ['crashes', crashes.length],
  ];
  console.log('# summary');
  for (const [k, v] of lines) console.log(`${k}: ${v}`);
  return crashes.length > 0 || countPct < MIN_AGREEMENT_PCT ? 1 : 0;
}

async function main(): Promise<number> {
  const dir = corpusDir();
  const refFile = path.join(dir, 'reference.json');
  if (!existsSync(refFile)) {
    console.log(`corpus not found, skipped (${dir})`);
    return 0;
  }
  const reference = JSON.parse(readFileSync(refFile, 'utf8')) as Record<string, RefDoc>;
  const all: FileResult[] = [];
  for (const [rel, ref] of Object.entries(reference)) {
    let outcome: Outcome;
    try {
      const { bytes, contentType } = loadDocument(path.join(dir, rel), rel);
      outcome = await runPipeline(rel, bytes, contentType);
    } catch (err) {
      outcome = { kind: 'crash', message: `cannot read: ${(err as Error).message}` };
    }
    all.push(evaluate(rel, ref, outcome));
  }
  const feeds = all.filter((r) => r.ref.version);
  printFeedLines(feeds);
  printOtherLines(all.filter((r) => !r.ref.version));
  return summarize(all, feeds);
}

process.exitCode = await main();
