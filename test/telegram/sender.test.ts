// The Sender against a fake Bot API through telegraf's real HTTP client.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import pino from 'pino';
import { Telegram } from 'telegraf';
import { ensureChat, getChat } from '../../src/store/chats.js';
import { enqueue } from '../../src/store/outbox.js';
import { Sender } from '../../src/telegram/sender.js';
import { FAKE_TOKEN, FakeBotApi } from '../helpers/fake-bot-api.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';
import { VirtualTime } from '../helpers/virtual-time.js';

let api: FakeBotApi;
let t: TempDb;
let sender: Sender;
const logLines: string[] = [];

/** Virtual times at which Telegram answered, per chat (with virtual time only). */
const answeredAt = new Map<number, number[]>();

const FAST = { globalPerSecond: 1000, privateIntervalMs: 0, groupIntervalMs: 0 };

function makeSender(pacing = FAST, time?: VirtualTime): Sender {
  const telegram = new Telegram(FAKE_TOKEN, { apiRoot: api.apiRoot });
  const log = pino({ level: 'info' }, { write: (s: string) => void logLines.push(s) });
  const transport = {
    call: (m: string, p: Record<string, unknown>) =>
      telegram.callApi(m as never, p as never).finally(() => {
        if (time) answeredAt.set(p.chat_id as number, [...(answeredAt.get(p.chat_id as number) ?? []), time.clock()]);
      }),
  };
  return new Sender({ db: t.db, transport, clock: time?.clock ?? Date.now, timers: time, log, pacing });
}

const chat = (id: number, type: 'private' | 'group' | 'supergroup' = 'private') =>
  ensureChat(t.db, { id, type, title: `c${id}` }, { timezone: 'UTC', digestTime: '09:00' }, Date.now());
const send = (chatId: number, text: string) =>
  enqueue(
    t.db,
    [{ chatId, kind: 'reply', method: 'sendMessage', payload: { text, parse_mode: 'HTML' } }],
    Date.now(),
  )[0]!;
const row = (id: number) =>
  t.db.prepare('SELECT status, chat_id, attempts, last_error FROM outbox WHERE id = ?').get(id) as {
    status: string;
    chat_id: number;
    attempts: number;
    last_error: string | null;
  };

async function until(cond: () => boolean, ms = 8000, step?: () => Promise<void>): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await step?.();
    await new Promise((r) => setTimeout(r, step ? 2 : 20));
  }
}

beforeEach(async () => {
  api = await new FakeBotApi().start();
  t = tempDb();
  logLines.length = 0;
});
afterEach(async () => {
  await sender?.stop();
  await api.close();
  t.cleanup();
});

test('messages are sent in order per chat and marked sent only after Telegram answers ok', async () => {
  chat(10);
  const ids = [send(10, 'one'), send(10, 'two'), send(10, 'three')];
  sender = makeSender();
  sender.start();
  await until(() => api.sent().length === 3);
  assert.deepEqual(
    api.sent().map((c) => c.payload.text),
    ['one', 'two', 'three'],
  );
  await until(() => ids.every((id) => row(id).status === 'sent'));
});

test('a 429 is obeyed to the millisecond for that chat only (retry_after 30 s and 2,000 s, virtual time)', async () => {
  for (const [limited, other, retryAfter] of [
    [11, 12, 30],
    [21, 22, 2_000],
  ] as const) {
    const vt = new VirtualTime(Date.now()),
      start = vt.clock();
    chat(limited);
    chat(other);
    api.inject(
      'sendMessage',
      {
        code: 429,
        description: `Too Many Requests: retry after ${retryAfter}`,
        parameters: { retry_after: retryAfter },
      },
      limited,
    );
    const rows = [limited, other].map((chatId) => ({
      chatId,
      kind: 'reply' as const,
      method: 'sendMessage' as const,
      payload: { text: `to ${chatId}` },
    }));
    const [a, b] = enqueue(t.db, rows, vt.clock());
    const callsTo = (id: number) => api.calls.filter((c) => c.payload.chat_id === id).length;
    sender = makeSender(undefined, vt);
    sender.start();
    // The global pace (1 ms a send here) needs time to move: a millisecond at a time until both were tried.
    await until(
      () => callsTo(limited) === 1 && row(b!).status === 'sent',
      8000,
      () => vt.advance(1),
    );
    const limitedAt = answeredAt.get(limited)![0]!,
      otherAt = answeredAt.get(other)![0]!;
    assert.ok(otherAt - start < 100, `the other chat waited ${otherAt - start} ms, not ${retryAfter} s`);
    assert.equal(row(a!).status, 'pending');
    // Nothing to that chat until retry_after has passed since the 429, to the millisecond; then at once.
    await vt.advance(limitedAt + retryAfter * 1000 - 1 - vt.clock());
    assert.equal(callsTo(limited), 1, `nothing to chat ${limited} before ${retryAfter} s`);
    await vt.advance(1);
    await until(() => row(a!).status === 'sent');
    assert.equal(answeredAt.get(limited)![1]! - limitedAt, retryAfter * 1000, 'sent the moment the wait ends');
    assert.equal(callsTo(limited), 2);
    assert.equal(row(a!).attempts, 1, 'a 429 does not count as a failed attempt');
    await sender.stop();
  }
});

test('a blocked user is deactivated, its pending rows cancelled, and never retried', async () => {
  chat(13);
  api.blocked.add(13);
  const ids = [send(13, 'a'), send(13, 'b')];
  sender = makeSender();
  sender.start();
  await until(() => getChat(t.db, 13)!.active === 0);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(api.calls.filter((c) => c.payload.chat_id === 13).length, 1, 'one attempt, no retries');
  assert.deepEqual(
    ids.map((id) => row(id).status),
    ['cancelled', 'cancelled'],
  );
  assert.match(getChat(t.db, 13)!.deactivated_reason!, /blocked by the user/);
});

test('a group upgraded to a supergroup moves the chat and the message is resent there', async () => {
  chat(-100, 'group');
  api.migrated.set(-100, -1009999);
  const id = send(-100, 'hello group');
  sender = makeSender();
  sender.start();
  await until(() => row(id).status === 'sent');
  assert.equal(row(id).chat_id, -1009999);
  assert.equal(getChat(t.db, -100), undefined);
  assert.equal(getChat(t.db, -1009999)!.type, 'supergroup');
  assert.deepEqual(
    api.sent().map((c) => c.payload.chat_id),
    [-1009999],
  );
});

test('5xx errors are retried with backoff; our own HTML bugs are dead-lettered with the payload logged', async () => {
  chat(14);
  chat(15);
  api.inject('sendMessage', { code: 502, description: 'Bad Gateway' }, 14);
  const flaky = send(14, 'after a 502');
  const broken = send(15, '<b>unclosed');
  sender = makeSender();
  sender.start();
  await until(() => row(broken).status === 'dead');
  assert.match(row(broken).last_error!, /can't parse entities/);
  assert.ok(
    logLines.some((l) => l.includes('dead-lettered') && l.includes('<b>unclosed')),
    'payload logged',
  );
  await until(() => row(flaky).status === 'sent', 5000);
  assert.equal(row(flaky).attempts, 2);
});

test('pending rows survive a restart of the sender', async () => {
  chat(16);
  const id = send(16, 'survivor');
  sender = makeSender();
  assert.equal(row(id).status, 'pending');
  sender.start();
  await until(() => row(id).status === 'sent');
  assert.equal(api.sent().length, 1);
});

test('per-chat pacing spaces messages to one private chat by about a second', async () => {
  chat(17);
  send(17, 'p1');
  send(17, 'p2');
  sender = makeSender({ globalPerSecond: 30, privateIntervalMs: 1000, groupIntervalMs: 3000 });
  sender.start();
  await until(() => api.sent().length === 2, 5000);
  const [a, b] = api.sent();
  assert.ok(b!.at - a!.at >= 950, `gap ${b!.at - a!.at} ms`);
});

test('the bot token never appears in logs', async () => {
  chat(18);
  api.inject('sendMessage', { code: 400, description: 'Bad Request: something odd' }, 18);
  send(18, 'x');
  sender = makeSender();
  sender.start();
  await until(() => logLines.some((l) => l.includes('dead-lettered')));
  assert.ok(logLines.every((l) => !l.includes(FAKE_TOKEN.split(':')[1]!)));
});
