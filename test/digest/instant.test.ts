// Instant mode: each new story once; a follow-up source of the same story is not sent again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { queueInstantStories } from '../../src/digest/instant.js';
import { ensureChat, subscribeChat, updateChatSettings } from '../../src/store/chats.js';
import { saveAnalysis } from '../../src/store/stories.js';
import { storeBatch } from '../../src/store/articles.js';
import { tempDb } from '../helpers/fixtures.js';
import { addStories, item } from '../helpers/stories.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

test('instant chats get each new story once; digest-only chats get nothing; follow-ups are not re-sent', async () => {
  const t = tempDb();
  const now = Date.UTC(2025, 2, 10, 12);
  const deps = { db: t.db, clock: () => now, log: pino({ level: 'silent' }), topN: 15 };
  for (const [id, mode] of [[1, 'instant'], [2, 'both'], [3, 'digest']] as const) {
    ensureChat(t.db, { id, type: 'private', title: `c${id}` }, { timezone: 'UTC', digestTime: '09:00' }, now - 86_400_000);
    subscribeChat(t.db, id, null, now - 86_400_000);
    updateChatSettings(t.db, id, { delivery_mode: mode }, now);
  }
  const [casio, ivanti] = addStories(t.db, [
    [{ feed: 'The Record', title: 'Casio confirms <ransomware> attack', topic: 'ransomware', publishedAt: now - 3_600_000 }],
    [{ feed: 'SecurityWeek', title: 'Ivanti patches exploited flaw', topic: 'vuln', publishedAt: now - 1_800_000 }],
  ], now);
  assert.equal(await queueInstantStories(deps, [casio!, ivanti!]), 2, 'one message each for chats 1 and 2');
  const rows = () => t.db.prepare("SELECT chat_id, payload FROM outbox WHERE kind = 'alert' ORDER BY id").all() as Array<{ chat_id: number; payload: string }>;
  assert.deepEqual(rows().map((r) => r.chat_id), [1, 2]);
  const text = JSON.parse(rows()[0]!.payload).text as string;
  parseTelegramHtml(text);
  assert.match(text, /^⚡ <b>New stories<\/b>/);
  assert.match(text, /Casio confirms &lt;ransomware&gt; attack/);
  assert.match(text, /Ivanti patches exploited flaw/);

  // A second outlet reports Casio: it joins the existing story, which is not new and not re-sent.
  const feedId = t.db.prepare("SELECT id FROM feeds WHERE title = 'The Record'").pluck().get() as number;
  const [followUp] = storeBatch(t.db, feedId, [item({ feed: 'The Record', title: 'Casio ransomware: more details', publishedAt: now })], now).insertedIds;
  saveAnalysis(t.db, [{ id: followUp!, topics: ['ransomware'], story: casio! }], now);
  assert.equal(await queueInstantStories(deps, [casio!]), 0);
  assert.equal(rows().length, 2);
  t.cleanup();
});
