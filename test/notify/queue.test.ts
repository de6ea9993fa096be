// The one outbox helper: priority by kind, quiet hours for notifications only, thread ids kept.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { KIND_PRIORITY, queueMessages, recipientOf, type Recipient } from '../../src/notify/queue.js';
import { ensureChat, getChat, subscribeChat, updateChatSettings } from '../../src/store/chats.js';
import type { OutboxKind } from '../../src/store/outbox.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';

// 23:30 in Shanghai (15:30Z); quiet hours 23:00–07:00 there end at 23:00Z.
const NOW = Date.parse('2025-03-10T15:30:00Z');
const QUIET_END = Date.parse('2025-03-10T23:00:00Z');
let t: TempDb;

interface Row {
  chat_id: number;
  kind: string;
  priority: number;
  not_before: number;
  payload: string;
}
const rows = () =>
  t.db.prepare('SELECT chat_id, kind, priority, not_before, payload FROM outbox ORDER BY id').all() as Row[];

function quietChat(): Recipient {
  ensureChat(
    t.db,
    { id: 7, type: 'supergroup', title: 'team' },
    { timezone: 'Asia/Shanghai', digestTime: '09:00' },
    NOW,
  );
  subscribeChat(t.db, 7, 42, NOW);
  updateChatSettings(t.db, 7, { quiet_start: '23:00', quiet_end: '07:00' }, NOW);
  return recipientOf(getChat(t.db, 7)!);
}

beforeEach(() => (t = tempDb()));
afterEach(() => t.cleanup());

test('quiet hours delay alerts, notices and digests to the end of the window, never a reply', () => {
  const to = quietChat();
  for (const kind of ['alert', 'notice', 'digest', 'reply'] as OutboxKind[])
    queueMessages(t.db, to, [`<b>${kind}</b>`], kind, NOW);
  const byKind = new Map(rows().map((r) => [r.kind, r]));
  assert.equal(byKind.get('alert')!.not_before, QUIET_END);
  assert.equal(byKind.get('notice')!.not_before, QUIET_END);
  assert.equal(byKind.get('digest')!.not_before, QUIET_END);
  assert.equal(byKind.get('reply')!.not_before, 0);
});

test('the kind sets the priority: replies first, digests last', () => {
  const to = quietChat();
  for (const kind of ['digest', 'alert', 'reply'] as OutboxKind[]) queueMessages(t.db, to, ['x'], kind, NOW);
  assert.deepEqual(
    rows().map((r) => [r.kind, r.priority]),
    [
      ['digest', 2],
      ['alert', 1],
      ['reply', 0],
    ],
  );
  assert.ok(KIND_PRIORITY.reply < KIND_PRIORITY.alert && KIND_PRIORITY.alert < KIND_PRIORITY.digest);
});

test('messages keep their order, the forum thread and a keyboard; a destination without settings is not delayed', () => {
  const to = quietChat();
  const ids = queueMessages(
    t.db,
    to,
    ['part 1', { html: 'part 2', keyboard: [[{ text: 'More', callbackData: 's:1:5' }]] }],
    'alert',
    NOW,
  );
  assert.equal(ids.length, 2);
  assert.ok(ids[0]! < ids[1]!);
  const [first, second] = rows().map((r) => JSON.parse(r.payload) as Record<string, unknown>);
  assert.equal(first!.text, 'part 1');
  assert.equal(first!.message_thread_id, 42);
  assert.equal(first!.parse_mode, 'HTML');
  assert.deepEqual(second!.reply_markup, { inline_keyboard: [[{ text: 'More', callback_data: 's:1:5' }]] });
  queueMessages(t.db, { chatId: 99, threadId: null }, ['admin notice'], 'notice', NOW);
  const admin = rows().at(-1)!;
  assert.equal(admin.chat_id, 99);
  assert.equal(admin.not_before, 0);
  assert.equal(JSON.parse(admin.payload).message_thread_id, undefined);
});

test('nothing to queue writes nothing', () => {
  assert.deepEqual(queueMessages(t.db, quietChat(), [], 'digest', NOW), []);
  assert.equal(rows().length, 0);
});
