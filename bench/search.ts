// Child process: search latency over the cached 1M-article archive. Every sample is one
// user query end to end: parseQuery (user text → FTS5 expression) + searchArticles (FTS
// walk + row fetch), 10 hits, as /search shows them.
// Usage: search.ts <db path> <rounds>; prints one JSON line (BENCH_VERBOSE=1: each query's worst time on stderr).
import { parseQuery } from '../src/news/query.js';
import { openDatabase } from '../src/store/db.js';
import { searchArticles, type SearchOptions } from '../src/store/search.js';
import { QUERIES } from './queries.js';
import { ARCHIVE_END } from './synth.js';

const [dbPath, roundsArg] = process.argv.slice(2);
if (!dbPath) throw new Error('usage: search.ts <db path> <rounds>');
const rounds = Number(roundsArg ?? 20);
const db = openDatabase(dbPath);

function runOnce(query: string, order: SearchOptions['order']): { ms: number; hits: number } {
  const t = process.hrtime.bigint();
  const hits = searchArticles(db, parseQuery(query, ARCHIVE_END), { limit: 10, order }).length;
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, hits };
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

function measure(order: SearchOptions['order']) {
  const samples: number[] = [];
  const worst = new Map<string, number>();
  let withHits = 0;
  for (const q of QUERIES) if (runOnce(q, order).hits > 0) withHits++; // warm-up: page cache, statements
  for (let r = 0; r < rounds; r++) {
    for (const q of QUERIES) {
      const { ms } = runOnce(q, order);
      samples.push(ms);
      worst.set(q, Math.max(worst.get(q) ?? 0, ms));
    }
  }
  samples.sort((a, b) => a - b);
  if (process.env.BENCH_VERBOSE)
    for (const [q, ms] of worst) process.stderr.write(`  ${order} ${ms.toFixed(2).padStart(8)} ms  ${q}\n`);
  const [slowQuery, slowMs] = [...worst].sort((a, b) => b[1] - a[1])[0]!;
  return {
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
    samples: samples.length,
    withHits,
    slowQuery,
    slowMs,
  };
}

const articles = db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
const newest = measure('newest');
const relevance = measure('relevance');
db.close();
console.log(JSON.stringify({ articles, queries: QUERIES.length, newest, relevance }));
