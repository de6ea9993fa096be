// `npm run bench`: prints one `name: value` line per figure. Each phase runs in its own child
// process, so each figure covers only what its name says:
//   ingest_*, peak_rss_mb   bench/ingest-child.mjs: 40 generated feed files on local disk →
//                           decode → parse → normalise → storeBatch into a fresh SQLite file,
//                           run as `npm start` runs the product (compiled dist/ and the node
//                           heap flags from package.json). peak_rss_mb is that process's max RSS;
//                           ingest_start_rss_mb is the same process before the first feed.
//   fanout_*, paid_*        bench/fanout.ts: the compiled sender in its own process against the fake
//                           Bot API (30/s overall, ~1/s per chat, 1000/s paid) answering after 0, 120
//                           or 300 ms: 10,000 messages at 0 ms, 3,000 at 120 and 300 ms, and 100,000
//                           paid broadcasts at 100 ms (BENCH_FANOUT_MESSAGES, BENCH_FANOUT_LATENCY_MESSAGES,
//                           BENCH_PAID_MESSAGES). ~12 min.
//   digest_*, analyse_*     bench/digest.ts: one day of 2,000 articles analysed, then digests for
//                           10,000 chats; digest_peak_rss_mb is that process's max RSS.
//   epss_import_*           bench/epss.ts: 300,000 EPSS rows, gzipped, from 127.0.0.1 into SQLite by the
//                           compiled build (peak RSS of that process).
//   cve_card_*, cve_watch_* bench/cve.ts: 300,000 EPSS rows, 50,000 CVE records, 1,000 CVE watches; /cve
//                           answers from the cache (cve_card_p99_ms) and one watch cycle's matching and
//                           queueing (cve_watch_match_ms), on the compiled build. Alone:
//                           node --import tsx bench/cve.ts [--no-build].
//   chart_*                 bench/chart.ts: the weekly chart (7 days, 8 topics, a reference line) drawn to
//                           PNG by the compiled build: chart_render_ms (median of 20), chart_extra_rss_mb
//                           (peak RSS minus RSS before the renderer was loaded). Alone: node --import tsx
//                           bench/chart.ts [--no-build].
//   digest_plan_*           bench/digest-plan.ts: planDueDigests for 10,000 due chats on the compiled
//                           build with the production heap flags (what runs at a digest morning).
//   analyse_*               bench/analyse.ts: 6,000 real-text articles in the 72 h window (+2,000 older members
//                           of open stories), then 100 new ones: analyse_ms_per_article.
//   bench_db_build_s        bench/build.ts: the 1M-article archive through migrate + storeBatch,
//                           only when the cached file in os.tmpdir() is missing or stale.
//   search_*                bench/search.ts: parseQuery + searchArticles over that archive.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFeedFiles } from './feeds.js';
import { ARCHIVE_END } from './synth.js';
import { PRODUCTION_NODE_FLAGS, ROOT } from './production.js';

const FEEDS = 40;
const ITEMS_PER_FEED = 500;
const ARCHIVE_ARTICLES = 1_000_000;
const SEARCH_ROUNDS = 20;
const CACHE_PREFIX = 'secbrief-bench-1m-v1-';

const print = (name: string, value: string | number) => console.log(`${name}: ${value}`);
const note = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/**
 * Runs a phase in a child process and returns its JSON line, with the production heap flags.
 * TypeScript phases also get this process's flags (--import tsx); `.mjs` phases run on dist/.
 */
function phase<T>(script: string, args: string[]): T {
  const flags = script.endsWith('.mjs') ? PRODUCTION_NODE_FLAGS : [...process.execArgv, ...PRODUCTION_NODE_FLAGS];
  const res = spawnSync(process.execPath, [...flags, join(ROOT, 'bench', script), ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || !last.startsWith('{')) throw new Error(`${script} failed (exit ${res.status}): ${last}`);
  return JSON.parse(last) as T;
}

/**
 * The archive is rebuilt when anything that decides its rows changes: the schema, the write and
 * index code, or the generator. The key goes into the file name.
 */
function archiveKey(): string {
  const files = [
    ...readdirSync(join(ROOT, 'migrations'))
      .sort()
      .map((f) => join('migrations', f)),
    'src/store/articles.ts',
    'src/news/text.ts',
    'src/news/query.ts',
    'src/news/cve.ts',
    'bench/corpus.ts',
    'bench/synth.ts',
    'bench/build.ts',
  ];
  const hash = createHash('sha1').update(String(ARCHIVE_ARTICLES));
  for (const f of files) hash.update(f).update(readFileSync(join(ROOT, f)));
  return hash.digest('hex').slice(0, 12);
}

function ingest(): void {
  const dir = mkdtempSync(join(tmpdir(), 'secbrief-bench-ingest-'));
  try {
    note(`writing ${FEEDS} feed files × ${ITEMS_PER_FEED} items`);
    const files = writeFeedFiles(dir, FEEDS, ITEMS_PER_FEED, ARCHIVE_END);
    writeFileSync(join(dir, 'feeds.json'), JSON.stringify(files));
    note('building dist/ (npm run build), then ingest (child process)');
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
    const r = phase<{ items: number; inserted: number; seconds: number; maxRssMb: number; startRssMb: number }>(
      'ingest-child.mjs',
      [join(dir, 'feeds.json'), join(dir, 'ingest.db')],
    );
    print('ingest_feeds', files.length);
    print('ingest_items', r.items);
    print('ingest_inserted', r.inserted);
    print('ingest_s', round(r.seconds));
    print('ingest_items_per_s', Math.round(r.items / r.seconds));
    print('ingest_start_rss_mb', r.startRssMb);
    print('peak_rss_mb', r.maxRssMb);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Path of an up-to-date archive, building it (and dropping stale ones) when needed. */
function archive(): string {
  const path = join(tmpdir(), `${CACHE_PREFIX}${archiveKey()}.db`);
  if (existsSync(path)) {
    note(`reusing ${path}`);
    return path;
  }
  for (const f of readdirSync(tmpdir())) if (f.startsWith(CACHE_PREFIX)) rmSync(join(tmpdir(), f), { force: true });
  const partial = `${path}.partial`;
  note(`building ${ARCHIVE_ARTICLES} articles into ${path} (first run only, several minutes)`);
  const r = phase<{ seconds: number }>('build.ts', [partial, String(ARCHIVE_ARTICLES)]);
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  renameSync(partial, path);
  print('bench_db_build_s', Math.round(r.seconds));
  return path;
}

interface Latency {
  p50: number;
  p99: number;
  samples: number;
  withHits: number;
  slowQuery: string;
  slowMs: number;
}

function search(path: string): void {
  note('search (child process)');
  const r = phase<{ articles: number; queries: number; newest: Latency; relevance: Latency }>('search.ts', [
    path,
    String(SEARCH_ROUNDS),
  ]);
  print('search_db_articles', r.articles);
  print('search_queries', r.queries);
  print('search_queries_with_hits', r.newest.withHits);
  print('search_samples', r.newest.samples);
  print('search_p50_ms', round(r.newest.p50));
  print('search_p99_ms', round(r.newest.p99));
  print('search_slowest', `${JSON.stringify(r.newest.slowQuery)} ${round(r.newest.slowMs)} ms`);
  print('search_rank_samples', r.relevance.samples);
  print('search_rank_p50_ms', round(r.relevance.p50));
  print('search_rank_p99_ms', round(r.relevance.p99));
  print('search_rank_slowest', `${JSON.stringify(r.relevance.slowQuery)} ${round(r.relevance.slowMs)} ms`);
}

function printAll(r: Record<string, number | string>): void {
  for (const [k, v] of Object.entries(r)) print(k, v);
}

ingest();
search(archive());
note('digests for 10,000 chats (child process)');
printAll(phase<Record<string, number>>('digest.ts', ['--json']));
note('EPSS import of 300,000 rows, compiled (child process)');
printAll(phase<Record<string, number>>('epss.ts', ['--json']));
note('CVE cards and one CVE-watch cycle over 300,000 EPSS rows and 50,000 records, compiled (child process)');
printAll(phase<Record<string, number | string>>('cve.ts', ['--json', '--no-build']));
note('one weekly chart to PNG, compiled (child process)');
printAll(phase<Record<string, number>>('chart.ts', ['--json', '--no-build']));
note('digest planning for 10,000 chats, compiled (child process)');
printAll(phase<Record<string, number>>('digest-plan.ts', ['--json', '--no-build']));
try {
  printAll(phase<Record<string, number>>('analyse.ts', ['--json']));
} catch (err) {
  note(`analyse bench skipped: ${(err as Error).message}`);
}
note('fan-out at 0, 120 and 300 ms a call, then 100,000 paid broadcasts (child processes, ~12 min)');
printAll(phase<Record<string, number>>('fanout.ts', ['--json', '--no-build']));
