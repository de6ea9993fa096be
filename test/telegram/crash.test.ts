// kill -9 with a pending outbox: the real process is killed mid-send and restarted; every
// message arrives, with at most one duplicate per crash.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { migrate, openDatabase } from '../../src/store/db.js';
import { ensureChat } from '../../src/store/chats.js';
import { enqueue } from '../../src/store/outbox.js';
import { FAKE_TOKEN, FakeBotApi } from '../helpers/fake-bot-api.js';
import { opml, tempDir } from '../helpers/fixtures.js';
import { spawnMain } from '../helpers/process.js';

const MESSAGES = 300;

test('kill -9 during sending loses nothing and repeats at most one message per crash', async () => {
  const api = await new FakeBotApi({ maxPollMs: 200 }).start();
  const dir = tempDir();
  const dbPath = join(dir, 'db.sqlite');
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(feedsFile, opml([]));
  const db = openDatabase(dbPath);
  migrate(db, Date.now());
  for (let i = 1; i <= MESSAGES; i++) {
    ensureChat(db, { id: i, type: 'private', title: `u${i}` }, { timezone: 'UTC', digestTime: '09:00' }, Date.now());
    enqueue(
      db,
      [
        {
          chatId: i,
          kind: 'digest',
          method: 'sendMessage',
          payload: { text: `digest #${i}`, parse_mode: 'HTML' },
          priority: 2,
        },
      ],
      Date.now(),
    );
  }
  db.close();
  const env = {
    DATABASE_PATH: dbPath,
    FEEDS_FILE: feedsFile,
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    SEND_RATE_PER_SECOND: '200',
    LOG_LEVEL: 'silent',
  };
  const delivered = () => new Set(api.sent().map((c) => c.payload.text)).size;
  let crashes = 0;
  try {
    for (const killAt of [60, 150, 240]) {
      const child = spawnMain(env, dir);
      const deadline = Date.now() + 20_000;
      while (api.sent().length < killAt && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      child.kill('SIGKILL');
      await once(child, 'exit');
      crashes++;
    }
    const last = spawnMain(env, dir);
    const deadline = Date.now() + 30_000;
    while (delivered() < MESSAGES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    last.kill('SIGTERM');
    await once(last, 'exit');
  } finally {
    await api.close();
  }
  assert.equal(delivered(), MESSAGES, 'every planned message arrived');
  const duplicates = api.sent().length - MESSAGES;
  assert.ok(duplicates <= crashes, `${duplicates} duplicates after ${crashes} crashes`);
  const check = openDatabase(dbPath);
  assert.equal(check.prepare("SELECT count(*) FROM outbox WHERE status = 'sent'").pluck().get(), MESSAGES);
  check.close();
});
