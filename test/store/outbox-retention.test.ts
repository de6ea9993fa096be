// Outbox retention on a real SQLite file: finished rows go once OUTBOX_KEEP_DAYS old, dead ones
// after 30 days at least, pending ones never; in batches; 0 keeps everything; the daily job runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { parseConfig } from '../../src/config.js';
import { maintain } from '../../src/jobs.js';
import { ensureChat } from '../../src/store/chats.js';
import type { Db } from '../../src/store/db.js';
import { enqueue } from '../../src/store/outbox.js';
import { pruneOutbox } from '../../src/store/outbox-retention.js';
import { queuePhoto } from '../../src/notify/queue.js';
import { tempDb } from '../helpers/fixtures.js';
import { OFFLINE_SOURCES } from '../helpers/offline.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 3, 4);

/** One row per [status, age in days], created that long before NOW; returns their ids in order. */
function rows(db: Db, specs: Array<[string, number]>): number[] {
  ensureChat(db, { id: 1, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, NOW);
  const ids = enqueue(
    db,
    specs.map(() => ({ chatId: 1, kind: 'digest' as const, method: 'sendMessage' as const, payload: { text: 'x' } })),
    NOW,
  );
  const set = db.prepare('UPDATE outbox SET status = ?, created_at = ? WHERE id = ?');
  specs.forEach(([status, age], i) => set.run(status, NOW - age * DAY, ids[i]));
  return ids;
}

const left = (db: Db) =>
  db
    .prepare('SELECT status, created_at FROM outbox ORDER BY id')
    .all()
    .map((r) => {
      const row = r as { status: string; created_at: number };
      return [row.status, (NOW - row.created_at) / DAY];
    });

test('sent and cancelled rows go after the keep days, dead after 30, pending never', async () => {
  const t = tempDb(NOW - 400 * DAY);
  try {
    rows(t.db, [
      ['sent', 8],
      ['sent', 6],
      ['cancelled', 8],
      ['dead', 8],
      ['dead', 31],
      ['pending', 90],
      ['sent', 400],
    ]);
    const r = await pruneOutbox({ db: t.db, clock: () => NOW, keepDays: 7, batchSize: 2 });
    assert.equal(r.deleted, 4);
    assert.deepEqual(left(t.db), [
      ['sent', 6],
      ['dead', 8],
      ['pending', 90],
    ]);
    assert.deepEqual(await pruneOutbox({ db: t.db, clock: () => NOW, keepDays: 7 }), {
      deleted: 0,
      photos: 0,
      vacuumedPages: 0,
    });
  } finally {
    t.cleanup();
  }
});

test('OUTBOX_KEEP_DAYS=0 keeps every row; the daily job prunes with the configured days', async () => {
  const t = tempDb(NOW - 400 * DAY);
  try {
    rows(t.db, [
      ['sent', 3],
      ['sent', 2],
      ['sent', 1],
    ]);
    assert.equal((await pruneOutbox({ db: t.db, clock: () => NOW, keepDays: 0 })).deleted, 0);
    const config = parseConfig({ ...OFFLINE_SOURCES, OUTBOX_KEEP_DAYS: '2' });
    await maintain({ config, db: t.db, log: pino({ level: 'silent' }), clock: () => NOW });
    assert.deepEqual(left(t.db), [
      ['sent', 2],
      ['sent', 1],
    ]);
  } finally {
    t.cleanup();
  }
});

test('a photo goes when no pending message sends it and it was last queued before the keep days', async () => {
  const t = tempDb(NOW - 400 * DAY);
  try {
    ensureChat(t.db, { id: 1, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, NOW);
    const queue = (bytes: string, ageDays: number) =>
      queuePhoto(
        t.db,
        { chatId: 1, threadId: null },
        { png: Buffer.from(bytes), filename: 'w.png', caption: 'c' },
        [],
        'digest',
        NOW - ageDays * DAY,
      )[0]!;
    const sent = [queue('sent long ago', 9), queue('queued again', 9), queue('queued again', 1)];
    queue('still pending', 9);
    // A pending row from before migration 017 names no photo (its bytes are inline): it keeps none.
    const inline = { photo_inline: { filename: 'w.png', base64: 'AAAA' }, caption: 'c' };
    enqueue(t.db, [{ chatId: 1, kind: 'digest', method: 'sendPhoto', payload: inline }], NOW - 9 * DAY);
    t.db
      .prepare("UPDATE outbox SET status = 'sent' WHERE id IN (SELECT value FROM json_each(?))")
      .run(JSON.stringify(sent));
    const r = await pruneOutbox({ db: t.db, clock: () => NOW, keepDays: 7 });
    assert.equal(r.photos, 1);
    const kept = t.db.prepare('SELECT png FROM photos').pluck().all().map(String);
    assert.deepEqual(kept.sort(), ['queued again', 'still pending']);
  } finally {
    t.cleanup();
  }
});

test('OUTBOX_KEEP_DAYS must be a whole number of days', () => {
  for (const bad of ['-1', 'week', '1.5']) {
    assert.throws(() => parseConfig({ ...OFFLINE_SOURCES, OUTBOX_KEEP_DAYS: bad }), /OUTBOX_KEEP_DAYS/, bad);
  }
});
