// The sender at real-world latency, on virtual time: several sends in flight to different chats,
// never two to one chat, Telegram's pace kept, and 429s and 5xx storms answered as told.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import pino from 'pino';
import { ensureChat } from '../../src/store/chats.js';
import { enqueue, type OutboxKind } from '../../src/store/outbox.js';
import { DEFAULT_PACING, type PacerOptions } from '../../src/telegram/pacer.js';
import { retryBackoffMs, Sender } from '../../src/telegram/sender.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';
import { VirtualTelegram, type VirtualCall } from '../helpers/virtual-telegram.js';
import { VirtualTime } from '../helpers/virtual-time.js';

let t: TempDb;
let time: VirtualTime;
let sender: Sender | undefined;

beforeEach(() => {
  t = tempDb();
  time = new VirtualTime(Date.UTC(2026, 0, 5, 8));
});
afterEach(async () => {
  await sender?.stop(100);
  sender = undefined;
  t.cleanup();
});

function queue(chats: number, perChat: number, kind: OutboxKind = 'digest'): void {
  for (let c = 1; c <= chats; c++) {
    ensureChat(
      t.db,
      { id: c, type: 'private', title: `u${c}` },
      { timezone: 'UTC', digestTime: '09:00' },
      time.clock(),
    );
  }
  const rows = [];
  for (let k = 1; k <= perChat; k++) {
    for (let c = 1; c <= chats; c++)
      rows.push({ chatId: c, kind, method: 'sendMessage' as const, payload: { text: `${c}/${k}` } });
  }
  enqueue(t.db, rows, time.clock());
}

function start(api: VirtualTelegram, pacing: PacerOptions = DEFAULT_PACING, concurrency = 16): Sender {
  const log = pino({ level: 'silent' });
  sender = new Sender({ db: t.db, transport: api, clock: time.clock, timers: time, log, pacing, concurrency });
  sender.start();
  return sender;
}

async function runUntil(done: () => boolean, maxMs: number, stepMs = 10): Promise<number> {
  const from = time.clock();
  while (!done()) {
    if (time.clock() - from > maxMs) throw new Error(`not done after ${maxMs} ms of virtual time`);
    await time.advance(stepMs);
  }
  return time.clock() - from;
}

const pending = () => t.db.prepare("SELECT count(*) FROM outbox WHERE status = 'pending'").pluck().get() as number;
const byChat = (calls: VirtualCall[]) => {
  const m = new Map<number, VirtualCall[]>();
  for (const c of calls) m.set(c.chatId, [...(m.get(c.chatId) ?? []), c]);
  return m;
};

for (const [latencyMs, target] of [
  [120, 28],
  [300, 26],
] as const) {
  test(`at ${latencyMs} ms a call, 300 chats are served at ≥ ${target} msg/s with several sends in flight`, async () => {
    queue(300, 1);
    const api = new VirtualTelegram(time, { latencyMs });
    start(api);
    const took = await runUntil(() => pending() === 0, 60_000);
    const rate = 300 / (took / 1000);
    assert.ok(rate >= target, `${rate.toFixed(1)} msg/s`);
    assert.ok(api.peakInFlight > 1 && api.peakInFlight <= 16, `peak in flight ${api.peakInFlight}`);
    assert.equal(api.violations, 0);
    assert.equal(api.sent().length, 300);
  });
}

test('concurrency never breaks per-chat order or per-chat pacing', async () => {
  queue(12, 6);
  const api = new VirtualTelegram(time, { latencyMs: 250 });
  start(api);
  await runUntil(() => pending() === 0, 60_000);
  assert.equal(api.violations, 0);
  for (const [chatId, calls] of byChat(api.calls)) {
    assert.deepEqual(
      calls.map((c) => c.text),
      [1, 2, 3, 4, 5, 6].map((k) => `${chatId}/${k}`),
      `order in chat ${chatId}`,
    );
    for (let i = 1; i < calls.length; i++) {
      assert.ok(calls[i]!.startedAt >= calls[i - 1]!.answeredAt, `chat ${chatId}: two sends in flight at once`);
      assert.ok(calls[i]!.startedAt - calls[i - 1]!.startedAt >= 1000, `chat ${chatId}: paced under a second`);
    }
  }
  assert.ok(api.peakInFlight > 1, 'sends to different chats overlapped');
});

test('a 429 with retry_after 30 on one chat pauses that chat only', async () => {
  queue(40, 2);
  const api = new VirtualTelegram(time, { latencyMs: 120 });
  api.inject({ code: 429, description: 'Too Many Requests: retry after 30', retryAfter: 30 }, 7);
  start(api);
  const t0 = time.clock();
  await runUntil(() => api.sent().filter((c) => c.chatId !== 7).length === 78, 30_000);
  assert.ok(time.clock() - t0 < 10_000, 'the other 39 chats were not held up');
  assert.equal(api.calls.filter((c) => c.chatId === 7).length, 1, 'chat 7 waits');
  const limitedAt = api.calls.find((c) => c.chatId === 7)!.answeredAt;
  await runUntil(() => pending() === 0, 40_000);
  const retry = api.calls.filter((c) => c.chatId === 7)[1]!;
  assert.ok(retry.startedAt >= limitedAt + 30_000, `retried ${retry.startedAt - limitedAt} ms after the 429`);
  assert.ok(retry.startedAt < limitedAt + 30_100, 'retried as soon as the wait ended');
});

test('429s across many chats at once pause everything for the time Telegram asked', async () => {
  queue(60, 1);
  const api = new VirtualTelegram(time, { latencyMs: 120 });
  for (const chatId of [1, 2, 3, 4]) {
    api.inject({ code: 429, description: 'Too Many Requests: retry after 5', retryAfter: 5 }, chatId);
  }
  start(api);
  await runUntil(() => api.calls.filter((c) => c.error).length === 4, 5_000, 1);
  const lastLimit = Math.max(...api.calls.filter((c) => c.error).map((c) => c.answeredAt));
  const firstLimit = Math.min(...api.calls.filter((c) => c.error).map((c) => c.answeredAt));
  await runUntil(() => pending() === 0, 30_000);
  const during = api.calls.filter((c) => c.startedAt > lastLimit && c.startedAt < firstLimit + 5_000);
  assert.deepEqual(
    during.map((c) => c.chatId),
    [],
    'nothing was sent while the bot was told to wait',
  );
  assert.equal(api.sent().length, 60, 'and everything after');
});

test('a 5xx storm backs off, and everything is delivered once it passes', async () => {
  queue(5, 1);
  const api = new VirtualTelegram(time, { latencyMs: 100 });
  const stormEnds = time.clock() + 60_000;
  api.storm({ code: 502, description: 'Bad Gateway' }, stormEnds);
  start(api);
  await runUntil(() => time.clock() >= stormEnds, 61_000, 50);
  const attempts = api.calls.filter((c) => c.chatId === 1);
  // Backoff 2 s, 4 s, 8 s, 16 s, 32 s: about six tries in a minute, not one a second.
  assert.ok(attempts.length >= 4 && attempts.length <= 7, `${attempts.length} attempts in 60 s`);
  for (let i = 1; i < attempts.length; i++) {
    const gap = attempts[i]!.startedAt - attempts[i - 1]!.answeredAt;
    assert.ok(gap >= retryBackoffMs(i - 1) - 1, `attempt ${i + 1} came ${gap} ms after the failure`);
  }
  await runUntil(() => pending() === 0, 120_000, 50);
  assert.equal(api.sent().length, 5);
});

test('paid broadcasts: digests and alerts go at the paid rate with allow_paid_broadcast, replies do not', async () => {
  queue(2000, 1, 'digest');
  const api = new VirtualTelegram(time, { latencyMs: 100 });
  const s = start(api, { ...DEFAULT_PACING, paidPerSecond: 1000 }, 400);
  await runUntil(() => pending() === 0, 30_000, 5);
  // Sustained: after the window has opened up (it starts at 4 in flight and doubles each round trip).
  const starts = api.calls.map((c) => c.startedAt).slice(500);
  const rate = (starts.length - 1) / ((starts.at(-1)! - starts[0]!) / 1000);
  assert.ok(rate >= 900, `${rate.toFixed(0)} msg/s sustained`);
  assert.ok(
    api.calls.every((c) => c.paid),
    'every digest went as a paid broadcast',
  );
  assert.equal(api.violations, 0);
  assert.equal(s.paidSent, 2000);
  ensureChat(t.db, { id: 9999, type: 'private', title: 'r' }, { timezone: 'UTC', digestTime: '09:00' }, time.clock());
  enqueue(t.db, [{ chatId: 9999, kind: 'reply', method: 'sendMessage', payload: { text: 'answer' } }], time.clock());
  s.wake();
  await runUntil(() => pending() === 0, 5_000);
  assert.equal(api.calls.at(-1)!.paid, false, 'a reply is never a paid broadcast');
});

test('a failed commit of sent rows loses nothing: they stay pending and are sent again, loudly', async () => {
  queue(3, 1);
  const lines: string[] = [];
  const api = new VirtualTelegram(time, { latencyMs: 50 });
  t.db.exec(`CREATE TRIGGER refuse_sent BEFORE UPDATE OF status ON outbox WHEN new.status = 'sent'
    BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END`);
  const log = pino({ level: 'error' }, { write: (s: string) => void lines.push(s) });
  sender = new Sender({ db: t.db, transport: api, clock: time.clock, timers: time, log, pacing: DEFAULT_PACING });
  sender.start();
  const refused = () => lines.filter((l) => l.includes('could not record a sent message')).length;
  await runUntil(() => refused() === 3, 5_000);
  assert.equal(pending(), 3, 'nothing is marked sent that the database did not record');
  t.db.exec('DROP TRIGGER refuse_sent');
  await runUntil(() => pending() === 0, 10_000);
  assert.equal(api.sent().length, 6, 'each was sent again once the database took writes');
});

test('Telegram refusing a paid broadcast (no Stars) loses nothing: the rest go free, at the free pace', async () => {
  queue(40, 1, 'digest');
  const api = new VirtualTelegram(time, { latencyMs: 100 });
  api.inject({ code: 400, description: 'Bad Request: not enough Stars to pay for the paid broadcast' });
  const s = start(api, { ...DEFAULT_PACING, paidPerSecond: 1000 }, 400);
  await runUntil(() => pending() === 0, 30_000);
  const dead = t.db.prepare("SELECT count(*) FROM outbox WHERE status = 'dead'").pluck().get();
  assert.equal(dead, 0);
  assert.equal(new Set(api.sent().map((c) => c.chatId)).size, 40, 'every digest arrived');
  assert.ok(
    api.sent().some((c) => !c.paid),
    'after the refusal, sends went free',
  );
  assert.equal(api.violations, 0, 'and at the free pace');
  assert.match(s.deliveryStats().paidUnavailable ?? '', /not enough Stars/);
});
