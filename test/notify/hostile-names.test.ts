// Feed names and headlines are text, whatever they look like. A feed titled `A<b>&c "d"` and a
// headline that writes about <script> and quotes an entity must reach the chat as written, in
// HTML Telegram accepts: one unescaped "<" makes Telegram reject the whole message.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import pino from 'pino';
import { queueFeedHealthAlerts } from '../../src/notify/feed-health.js';
import { queueInstantStories } from '../../src/notify/instant.js';
import { queueWatchAlerts } from '../../src/notify/watch-alerts.js';
import { addWatch, ensureChat, subscribeChat, updateChatSettings } from '../../src/store/chats.js';
import type { Db } from '../../src/store/db.js';
import { listFeeds, recordFetchFailure } from '../../src/store/feeds.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';
import { addStories } from '../helpers/stories.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

const NOW = Date.UTC(2025, 2, 10, 12);
const HOUR = 3_600_000;
const FEED = 'A<b>&c "d"';
// The stored title is clean text: "&amp;" here is literally what the article says.
const TITLE = 'Exploit <script>alert(1)</script> hits AT&amp;T';
let t: TempDb;

const log = pino({ level: 'silent' });
const texts = (db: Db, kind: string) =>
  (db.prepare('SELECT payload FROM outbox WHERE kind = ? ORDER BY id').pluck().all(kind) as string[]).map((p) =>
    String((JSON.parse(p) as { text: string }).text),
  );

/** Valid Telegram HTML whose visible text shows the hostile strings exactly as written. */
function assertShownAsWritten(html: string, ...written: string[]): void {
  const visible = parseTelegramHtml(html);
  for (const w of written) assert.ok(visible.includes(w), `${JSON.stringify(w)} not shown in:\n${visible}`);
  assert.doesNotMatch(html, /<script|<b>&c/);
}

function chat(id: number, mode: 'digest' | 'instant'): void {
  ensureChat(t.db, { id, type: 'private', title: `c${id}` }, { timezone: 'UTC', digestTime: '09:00' }, NOW - 2 * HOUR);
  subscribeChat(t.db, id, null, NOW - 2 * HOUR);
  updateChatSettings(t.db, id, { delivery_mode: mode }, NOW);
}

beforeEach(() => (t = tempDb(NOW)));
afterEach(() => t.cleanup());

test('an instant story from a hostile feed, with a hostile second source', async () => {
  chat(1, 'instant');
  const [story] = addStories(
    t.db,
    [
      [
        { feed: FEED, title: TITLE, topic: 'vuln', publishedAt: NOW - HOUR },
        { feed: `${FEED} 2`, title: `${TITLE} (more)`, topic: 'vuln', publishedAt: NOW - HOUR / 2 },
      ],
    ],
    NOW,
  );
  assert.equal(await queueInstantStories({ db: t.db, clock: () => NOW, log, topN: 15 }, [story!]), 1);
  const [text] = texts(t.db, 'alert');
  assertShownAsWritten(text!, TITLE, FEED);
});

test('a watch alert for a hostile headline from a hostile feed', () => {
  chat(2, 'digest');
  addWatch(t.db, 2, 'script', NOW - HOUR);
  const ids = addStories(t.db, [[{ feed: FEED, title: TITLE, topic: 'vuln', publishedAt: NOW - HOUR }]], NOW);
  const articleIds = t.db.prepare('SELECT id FROM articles').pluck().all() as number[];
  assert.equal(ids.length, 1);
  assert.equal(queueWatchAlerts({ db: t.db, clock: () => NOW, log }, articleIds), 1);
  const [text] = texts(t.db, 'alert');
  assertShownAsWritten(text!, TITLE);
});

test('a feed-health alert for a hostile feed name, URL and error text', () => {
  addStories(t.db, [[{ feed: FEED, title: TITLE, topic: 'vuln', publishedAt: NOW - 30 * HOUR }]], NOW - 30 * HOUR);
  const feed = listFeeds(t.db).find((f) => f.title === FEED)!;
  const error = 'not_feed: got <html> & "quotes" instead of a feed';
  for (const now of [NOW - 30 * HOUR, NOW - 20 * HOUR, NOW - HOUR]) {
    recordFetchFailure(t.db, feed.id, { reason: 'not_feed', message: error, httpStatus: 200, now, nextFetchAt: now });
  }
  assert.equal(queueFeedHealthAlerts({ db: t.db, clock: () => NOW, adminIds: [900], alertHours: 24 }), 1);
  const [text] = texts(t.db, 'notice');
  assertShownAsWritten(text!, FEED, 'got <html> & "quotes" instead of a feed');
});
