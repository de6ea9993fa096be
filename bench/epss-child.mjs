// Child process: refreshEpss from the parent's loopback server on the compiled build with the
// production heap flags. Prints one JSON line: rows, seconds and this process's peak RSS.
// Usage: node [heap flags] bench/epss-child.mjs <db path> <url>
import pino from 'pino';
import { refreshEpss } from '../dist/feeds/epss.js';
import { migrate, openDatabase } from '../dist/store/db.js';
import { peakRssMb } from './peak-rss.mjs';

const [dbPath, url] = process.argv.slice(2);
if (!dbPath || !url) throw new Error('usage: epss-child.mjs <db path> <url>');
const db = openDatabase(dbPath);
migrate(db, Date.now());
const log = pino({ level: 'warn' }, pino.destination(2));
const started = process.hrtime.bigint();
const rows = await refreshEpss(
  { db, clock: Date.now, log, url, fetch: { timeoutMs: 60_000, maxBytes: 32_000_000 } },
  true,
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
db.close();
console.log(JSON.stringify({ rows, seconds, maxRssMb: peakRssMb() }));
