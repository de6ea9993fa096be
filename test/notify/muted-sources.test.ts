// A chat's muted sources on a real SQLite file: keyword alerts and instant stories leave their
// articles out for that chat only; a story that also has another source is sent from it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import pino from 'pino';
import { queueInstantStories } from '../../src/notify/instant.js';
import { queueWatchAlerts } from '../../src/notify/watch-alerts.js';
import { addWatch, ensureChat, subscribeChat, updateChatSettings } from '../../src/store/chats.js';
import { listFeeds } from '../../src/store/feeds.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';
import { addStories } from '../helpers/stories.js';

const NOW = Date.UTC(2026, 10, 30, 12);
const HOUR = 3_600_000;
const log = pino({ level: 'silent' });
let t: TempDb;

const sent = (chatId: number) =>
  (t.db.prepare('SELECT payload FROM outbox WHERE chat_id = ? ORDER BY id').pluck().all(chatId) as string[])
    .map((p) => String((JSON.parse(p) as { text: string }).text))
    .join('\n');

function chat(id: number, mode: 'digest' | 'instant', muted = ''): void {
  ensureChat(t.db, { id, type: 'private', title: `c${id}` }, { timezone: 'UTC', digestTime: '09:00' }, NOW - 2 * HOUR);
  subscribeChat(t.db, id, null, NOW - 2 * HOUR);
  updateChatSettings(t.db, id, { delivery_mode: mode, muted_feeds: muted }, NOW);
}

beforeEach(() => (t = tempDb(NOW)));
afterEach(() => t.cleanup());

test('keyword alerts and instant stories skip a muted source for that chat only', async () => {
  const stories = addStories(
    t.db,
    [
      [{ feed: 'Vendor Blog', title: 'Casio ransomware: our take', publishedAt: NOW - HOUR }],
      [
        { feed: 'The Record', title: 'Casio confirms ransomware attack', publishedAt: NOW - HOUR },
        { feed: 'Vendor Blog', title: 'Casio attack explained', publishedAt: NOW - HOUR / 2 },
      ],
    ],
    NOW,
  );
  const vendor = listFeeds(t.db).find((f) => f.title === 'Vendor Blog')!.id;
  chat(1, 'digest', String(vendor));
  chat(2, 'digest');
  chat(3, 'instant', String(vendor));
  for (const id of [1, 2]) addWatch(t.db, id, 'casio', NOW - 2 * HOUR);
  const articleIds = t.db.prepare('SELECT id FROM articles').pluck().all() as number[];
  queueWatchAlerts({ db: t.db, clock: () => NOW, log }, articleIds);
  assert.match(sent(1), /Casio confirms ransomware attack/);
  assert.doesNotMatch(sent(1), /our take|explained/);
  assert.match(sent(2), /our take/);
  await queueInstantStories({ db: t.db, clock: () => NOW, log, topN: 15 }, stories);
  assert.match(sent(3), /Casio confirms ransomware attack/);
  assert.doesNotMatch(sent(3), /our take|Vendor Blog/);
});
