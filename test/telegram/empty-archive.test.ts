// A newcomer's first search runs before the first fetch has stored anything: say so.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import type { HandlerEnv, Incoming } from '../../src/telegram/types.js';
import { tempDb } from '../helpers/fixtures.js';
import { item } from '../helpers/stories.js';
import { storeBatch } from '../../src/store/articles.js';
import { upsertFeeds } from '../../src/store/feeds.js';

test('an empty archive explains itself; a populated one says "nothing found"', async () => {
  const t = tempDb();
  const log = pino({ level: 'silent' });
  const env: HandlerEnv = {
    db: t.db, clock: () => Date.now(), log,
    settings: { defaultTimezone: 'UTC', defaultDigestTime: '09:00', adminIds: new Set(), maxWatchesPerChat: 20, digestTopN: 10 },
    isChatAdmin: async () => false, resolveChannel: async () => null,
    validateFeedUrl: async () => ({ ok: false, reason: 'x' }), summarizer: { db: t.db, clock: () => Date.now(), log },
  };
  const dispatcher = new Dispatcher(env);
  const msg: Incoming = { chat: { id: 1, type: 'private', title: 'u' }, user: { id: 1, languageCode: 'en' }, threadId: null, text: '/search ransomware' };
  assert.match((await dispatcher.handleMessage(msg))[0]!.html, /archive is still empty/);
  upsertFeeds(t.db, [{ url: 'https://x.test/f', title: 'X' }], 'file', Date.now());
  storeBatch(t.db, 1, [item({ feed: 'X', title: 'Something else', publishedAt: Date.now() })], Date.now());
  assert.match((await dispatcher.handleMessage(msg))[0]!.html, /Nothing found for <b>ransomware<\/b>/);
  t.cleanup();
});
