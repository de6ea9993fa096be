// Child process: builds the 1M-article search archive through the production schema
// (migrate) and the production write path (storeBatch), so the FTS rows are exactly what
// ingest would have written. Articles arrive in publication order, grouped by feed, as a
// long-running instance would have stored them.
// Usage: build.ts <db path> <articles>; prints one JSON line.
import type { NormalizedItem } from '../src/news/article.js';
import { storeBatch } from '../src/store/articles.js';
import { migrate, openDatabase } from '../src/store/db.js';
import { listFeeds, upsertFeeds } from '../src/store/feeds.js';
import { Rng } from './corpus.js';
import { ARCHIVE_END, ARCHIVE_FEEDS, archiveArticle, archiveFeed } from './synth.js';

const [dbPath, totalArg] = process.argv.slice(2);
if (!dbPath || !totalArg) throw new Error('usage: build.ts <db path> <articles>');
const total = Number(totalArg);
const CHUNK = 4_000;

const db = openDatabase(dbPath);
migrate(db, ARCHIVE_END);
const feeds = Array.from({ length: ARCHIVE_FEEDS }, (_, n) => archiveFeed(n));
upsertFeeds(
  db,
  feeds.map((f) => ({ url: f.url, title: f.title, language: f.lang })),
  'file',
  ARCHIVE_END,
);
const feedIds = new Map(listFeeds(db).map((f) => [f.url, f.id]));

/**
 * A chunk is a few days of the archive; each feed's share of it is stored with one storeBatch
 * call (one transaction), as an ingest cycle stores one fetch per feed. (Nesting the calls in
 * one outer transaction would not help: FTS5 flushes its pending terms at every savepoint.)
 */
function storeChunk(chunk: Array<{ feedId: number; item: NormalizedItem }>): void {
  const byFeed = new Map<number, NormalizedItem[]>();
  for (const { feedId, item } of chunk) (byFeed.get(feedId) ?? byFeed.set(feedId, []).get(feedId)!).push(item);
  for (const [feedId, items] of byFeed) storeBatch(db, feedId, items, items[items.length - 1]!.publishedAt);
}

const rng = new Rng(20250701);
const started = process.hrtime.bigint();
for (let start = 0; start < total; start += CHUNK) {
  const chunk: Array<{ feedId: number; item: NormalizedItem }> = [];
  for (let i = start; i < Math.min(total, start + CHUNK); i++) {
    const { feed, item } = archiveArticle(rng, i, total);
    chunk.push({ feedId: feedIds.get(feeds[feed]!.url)!, item });
  }
  storeChunk(chunk);
  if ((start / CHUNK) % 25 === 24) process.stderr.write(`  built ${start + CHUNK} articles\n`);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
console.log(JSON.stringify({ articles: total, seconds }));
