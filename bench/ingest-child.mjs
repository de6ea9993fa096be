// Child process: the ingest figure, run the way `npm start` runs the product — compiled
// JavaScript from dist/ with the node heap flags of package.json's "start" — so peak_rss_mb is
// what a server sees. Reads feed files from disk and runs the production
// pipeline (decodeFeedBytes → parseFeedText → normalizeFeed → storeBatch) into a fresh, migrated
// SQLite file. Plain JavaScript because Node 20 cannot run TypeScript without a loader, and
// the loader alone costs ~30 MB of RSS.
// Usage: node [heap flags] bench/ingest-child.mjs <feeds.json> <db path>; prints one JSON line.
import { readFileSync } from 'node:fs';
import { decodeFeedBytes } from '../dist/feeds/decode.js';
import { normalizeFeed } from '../dist/feeds/normalize.js';
import { parseFeedText } from '../dist/feeds/parse.js';
import { storeBatch } from '../dist/store/articles.js';
import { migrate, openDatabase } from '../dist/store/db.js';
import { listFeeds, upsertFeeds } from '../dist/store/feeds.js';
import { peakRssMb } from './peak-rss.mjs';

const [listPath, dbPath] = process.argv.slice(2);
if (!listPath || !dbPath) throw new Error('usage: ingest-child.mjs <feeds.json> <db path>');
const files = JSON.parse(readFileSync(listPath, 'utf8'));
const now = Date.now();

const db = openDatabase(dbPath);
migrate(db, now);
upsertFeeds(
  db,
  files.map((f) => ({ url: f.url, title: f.name })),
  'file',
  now,
);
const idByUrl = new Map(listFeeds(db).map((f) => [f.url, f.id]));

const mb = (bytes) => Math.round(bytes / 1048576);
// RSS before the first feed: node, the modules and an open database.
const startRssMb = mb(process.memoryUsage.rss());

let items = 0;
let inserted = 0;
const started = process.hrtime.bigint();
for (const file of files) {
  const bytes = readFileSync(file.path);
  const decoded = decodeFeedBytes(bytes, null);
  const raw = await parseFeedText(decoded.text);
  const normalized = normalizeFeed(raw, { finalUrl: file.url, now });
  inserted += storeBatch(db, idByUrl.get(file.url), normalized, now).inserted;
  items += normalized.length;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
db.close();

// The kernel's high-water mark for this process (VmHWM): nothing between samples is missed.
console.log(JSON.stringify({ items, inserted, seconds, startRssMb, maxRssMb: peakRssMb() }));
