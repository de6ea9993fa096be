// CVE intelligence at the size (issue 11): 300,000 EPSS rows (today's file and the day before's),
// 50,000 CVE records (40,000 CVEs from CVE JSON 5, a quarter of them also from NVD), 1,520 KEV entries,
// 4,300 articles (the much-covered CVEs up to the 100 /cve lists), 300 subscribed chats with 1,000 CVE
// watches. This process builds that database with src/ (cve_bench_setup_s); bench/cve-child.mjs times on
// the compiled build with the production heap flags, so the figures are what a server sees:
//   cve_card_p99_ms      cveReply + renderCveReply, the /cve answer from the cache, over 3,000 lookups (most
//                        with a record, some only in EPSS, in KEV, much in the news, or unknown). No fetch:
//                        an uncached CVE waits on the source and its request budget, not on us.
//   cve_watch_match_ms   matchCveCycle for a heavy cycle, about a day's CVEs at once as after an outage (20
//                        KEV additions, 200 first records, 300 articles of which 150 name CVEs, the EPSS
//                        file just replaced): which chats get which CVEs for which reason, the issue's
//                        "product-watch matching of one cycle", as a cycle runs when no watch changed
//                        since the last one (the compiled watches are kept). Median of 9 runs.
//   cve_watch_match_cold_ms  the same cycle with the 1,000 watches read and compiled again first, as after
//                        a /watch change or a restart (at most once per change). Median of 9 runs.
//   cve_watch_match_typical_ms  a typical 20-minute cycle of the shipped feeds (30 articles, 20 first
//                        records, no KEV addition, no new EPSS file), watches kept. Median of 9.
//   cve_watch_cycle_ms   queueCveAlerts for the same cycle: matching plus claiming, rendering and queueing
//                        every alert. Median of 9 runs, alerts, claims and seen flags reset between runs.
//                        cve_watch_hits_* are the (chat, CVE, reason) alerts claimed, _alerts_queued messages.
// Run alone: node --import tsx bench/cve.ts [--no-build] [--json]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../src/store/db.js';
import { storeBatch } from '../src/store/articles.js';
import { addWatch, ensureChat, subscribeChat, updateChatSettings } from '../src/store/chats.js';
import { markRecordsWatched } from '../src/store/cve-alerts.js';
import { storeRecord } from '../src/store/cve-records.js';
import { beginEpssImport, finishEpssImport, stageEpssRows, type EpssRow } from '../src/store/epss.js';
import { upsertFeeds } from '../src/store/feeds.js';
import { replaceKev, type KevEntry } from '../src/store/kev.js';
import { tempDb } from '../test/helpers/fixtures.js';
import { item } from '../test/helpers/stories.js';
import { articleText, cveRecord, epssScore, kevEntry, pick, previousScore, type Rng, watchQuery } from './cve-data.js';
import { PRODUCTS, type Product } from './cve-products.js';
import { rng } from './digest.js';
import { ROOT, runCompiledChild } from './production.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const NOW = Date.UTC(2026, 8, 30, 12);
const FEEDS = 40;

/** The cached world every /cve answer and watch cycle reads. */
interface World {
  universe: string[];
  recordIds: string[];
  productOf: Map<string, Product>;
  kev: KevEntry[];
  /** CVEs the news writes about, most written-about first (KEV entries lead). */
  hot: string[];
}

interface Story {
  cves: string[];
  p: Product;
  publishedAt: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** Skewed to the front of a list: index 0 is drawn ~7 % of the time from 3,000. */
const front = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(list.length * r() ** 3)]!;

/** One id per EPSS row, every year from 1999 (as FIRST's file: all published CVEs). */
function epssUniverse(rows: number): string[] {
  return Array.from({ length: rows }, (_, i) => {
    const year = 1999 + Math.floor((i / rows) * 28);
    const first = Math.ceil(((year - 1999) * rows) / 28);
    return `CVE-${year}-${1000 + i - first}`;
  });
}

function publishedIn(r: Rng, cveId: string): string {
  const year = Number(cveId.slice(4, 8));
  return iso(Math.min(Date.UTC(year, 0, 1) + r() * 365 * DAY, NOW - 40 * DAY));
}

/** Records of CVEs the bot has met (recent years more), KEV among them; all already seen by watches. */
function storeRecords(db: Db, r: Rng, universe: string[], cves: number, kevSize: number): World {
  const ids = new Set<string>();
  while (ids.size < cves) ids.add(universe[Math.floor(universe.length * (1 - r() ** 2))]!);
  const recordIds = [...ids];
  const kevIds = new Set(recordIds.filter(() => r() < (kevSize * 1.05) / cves).slice(0, kevSize));
  const productOf = new Map<string, Product>();
  const kev: KevEntry[] = [];
  db.transaction(() => {
    for (const id of recordIds) {
      const p = pick(r, PRODUCTS);
      const published = publishedIn(r, id);
      const kevDate = kevIds.has(id) ? published.slice(0, 10) : null;
      productOf.set(id, p);
      if (kevDate) kev.push(kevEntry(r, id, p, kevDate));
      const meta = { etag: null, lastModified: null, now: NOW - 2 * DAY };
      storeRecord(db, 'cve5', id, cveRecord(r, id, 'cve5', p, published, kevDate), meta);
      if (r() < 0.25) storeRecord(db, 'nvd', id, cveRecord(r, id, 'nvd', p, published, kevDate), meta);
    }
  })();
  markRecordsWatched(db, recordIds);
  const others = recordIds.filter((id) => !kevIds.has(id)).slice(0, 1_500);
  return { universe, recordIds, productOf, kev, hot: [...kev.map((e) => e.cveId), ...others] };
}

/** The day before's file, then today's, in 50,000-row chunks as refreshEpss stages them. */
function importEpss(db: Db, r: Rng, universe: string[]): void {
  const today = universe.map(() => epssScore(r));
  const before = today.map((s) => previousScore(r, s));
  for (const [scores, scoreDate] of [
    [before, '2026-09-28'],
    [today, '2026-09-29'],
  ] as const) {
    beginEpssImport(db);
    for (let at = 0; at < universe.length; at += 50_000) {
      const rows: EpssRow[] = universe.slice(at, at + 50_000).map((cveId, k) => ({
        cveId,
        epss: scores[at + k]!,
        percentile: Math.round(((at + k) / universe.length) * 1e5) / 1e5,
      }));
      stageEpssRows(db, rows);
    }
    const meta = { scoreDate, modelVersion: 'v2026.06.15', etag: null, lastModified: null, now: NOW - DAY };
    finishEpssImport(db, universe.length, meta);
  }
}

function storeStories(db: Db, r: Rng, stories: Story[], fetchedAt: number): number[] {
  const byFeed = new Map<number, Story[]>();
  for (const s of stories) {
    const feed = 1 + Math.floor(r() * FEEDS);
    byFeed.set(feed, [...(byFeed.get(feed) ?? []), s]);
  }
  const ids: number[] = [];
  for (const [feed, list] of byFeed) {
    const items = list.map((s) =>
      item({ feed: `Feed ${feed}`, ...articleText(r, s.cves, s.p), publishedAt: s.publishedAt }),
    );
    ids.push(...storeBatch(db, feed, items, fetchedAt).insertedIds);
  }
  return ids;
}

/** 3,000 articles naming 1–2 CVEs (the hot ones most) and 1,000 naming none, over 60 days. */
function storeArchive(db: Db, r: Rng, w: World): void {
  const feeds = Array.from({ length: FEEDS }, (_, i) => ({
    url: `https://feed${i}.bench.test/`,
    title: `Feed ${i + 1}`,
  }));
  upsertFeeds(db, feeds, 'file', NOW - 90 * DAY);
  const stories = Array.from({ length: 4_000 }, (_, k): Story => {
    const cves = k < 3_000 ? [front(r, w.hot), ...(r() < 0.3 ? [front(r, w.hot)] : [])] : [];
    return {
      cves: [...new Set(cves)],
      p: w.productOf.get(cves[0] ?? '') ?? pick(r, PRODUCTS),
      publishedAt: NOW - r() * 60 * DAY,
    };
  });
  storeStories(db, r, stories, NOW - DAY);
}

function addChats(db: Db, r: Rng, chats: number, watches: number): void {
  const at = NOW - 7 * DAY;
  db.transaction(() => {
    for (let id = 1; id <= chats; id++) {
      const timezone = pick(r, ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York']);
      ensureChat(
        db,
        { id, type: id % 5 ? 'private' : 'supergroup', title: `c${id}` },
        { timezone, digestTime: '09:00' },
        at,
      );
      subscribeChat(db, id, null, at);
      updateChatSettings(db, id, { ui_language: r() < 0.5 ? 'en' : 'zh' }, at);
    }
    // Every chat watches something; the rest go to a few busy chats more than to others.
    for (let n = 0; n < watches;) {
      const chat = n < chats ? n + 1 : 1 + Math.floor(chats * r() ** 2);
      if (addWatch(db, chat, watchQuery(r), at, 'cve')) n++;
    }
  })();
}

/** What a lookup is for: mostly a CVE with a record, some in the news, only in EPSS, in KEV, or unknown. */
function lookups(r: Rng, w: World, n: number, tag: number): Array<{ id: string; lang: string; timezone: string }> {
  const kinds: Array<[number, (k: number) => string]> = [
    [0.55, () => pick(r, w.recordIds)],
    [0.75, () => front(r, w.hot)],
    [0.9, () => pick(r, w.universe)],
    [0.95, () => pick(r, w.kev).cveId],
    [1, (k) => `CVE-2027-${tag + k}`],
  ];
  return Array.from({ length: n }, (_, k) => {
    const x = r();
    const id = kinds.find(([upTo]) => x < upTo)![1](k);
    return { id, lang: r() < 0.5 ? 'en' : 'zh', timezone: pick(r, ['UTC', 'Asia/Shanghai', 'Europe/Berlin']) };
  });
}

export interface Cycle {
  since: number;
  articleIds: number[];
  /** CVEs whose first record arrived this cycle; the child marks them unwatched again between runs. */
  freshIds: string[];
  candidates: number;
}

/** 20 KEV additions (a second catalogue), 200 first records: 170 published this month, 30 old ones a /cve fetched. */
function freshNews(db: Db, r: Rng, w: World): { added: string[]; recent: string[]; old: string[] } {
  const inKev = new Set(w.kev.map((e) => e.cveId));
  const added = w.recordIds.filter((id) => !inKev.has(id) && r() < 0.001).slice(0, 20);
  const entries = [...w.kev, ...added.map((id) => kevEntry(r, id, w.productOf.get(id)!, '2026-09-30'))];
  replaceKev(db, entries, { etag: null, lastModified: null, now: NOW - 5 * MINUTE });
  const recent = Array.from({ length: 170 }, (_, k) => `CVE-2026-${40_000 + k}`);
  const withRecord = new Set(w.recordIds);
  const old = w.universe.filter((id) => !withRecord.has(id) && r() < 0.0005).slice(0, 30);
  const meta = { etag: null, lastModified: null, now: NOW - 3 * MINUTE };
  for (const id of [...recent, ...old]) {
    const p = pick(r, PRODUCTS);
    w.productOf.set(id, p);
    const published = recent.includes(id) ? iso(NOW - r() * 29 * DAY) : publishedIn(r, id);
    storeRecord(db, 'cve5', id, cveRecord(r, id, 'cve5', p, published, null), meta);
  }
  return { added, recent, old };
}

/**
 * One cycle's news: freshNews, then 300 articles of which 150 name CVEs: much-covered ones, fresh ones,
 * ones just added to KEV, or ones without a record yet (matched by the article's text).
 */
function prepareCycle(db: Db, r: Rng, w: World): Cycle {
  const { added, recent, old } = freshNews(db, r, w);
  const unfetched = Array.from({ length: 60 }, (_, k) => `CVE-2026-${45_000 + k}`);
  const cveOf = () =>
    pick(r, [front(r, w.hot), front(r, w.hot), pick(r, recent), pick(r, recent), pick(r, added), pick(r, unfetched)]);
  const stories = Array.from({ length: 300 }, (_, k): Story => {
    const cves = k < 150 ? [...new Set([cveOf(), ...(r() < 0.2 ? [cveOf()] : [])])] : [];
    return { cves, p: w.productOf.get(cves[0] ?? '') ?? pick(r, PRODUCTS), publishedAt: NOW - r() * 60 * MINUTE };
  });
  const articleIds = storeStories(db, r, stories, NOW - 5 * MINUTE);
  const candidates = new Set([...stories.flatMap((s) => s.cves), ...recent, ...added]).size;
  return { since: NOW - 10 * MINUTE, articleIds, freshIds: [...recent, ...old], candidates };
}

interface ChildResult {
  card: { p50: number; p99: number; max: number; lookups: number; unknown: number; messages: number };
  cycle: {
    runs: number[];
    coldRuns: number[];
    warmRuns: number[];
    queued: number;
    alerts: Record<string, number>;
    crossed: Record<string, number>;
  };
  typical: { runs: number[]; hits: number };
  maxRssMb: number;
}

const ms = (n: number) => Math.round(n * 100) / 100;
const median = (runs: number[]) => ms([...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!);

function figures(c: ChildResult, cycle: Cycle): Record<string, number | string> {
  const runs = [...c.cycle.runs].sort((a, b) => a - b);
  const coldRuns = [...c.cycle.coldRuns].sort((a, b) => a - b);
  return {
    cve_card_lookups: c.card.lookups,
    cve_card_unknown: c.card.unknown,
    cve_card_messages: c.card.messages,
    cve_card_p50_ms: ms(c.card.p50),
    cve_card_p99_ms: ms(c.card.p99),
    cve_card_max_ms: ms(c.card.max),
    cve_watch_match_watches: 1_000,
    cve_watch_match_articles: cycle.articleIds.length,
    cve_watch_match_candidates: cycle.candidates,
    cve_watch_epss_crossed: Object.entries(c.cycle.crossed)
      .map(([t, n]) => `>=${t} ${n}`)
      .join(', '),
    cve_watch_hits_product: c.cycle.alerts.product ?? 0,
    cve_watch_hits_kev: c.cycle.alerts.kev ?? 0,
    cve_watch_hits_epss_jump: c.cycle.alerts['epss-jump'] ?? 0,
    cve_watch_alerts_queued: c.cycle.queued,
    cve_watch_match_runs: runs.length,
    cve_watch_match_ms: median(c.cycle.warmRuns),
    cve_watch_match_all_ms: c.cycle.warmRuns.map(ms).join(' '),
    cve_watch_match_cold_first_ms: ms(c.cycle.coldRuns[0]!),
    cve_watch_match_cold_max_ms: ms(coldRuns[coldRuns.length - 1]!),
    cve_watch_match_cold_ms: median(coldRuns),
    cve_watch_match_cold_all_ms: c.cycle.coldRuns.map(ms).join(' '),
    cve_watch_match_typical_ms: median(c.typical.runs),
    cve_watch_match_typical_hits: c.typical.hits,
    cve_watch_cycle_first_ms: ms(c.cycle.runs[0]!),
    cve_watch_cycle_ms: median(runs),
    cve_bench_peak_rss_mb: c.maxRssMb,
  };
}

export async function cveBench(): Promise<Record<string, number | string>> {
  const started = performance.now();
  const t = tempDb(NOW - 90 * DAY);
  const r = rng(1111);
  const w = storeRecords(t.db, r, epssUniverse(300_000), 40_000, 1_500);
  importEpss(t.db, r, w.universe);
  replaceKev(t.db, w.kev, { etag: null, lastModified: null, now: NOW - DAY });
  storeArchive(t.db, r, w);
  addChats(t.db, r, 300, 1_000);
  const cycle = prepareCycle(t.db, r, w);
  const count = (sql: string) => t.db.prepare(sql).pluck().get() as number;
  const world = {
    cve_bench_epss_rows: count('SELECT count(*) FROM epss'),
    cve_bench_records: count("SELECT count(*) FROM cve_records WHERE status = 'ok'"),
    cve_bench_kev_entries: count('SELECT count(*) FROM kev'),
    cve_bench_articles: count('SELECT count(*) FROM articles'),
    cve_bench_setup_s: Math.round((performance.now() - started) / 100) / 10,
  };
  t.db.close();
  const planPath = join(t.dir, 'plan.json');
  const plan = { now: NOW, ...cycle, warmup: lookups(r, w, 300, 20_000), lookups: lookups(r, w, 3_000, 30_000) };
  writeFileSync(planPath, JSON.stringify(plan));
  try {
    const c = await runCompiledChild<ChildResult>('cve-child.mjs', [t.path, planPath]);
    if (c.cycle.queued <= 0) throw new Error('the watch cycle queued no messages');
    return { ...world, ...figures(c, cycle) };
  } finally {
    t.cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--no-build')) spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const r = await cveBench();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
}
