// A newcomer's first lookup may run before anything is stored: say why (first fetch running, every fetch
// failed, feeds empty), never "Nothing found for *.".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import type { HandlerEnv, Incoming } from '../../src/telegram/types.js';
import { tempDb } from '../helpers/fixtures.js';
import { item } from '../helpers/stories.js';
import { storeBatch } from '../../src/store/articles.js';
import { finishCycle, startCycle } from '../../src/store/cycles.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { botSettingsOf } from '../helpers/chats.js';

function setup() {
  const t = tempDb();
  const log = pino({ level: 'silent' });
  const env: HandlerEnv = {
    db: t.db,
    clock: () => Date.now(),
    log,
    settings: botSettingsOf(),
    isChatAdmin: async () => false,
    resolveChannel: async () => null,
    validateFeedUrl: async () => ({ ok: false, reason: 'x' }),
    summarizer: { db: t.db, clock: () => Date.now(), log },
  };
  const dispatcher = new Dispatcher(env);
  const ask = async (text: string) => {
    const msg: Incoming = {
      chat: { id: 1, type: 'private', title: 'u' },
      user: { id: 1, languageCode: 'en' },
      threadId: null,
      text,
    };
    return (await dispatcher.handleMessage(msg))[0]!.html;
  };
  return { t, ask };
}

const LOOKUPS = ['/search ransomware', '/latest', '/cve CVE-2024-3400'];

test('an empty archive explains itself; a populated one says "nothing found"', async () => {
  const { t, ask } = setup();
  for (const q of LOOKUPS) assert.match(await ask(q), /archive is still empty: the first fetch is running/, q);
  upsertFeeds(t.db, [{ url: 'https://x.test/f', title: 'X' }], 'file', Date.now());
  storeBatch(t.db, 1, [item({ feed: 'X', title: 'Something else', publishedAt: Date.now() })], Date.now());
  assert.match(await ask('/search ransomware'), /Nothing found for <b>ransomware<\/b>/);
  assert.match(await ask('/latest'), /Something else/);
  assert.match(
    await ask('/cve CVE-2024-3400'),
    /No CVE record, KEV entry or EPSS score is known for <b>CVE-2024-3400<\/b>/,
  );
  t.cleanup();
});

test('after a first fetch in which every feed failed, lookups point to /sources, not to a running fetch', async () => {
  const { t, ask } = setup();
  const now = Date.now();
  finishCycle(t.db, startCycle(t.db, now - 60_000, 3), { finishedAt: now - 30_000, failed: 3, inserted: 0 });
  for (const q of LOOKUPS) {
    const reply = await ask(q);
    assert.match(reply, /no feed could be fetched yet\. \/sources shows each feed's error/, q);
    assert.doesNotMatch(reply, /first fetch is running|Nothing found for/, q);
  }
  // A later cycle that fetched feeds which held nothing.
  finishCycle(t.db, startCycle(t.db, now - 20_000, 3), { finishedAt: now - 10_000, failed: 1, inserted: 0 });
  for (const q of LOOKUPS) assert.match(await ask(q), /feeds were fetched but held no articles yet/, q);
  t.cleanup();
});
