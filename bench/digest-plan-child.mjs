// Child process: planDueDigests over a database bench/digest-plan.ts prepared, on the compiled
// build with the production heap flags. Prints one JSON line.
// Usage: node [heap flags] bench/digest-plan-child.mjs <db path> <now ms>
import pino from 'pino';
import { planDueDigests } from '../dist/notify/digests.js';
import { openDatabase } from '../dist/store/db.js';
import { peakRssMb } from './peak-rss.mjs';

const [dbPath, nowArg] = process.argv.slice(2);
if (!dbPath || !nowArg) throw new Error('usage: digest-plan-child.mjs <db path> <now ms>');
const now = Number(nowArg);
const db = openDatabase(dbPath);
const started = process.hrtime.bigint();
const r = await planDueDigests({ db, clock: () => now, log: pino({ level: 'silent' }), topN: 15 });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const messages = db.prepare("SELECT count(*) FROM outbox WHERE kind = 'digest'").pluck().get();
db.close();
const maxRssMb = peakRssMb();
console.log(JSON.stringify({ planned: r.planned + r.skipped, seconds, messages, maxRssMb }));
