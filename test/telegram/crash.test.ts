// kill -9 with a pending outbox: the real process is killed mid-send and restarted; every
// message arrives, and a crash repeats at most the sends that were in flight (SEND_CONCURRENCY).
// Telegram answers after 100 ms here, so with N allowed in flight about N are when the kill lands.
import assert from 'node:assert/strict';
import { setTimeout as pause } from 'node:timers/promises';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { migrate, openDatabase } from '../../src/store/db.js';
import { ensureChat } from '../../src/store/chats.js';
import { enqueue } from '../../src/store/outbox.js';
import { FAKE_TOKEN, FakeBotApi } from '../helpers/fake-bot-api.js';
import { opml, tempDir } from '../helpers/fixtures.js';
import { hasExited, startMain, stderrTail, stopChild } from '../helpers/process.js';

const MESSAGES = 300;

async function crashRun(concurrency: number): Promise<{ duplicates: number; crashes: number; delivered: number }> {
  const api = await new FakeBotApi({ maxPollMs: 200, latencyMs: 100 }).start();
  const dir = tempDir();
  const dbPath = join(dir, 'db.sqlite');
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(feedsFile, opml([]));
  const db = openDatabase(dbPath);
  migrate(db, Date.now());
  for (let i = 1; i <= MESSAGES; i++) {
    ensureChat(db, { id: i, type: 'private', title: `u${i}` }, { timezone: 'UTC', digestTime: '09:00' }, Date.now());
  }
  const rows = Array.from({ length: MESSAGES }, (_, k) => ({
    chatId: k + 1,
    kind: 'digest' as const,
    method: 'sendMessage' as const,
    payload: { text: `digest #${k + 1}`, parse_mode: 'HTML' },
    priority: 2,
  }));
  enqueue(db, rows, Date.now());
  db.close();
  const env = {
    DATABASE_PATH: dbPath,
    FEEDS_FILE: feedsFile,
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    SEND_RATE_PER_SECOND: '200',
    SEND_CONCURRENCY: String(concurrency),
    LOG_LEVEL: 'silent',
  };
  const delivered = () => new Set(api.sent().map((c) => c.payload.text)).size;
  let crashes = 0;
  try {
    for (const killAt of [60, 150, 240]) {
      const child = startMain(env, dir);
      const deadline = Date.now() + 20_000;
      while (api.sent().length < killAt && Date.now() < deadline && !hasExited(child)) await pause(2);
      assert.ok(!hasExited(child), `the bot exited on its own before the kill (${stderrTail(child)})`);
      await stopChild(child, 'SIGKILL');
      crashes++;
    }
    const last = startMain(env, dir);
    const deadline = Date.now() + 30_000;
    while (delivered() < MESSAGES && Date.now() < deadline && !hasExited(last)) await pause(20);
    assert.ok(!hasExited(last), `the restarted bot exited on its own (${stderrTail(last)})`);
    await stopChild(last);
  } finally {
    await api.close();
  }
  const check = openDatabase(dbPath);
  assert.equal(check.prepare("SELECT count(*) FROM outbox WHERE status = 'sent'").pluck().get(), MESSAGES);
  check.close();
  return { duplicates: api.sent().length - MESSAGES, crashes, delivered: delivered() };
}

for (const concurrency of [1, 8]) {
  test(`kill -9 with ${concurrency} in flight loses nothing and repeats at most ${concurrency} per crash`, async (t) => {
    const r = await crashRun(concurrency);
    t.diagnostic(`SEND_CONCURRENCY=${concurrency}: ${r.crashes} crashes, ${r.duplicates} duplicates`);
    assert.equal(r.delivered, MESSAGES, 'every planned message arrived');
    assert.ok(r.duplicates <= concurrency * r.crashes, `${r.duplicates} duplicates after ${r.crashes} crashes`);
  });
}
