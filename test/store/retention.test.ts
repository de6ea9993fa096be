// Archive retention over real SQLite files: batches, index rows, stories and alerts that point
// at pruned articles, the floor that keeps pruned items from coming back, incremental vacuum.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parseConfig } from '../../src/config.js';
import type { NormalizedItem } from '../../src/news/article.js';
import { storeBatch } from '../../src/store/articles.js';
import { migrate, openDatabase, type Db } from '../../src/store/db.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { archiveFloor, autoVacuumMode, convertToIncrementalVacuum, pruneArchive } from '../../src/store/retention.js';
import { saveAnalysis } from '../../src/store/stories.js';
import { tempDb, tempDir } from '../helpers/fixtures.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 6, 24, 12);
const BODY = 'Lorem ipsum dolor sit amet, ransomware affiliate infrastructure. '.repeat(30);

function item(n: number, ageDays: number, word: string): NormalizedItem {
  return {
    guid: `g${n}`,
    url: `https://news.test/${n}`,
    canonicalUrl: `https://news.test/${n}`,
    title: `${word} story number ${n}`,
    summary: `${word} summary ${n}`,
    bodyText: `${BODY} ${n}`,
    language: 'en',
    publishedAt: NOW - ageDays * DAY - n * 1000,
    dateMissing: false,
    author: null,
    contentKey: `k${n}`,
    contentHash: `h${n}`,
  };
}

/** 3,500 articles older than 30 days (ancientword), 500 newer (freshword). */
function seed(db: Db): { oldIds: number[]; newIds: number[] } {
  upsertFeeds(db, [{ url: 'https://news.test/feed', title: 'News' }], 'file', NOW);
  const old = Array.from({ length: 3_500 }, (_, i) => item(i, 31 + (i % 300), 'ancientword'));
  const fresh = Array.from({ length: 500 }, (_, i) => item(10_000 + i, i % 29, 'freshword'));
  return { oldIds: storeBatch(db, 1, old, NOW).insertedIds, newIds: storeBatch(db, 1, fresh, NOW).insertedIds };
}

const count = (db: Db, sql: string, ...args: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...args) as number;
const ftsHits = (db: Db, word: string) =>
  count(db, 'SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?', word);

test('pruning deletes old articles and their index rows in batches, keeps the rest, and fixes what pointed at them', async () => {
  const t = tempDb(NOW);
  try {
    const { oldIds, newIds } = seed(t.db);
    assert.equal(ftsHits(t.db, 'ancientword'), 3_500);
    // Story A: two old articles. B: one old, one new. C: new only.
    const created = saveAnalysis(
      t.db,
      [
        { id: oldIds[0]!, topics: [], story: null },
        { id: oldIds[1]!, topics: [], story: -oldIds[0]! },
        { id: oldIds[2]!, topics: [], story: null },
        { id: newIds[0]!, topics: [], story: -oldIds[2]! },
        { id: newIds[1]!, topics: [], story: null },
      ],
      NOW,
    );
    const [a, b, c] = [created.get(oldIds[0]!)!, created.get(oldIds[2]!)!, created.get(newIds[1]!)!];
    for (const s of [a, b, c]) t.db.prepare('INSERT INTO instant_sent (chat_id, story_id) VALUES (5, ?)').run(s);
    for (const id of [oldIds[5]!, newIds[5]!])
      t.db.prepare('INSERT INTO watch_alerts (chat_id, article_id) VALUES (5, ?)').run(id);
    for (const id of [oldIds[1]!, newIds[0]!])
      t.db
        .prepare('INSERT INTO instant_updates (chat_id, article_id, story_id, queued_at) VALUES (5, ?, 0, ?)')
        .run(id, NOW);

    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const r = await pruneArchive({ db: t.db, clock: () => NOW, retentionDays: 30, batchSize: 1_000 });
    clearInterval(timer);

    assert.equal(r.deleted, 3_500);
    assert.equal(r.batches, 4);
    assert.ok(ticks >= 2, `timers ran between batches (${ticks})`);
    assert.equal(count(t.db, 'SELECT count(*) FROM articles'), 500);
    assert.equal(count(t.db, 'SELECT count(*) FROM articles WHERE published_at < ?', NOW - 30 * DAY), 0);
    assert.equal(ftsHits(t.db, 'ancientword'), 0, 'index rows went with the articles');
    assert.equal(ftsHits(t.db, 'freshword'), 500);
    assert.deepEqual(t.db.prepare('SELECT id, size, first_article_id FROM stories ORDER BY id').all(), [
      { id: b, size: 1, first_article_id: newIds[0] },
      { id: c, size: 1, first_article_id: newIds[1] },
    ]);
    assert.deepEqual(t.db.prepare('SELECT story_id FROM instant_sent ORDER BY story_id').pluck().all(), [b, c]);
    assert.deepEqual(t.db.prepare('SELECT article_id FROM watch_alerts').pluck().all(), [newIds[5]]);
    assert.deepEqual(t.db.prepare('SELECT article_id FROM instant_updates').pluck().all(), [newIds[0]]);
    assert.equal(
      count(
        t.db,
        'SELECT count(*) FROM articles WHERE story_id IS NOT NULL AND story_id NOT IN (SELECT id FROM stories)',
      ),
      0,
    );
    assert.deepEqual(t.db.pragma('foreign_key_check'), []);
    assert.equal(t.db.pragma('integrity_check', { simple: true }), 'ok');
    assert.equal(archiveFloor(t.db), r.cutoff);
    assert.equal((await pruneArchive({ db: t.db, clock: () => NOW, retentionDays: 30 })).deleted, 0, 'idempotent');
  } finally {
    t.cleanup();
  }
});

test('an old item a feed still lists is not stored again after pruning', async () => {
  const t = tempDb(NOW);
  try {
    seed(t.db);
    await pruneArchive({ db: t.db, clock: () => NOW, retentionDays: 30 });
    const again = storeBatch(t.db, 1, [item(7, 40, 'ancientword'), item(20_000, 1, 'freshword')], NOW);
    assert.equal(again.inserted, 1);
    assert.equal(again.unchanged, 1);
    assert.equal(ftsHits(t.db, 'ancientword'), 0);
  } finally {
    t.cleanup();
  }
});

test('retention 0 keeps everything', async () => {
  const t = tempDb(NOW);
  try {
    seed(t.db);
    assert.deepEqual(await pruneArchive({ db: t.db, clock: () => NOW, retentionDays: 0 }), {
      deleted: 0,
      batches: 0,
      cutoff: null,
      vacuumedPages: 0,
    });
    assert.equal(count(t.db, 'SELECT count(*) FROM articles'), 4_000);
    assert.equal(archiveFloor(t.db), null);
  } finally {
    t.cleanup();
  }
});

test('new databases are INCREMENTAL: pruning gives the freed pages back', async () => {
  const t = tempDb(NOW);
  try {
    assert.equal(autoVacuumMode(t.db), 2);
    seed(t.db);
    const before = count(t.db, 'PRAGMA page_count');
    const r = await pruneArchive({ db: t.db, clock: () => NOW, retentionDays: 30 });
    const after = count(t.db, 'PRAGMA page_count');
    assert.ok(r.vacuumedPages > 0);
    assert.equal(count(t.db, 'PRAGMA freelist_count'), 0);
    assert.ok(after < before * 0.4, `pages ${before} → ${after}`);
  } finally {
    t.cleanup();
  }
});

test('an older database (auto_vacuum NONE) keeps its free pages until `vacuum` converts it', async () => {
  const dir = tempDir();
  const path = join(dir, 'old.db');
  const raw = new Database(path);
  raw.exec('CREATE TABLE early (x)'); // a table before the pragma: the file is fixed at NONE
  raw.close();
  const db = openDatabase(path);
  try {
    migrate(db, NOW);
    assert.equal(autoVacuumMode(db), 0);
    seed(db);
    const r = await pruneArchive({ db, clock: () => NOW, retentionDays: 30 });
    assert.equal(r.vacuumedPages, 0);
    assert.ok(count(db, 'PRAGMA freelist_count') > 0);
    assert.deepEqual(await convertToIncrementalVacuum(db), { converted: true });
    assert.equal(autoVacuumMode(db), 2);
    assert.equal(count(db, 'PRAGMA freelist_count'), 0);
    assert.equal(count(db, 'SELECT count(*) FROM articles'), 500);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ARCHIVE_RETENTION_DAYS and FEED_ALERT_HOURS: defaults and bounds', () => {
  const c = parseConfig({});
  assert.equal(c.ARCHIVE_RETENTION_DAYS, 0);
  assert.equal(c.FEED_ALERT_HOURS, 24);
  assert.equal(parseConfig({ ARCHIVE_RETENTION_DAYS: '365', FEED_ALERT_HOURS: '6' }).ARCHIVE_RETENTION_DAYS, 365);
  assert.throws(
    () => parseConfig({ ARCHIVE_RETENTION_DAYS: '3' }),
    /ARCHIVE_RETENTION_DAYS: must be 0 \(keep forever\) or at least 7/,
  );
  assert.throws(() => parseConfig({ FEED_ALERT_HOURS: '0' }), /FEED_ALERT_HOURS/);
});
