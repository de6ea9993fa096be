// Fan-out: N messages to N chats through the fake Bot API, which enforces Telegram's limits (30/s
// overall, ~1/s per chat, 1000/s for paid broadcasts) and answers each call after a round trip
// (0, 120 or 300 ms, ±20%). The sender runs as the product does, compiled, in its own process
// (bench/sender-child.mjs); this process is Telegram. Prints msgs/s, flood-limit violations
// (429s the fake had to give), lost messages and, for the paid run, the sender's peak RSS.
import { spawnSync } from 'node:child_process';
import { ensureChat } from '../src/store/chats.js';
import { enqueue } from '../src/store/outbox.js';
import { DEFAULT_PACING, type PacerOptions } from '../src/telegram/pacer.js';
import { FAKE_TOKEN, FakeBotApi } from '../test/helpers/fake-bot-api.js';
import { tempDb } from '../test/helpers/fixtures.js';
import { ROOT, runCompiledChild } from './production.js';

interface Run {
  messages: number;
  latencyMs: number;
  pacing: PacerOptions;
  concurrency: number;
}

interface Child {
  seconds: number;
  peakInFlight: number;
  paidSent: number;
  maxRssMb: number;
}

function fill(messages: number): ReturnType<typeof tempDb> {
  const t = tempDb();
  const now = Date.now();
  t.db.transaction(() => {
    for (let i = 1; i <= messages; i++) {
      ensureChat(t.db, { id: i, type: 'private', title: `u${i}` }, { timezone: 'UTC', digestTime: '09:00' }, now);
    }
  })();
  const rows = Array.from({ length: messages }, (_, i) => ({
    chatId: i + 1,
    kind: 'digest' as const,
    method: 'sendMessage' as const,
    payload: { text: `digest ${i + 1}` },
    priority: 2,
  }));
  enqueue(t.db, rows, now);
  return t;
}

function sendAll(dbPath: string, apiRoot: string, run: Run): Promise<Child> {
  const pacing = JSON.stringify(run.pacing);
  return runCompiledChild<Child>('sender-child.mjs', [dbPath, apiRoot, FAKE_TOKEN, pacing, String(run.concurrency)]);
}

/** Messages per second between the 10% and the last accepted call: the rate once the window is open. */
function sustained(acceptedAt: number[]): number {
  const from = acceptedAt[Math.floor(acceptedAt.length / 10)]!;
  const n = acceptedAt.length - Math.floor(acceptedAt.length / 10);
  return (n - 1) / ((acceptedAt.at(-1)! - from) / 1000);
}

export async function fanout(run: Run) {
  const api = await new FakeBotApi({ enforceLimits: true, latencyMs: run.latencyMs }).start();
  const t = fill(run.messages);
  try {
    const child = await sendAll(t.path, api.apiRoot, run);
    const accepted = api.sent();
    const delivered = new Set(accepted.map((c) => c.payload.chat_id)).size;
    return {
      rate: Math.round((delivered / child.seconds) * 10) / 10,
      sustained: Math.round(sustained(accepted.map((c) => c.at)) * 10) / 10,
      violations: api.violations,
      lost: run.messages - delivered,
      paid: api.paidSent,
      peakInFlight: child.peakInFlight,
      maxRssMb: child.maxRssMb,
    };
  } finally {
    await api.close();
    t.cleanup();
  }
}

const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export async function fanoutFigures(): Promise<Record<string, number>> {
  const free = (latencyMs: number, messages: number) =>
    fanout({ messages, latencyMs, pacing: DEFAULT_PACING, concurrency: 16 });
  const r0 = await free(0, count('BENCH_FANOUT_MESSAGES', 10_000));
  const r120 = await free(120, count('BENCH_FANOUT_LATENCY_MESSAGES', 3_000));
  const r300 = await free(300, count('BENCH_FANOUT_LATENCY_MESSAGES', 3_000));
  const paid = await fanout({
    messages: count('BENCH_PAID_MESSAGES', 100_000),
    latencyMs: 100,
    pacing: { ...DEFAULT_PACING, paidPerSecond: 1000 },
    concurrency: 400,
  });
  return {
    fanout_0ms_msgs_per_s: r0.rate,
    fanout_120ms_msgs_per_s: r120.rate,
    fanout_300ms_msgs_per_s: r300.rate,
    fanout_120ms_peak_in_flight: r120.peakInFlight,
    fanout_300ms_peak_in_flight: r300.peakInFlight,
    fanout_violations: r0.violations + r120.violations + r300.violations,
    fanout_lost: r0.lost + r120.lost + r300.lost,
    paid_broadcast_msgs_per_s: paid.sustained,
    paid_broadcast_paid_messages: paid.paid,
    paid_broadcast_violations: paid.violations,
    paid_broadcast_lost: paid.lost,
    paid_broadcast_peak_in_flight: paid.peakInFlight,
    paid_broadcast_peak_rss_mb: paid.maxRssMb,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!process.argv.includes('--no-build')) spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const r = await fanoutFigures();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
}
