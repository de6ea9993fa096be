// The per-cycle job: analysis drives watch alerts, so an article stored by a cycle that was
// killed before it could alert is alerted by the next cycle — and old articles never are.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import pino from 'pino';
import type { App } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { ingestAndNotify } from '../src/jobs.js';
import { storeBatch } from '../src/store/articles.js';
import { addWatch, ensureChat, subscribeChat, updateChatSettings } from '../src/store/chats.js';
import { cveQueueLength, cveSourceStatuses } from '../src/store/cve-records.js';
import { upsertFeeds } from '../src/store/feeds.js';
import { startFeedServer, staticRoute } from './helpers/feed-server.js';
import { tempDb } from './helpers/fixtures.js';
import { OFFLINE_SOURCES } from './helpers/offline.js';
import { item } from './helpers/stories.js';

test('watch alerts come from analysis: a crashed cycle’s articles are alerted next time, backlog never', async () => {
  const t = tempDb();
  let now = Date.UTC(2025, 2, 10, 12);
  const app: App = {
    config: parseConfig({ ...OFFLINE_SOURCES }),
    db: t.db,
    log: pino({ level: 'silent' }),
    clock: () => now,
  };
  upsertFeeds(t.db, [{ url: 'https://x.test/feed', title: 'X' }], 'file', now);
  t.db.prepare('UPDATE feeds SET enabled = 0').run(); // the cycle itself fetches nothing
  ensureChat(t.db, { id: 7, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, now);
  subscribeChat(t.db, 7, null, now);
  storeBatch(t.db, 1, [item({ feed: 'X', title: 'Old LockBit story', publishedAt: now - 3_600_000 })], now - 60_000);
  now += 1000;
  addWatch(t.db, 7, 'lockbit', now);
  now += 1000;
  // Stored by a cycle that died before its alerts were queued: never analysed.
  storeBatch(t.db, 1, [item({ feed: 'X', title: 'LockBit affiliate charged', publishedAt: now })], now);
  now += 60_000;
  const { queued } = await ingestAndNotify(app);
  assert.equal(queued, 1);
  const texts = t.db.prepare("SELECT payload FROM outbox WHERE kind = 'alert'").pluck().all() as string[];
  assert.equal(texts.length, 1);
  assert.match(texts[0]!, /LockBit affiliate charged/);
  assert.doesNotMatch(texts[0]!, /Old LockBit story/, 'an article older than the watch is backlog');
  assert.equal((await ingestAndNotify(app)).queued, 0, 'nothing twice');
  t.cleanup();
});

test('alerts speak the chat’s language: a Chinese-only chat without /lang reads Chinese', async () => {
  const t = tempDb();
  const now = Date.UTC(2025, 2, 10, 12);
  const app: App = {
    config: parseConfig({ ...OFFLINE_SOURCES }),
    db: t.db,
    log: pino({ level: 'silent' }),
    clock: () => now,
  };
  upsertFeeds(t.db, [{ url: 'https://x.test/feed', title: 'X' }], 'file', now);
  t.db.prepare('UPDATE feeds SET enabled = 0').run();
  ensureChat(t.db, { id: 8, type: 'private', title: 'u' }, { timezone: 'Asia/Shanghai', digestTime: '09:00' }, now);
  subscribeChat(t.db, 8, null, now);
  updateChatSettings(t.db, 8, { content_languages: 'zh' }, now);
  addWatch(t.db, 8, '勒索', now - 1000);
  storeBatch(t.db, 1, [item({ feed: 'X', title: '某公司遭勒索软件攻击', language: 'zh', publishedAt: now })], now);
  assert.equal((await ingestAndNotify(app)).queued, 1);
  const [payload] = t.db.prepare("SELECT payload FROM outbox WHERE kind = 'alert'").pluck().all() as string[];
  assert.match(payload!, /关注词有新消息/);
  t.cleanup();
});

test('an article joining a story already sent in instant mode goes out as an update, once', async () => {
  const t = tempDb();
  let now = Date.UTC(2025, 2, 10, 12);
  const app: App = {
    config: parseConfig({ ...OFFLINE_SOURCES }),
    db: t.db,
    log: pino({ level: 'silent' }),
    clock: () => now,
  };
  upsertFeeds(
    t.db,
    [
      { url: 'https://x.test/feed', title: 'X' },
      { url: 'https://y.test/feed', title: 'Y' },
    ],
    'file',
    now,
  );
  t.db.prepare('UPDATE feeds SET enabled = 0').run();
  ensureChat(t.db, { id: 9, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, now);
  subscribeChat(t.db, 9, null, now);
  updateChatSettings(t.db, 9, { delivery_mode: 'instant' }, now);
  now += 60_000;
  const [first] = storeBatch(
    t.db,
    1,
    [
      item({
        feed: 'X',
        title: 'Ivanti warns of exploited Connect Secure zero-day CVE-2025-0282',
        summary: 'Ivanti says CVE-2025-0282 in Connect Secure is exploited; no patch yet.',
        publishedAt: now,
      }),
    ],
    now,
  ).insertedIds;
  assert.equal((await ingestAndNotify(app)).queued, 1, 'the new story');
  now += 3_600_000;
  const [second] = storeBatch(
    t.db,
    2,
    [
      item({
        feed: 'Y',
        title: 'Ivanti releases patch for exploited Connect Secure zero-day CVE-2025-0282',
        summary: 'Ivanti patched CVE-2025-0282 in Connect Secure.',
        publishedAt: now,
      }),
    ],
    now,
  ).insertedIds;
  assert.equal((await ingestAndNotify(app)).queued, 1, 'the update');
  const storyOf = (id: number) => t.db.prepare('SELECT story_id FROM articles WHERE id = ?').pluck().get(id);
  assert.equal(storyOf(second!), storyOf(first!), 'same CVE, same vendor, same day: one story');
  const texts = t.db.prepare("SELECT payload FROM outbox WHERE kind = 'alert' ORDER BY id").pluck().all() as string[];
  assert.match(
    JSON.parse(texts[1]!).text,
    /^↻ <b>Update<\/b> · Ivanti warns of exploited Connect Secure zero-day CVE-2025-0282: .*Ivanti releases patch/,
  );
  assert.equal((await ingestAndNotify(app)).queued, 0, 'nothing twice');
  t.cleanup();
});

test('CVE sources that all fail at once stop nothing else: the cycle still stores, alerts and records why', async () => {
  const server = await startFeedServer({
    '/kev.json': staticRoute('<!DOCTYPE html><html><body>Access Denied</body></html>', {}, 200),
    '/epss.csv.gz': staticRoute(
      gzipSync(`cve,epss,percentile\n${'CVE-2024-3400,0.9,0.99\n'.repeat(5000)}`).subarray(0, 60),
    ),
    '/nvd': staticRoute('Too Many Requests', { 'retry-after': '60' }, 429),
  });
  const t = tempDb();
  const now = Date.now();
  const app: App = {
    config: parseConfig({
      ...OFFLINE_SOURCES,
      KEV_URL: server.url('/kev.json'),
      EPSS_URL: server.url('/epss.csv.gz'),
      CVE_RECORDS_URL: server.url('/cves/{id}.json'),
      NVD_URL: server.url('/nvd'),
    }),
    db: t.db,
    log: pino({ level: 'silent' }),
    clock: () => now,
  };
  try {
    upsertFeeds(t.db, [{ url: 'https://x.test/feed', title: 'X' }], 'file', now);
    t.db.prepare('UPDATE feeds SET enabled = 0').run();
    ensureChat(t.db, { id: 9, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, now);
    subscribeChat(t.db, 9, null, now);
    addWatch(t.db, 9, 'pan-os', now - 1000);
    const title = 'PAN-OS flaw CVE-2024-3400 exploited';
    storeBatch(t.db, 1, [item({ feed: 'X', title, publishedAt: now })], now);
    assert.equal((await ingestAndNotify(app)).queued, 1, 'the keyword alert still goes out');
    const status = Object.fromEntries(
      cveSourceStatuses(t.db, ['kev', 'epss', 'cve5', 'nvd']).map((s) => [s.source, s.lastError]),
    );
    assert.match(status.kev ?? '', /KEV catalogue is not JSON/);
    assert.match(status.epss ?? '', /truncated or not gzip/);
    assert.equal(status.cve5, null, 'a 404 is an answer ("no such CVE"), not an error');
    assert.match(status.nvd ?? '', /CVE-2024-3400: http: HTTP 429/);
    assert.equal(cveQueueLength(t.db), 1, 'the CVE waits for NVD to answer');
  } finally {
    await server.close();
    t.cleanup();
  }
});
