// /watch with CVE terms: what the watch will send, a warning when its source is off, and bad terms
// refused with the reason; a lookup that throws still answers /cve from the cache.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { listWatches } from '../../src/store/chats.js';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import type { CveSourceName, HandlerEnv } from '../../src/telegram/types.js';
import { botSettingsOf } from '../helpers/chats.js';
import { tempDb } from '../helpers/fixtures.js';

function bot(cveSources: CveSourceName[], lookupCve?: HandlerEnv['lookupCve']) {
  const t = tempDb();
  const log = pino({ level: 'silent' });
  const dispatcher = new Dispatcher({
    db: t.db,
    clock: () => Date.now(),
    log,
    settings: { ...botSettingsOf(), cveSources },
    isChatAdmin: async () => true,
    resolveChannel: async () => null,
    validateFeedUrl: async () => ({ ok: false, reason: 'x' }),
    summarizer: { db: t.db, clock: () => Date.now(), log },
    lookupCve,
  });
  const ask = async (text: string) =>
    (
      await dispatcher.handleMessage({
        chat: { id: 5, type: 'private', title: 'u' },
        user: { id: 5, languageCode: 'en' },
        threadId: null,
        text,
      })
    )[0]!.html;
  return { t, ask };
}

test('CVE watches say what they send, warn when their source is off, and are stored as CVE watches', async () => {
  const { t, ask } = bot(['epss', 'cve5']);
  try {
    assert.match(await ask('/watch kev'), /<code>KEV_URL=off<\/code>, so this watch cannot fire/);
    assert.match(await ask('/watch epss-jump>=0.3'), /EPSS crosses 30% from one day to the next/);
    assert.match(await ask('/watch vendor:"Palo Alto" cvss>=9'), /new CVEs of that vendor or product/);
    assert.match(await ask('/watch epss-jump>=0.01'), /epss-jump&gt;= needs a number from 0\.05 to 1/);
    assert.match(await ask('/watch product:x'), /product: needs a name/);
    assert.match(await ask('/watch kev'), /You already watch <b>kev<\/b>\./);
    assert.deepEqual(
      listWatches(t.db, 5).map((w) => [w.query, w.kind]),
      [
        ['kev', 'cve'],
        ['epss-jump>=0.3', 'cve'],
        ['vendor:"Palo Alto" cvss>=9', 'cve'],
      ],
    );
    assert.match(await ask('/watches'), /1\. <code>kev<\/code>\n2\. <code>epss-jump&gt;=0\.3<\/code>/);
  } finally {
    t.cleanup();
  }
});

test('a lookup that throws is logged and /cve still answers from the cache', async () => {
  const { t, ask } = bot(['cve5'], async () => {
    throw new Error('database is locked');
  });
  try {
    assert.match(
      await ask('/cve CVE-2024-3400'),
      /No CVE record, KEV entry or EPSS score is known for <b>CVE-2024-3400<\/b>/,
    );
  } finally {
    t.cleanup();
  }
});
