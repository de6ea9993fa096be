// Child process: the sender as `npm start` runs it — compiled dist/, the heap flags of package.json's
// "start", telegraf's HTTP client — draining an outbox the parent filled, to the parent's fake Bot
// API. Prints one JSON line: seconds until the outbox was empty, and this process's peak RSS.
// Usage: node [heap flags] bench/sender-child.mjs <db path> <apiRoot> <token> <pacing JSON> <concurrency>
import { Agent } from 'node:http';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { openDatabase } from '../dist/store/db.js';
import { pendingCount } from '../dist/store/outbox.js';
import { Sender } from '../dist/telegram/sender.js';
import { peakRssMb } from './peak-rss.mjs';

const [dbPath, apiRoot, token, pacingJson, concurrency] = process.argv.slice(2);
if (!dbPath || !apiRoot || !token || !pacingJson)
  throw new Error('usage: sender-child.mjs <db> <apiRoot> <token> <pacing> <n>');
const db = openDatabase(dbPath);
// Keep-alive, as telegraf's default agent is for https://api.telegram.org.
const telegram = new Telegram(token, { apiRoot, agent: new Agent({ keepAlive: true }) });
const sender = new Sender({
  db,
  transport: { call: (method, payload) => telegram.callApi(method, payload) },
  clock: Date.now,
  log: pino({ level: 'warn' }, pino.destination(2)),
  pacing: JSON.parse(pacingJson),
  concurrency: Number(concurrency),
});
const started = process.hrtime.bigint();
const elu0 = performance.eventLoopUtilization();
const cpu0 = process.cpuUsage();
sender.start();
while (pendingCount(db) > 0) await new Promise((r) => setTimeout(r, 100));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpu0);
const elu = performance.eventLoopUtilization(elu0).utilization;
await sender.stop();
db.close();
const mb = (bytes) => Math.round(bytes / 1048576);
console.log(
  JSON.stringify({
    seconds,
    cpuS: (cpu.user + cpu.system) / 1e6,
    elu,
    ...sender.deliveryStats(),
    stats: sender.stats,
    maxRssMb: peakRssMb(),
  }),
);
