// Two processes on one database (the daemon and `secbrief backup`/`import`, or two daemons by mistake): a
// transaction that reads and then writes must wait for the other writer, not fail. A deferred transaction
// took its read snapshot first and got SQLITE_BUSY_SNAPSHOT, without waiting, when the other connection had
// committed in between — a feed's whole batch lost for that cycle. Writes begin IMMEDIATE (store/db.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { storeBatch } from '../../src/store/articles.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { tempDb } from '../helpers/fixtures.js';
import { item } from '../helpers/stories.js';

// Another connection that commits as fast as it can for a second.
const OTHER_WRITER = `
  const Database = require('better-sqlite3');
  const db = new Database(require('node:worker_threads').workerData);
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare('INSERT INTO other_writes VALUES (?)');
  for (const end = Date.now() + 1000; Date.now() < end;) insert.run(Date.now());
  db.close();`;

test('a batch stored while another connection keeps committing waits its turn and is stored whole', async () => {
  const t = tempDb();
  t.db.exec('CREATE TABLE other_writes (at INTEGER)');
  upsertFeeds(t.db, [{ url: 'https://a.test/feed', title: 'A' }], 'file', Date.now());
  const other = new Worker(OTHER_WRITER, { eval: true, workerData: t.path });
  const exited = new Promise((resolve, reject) => other.on('exit', resolve).on('error', reject));
  const failures: string[] = [];
  let batches = 0;
  for (const end = Date.now() + 900; Date.now() < end; batches++) {
    try {
      storeBatch(t.db, 1, [item({ feed: 'A', title: `story ${batches}`, publishedAt: Date.now() })], Date.now());
    } catch (err) {
      failures.push((err as { code?: string }).code ?? String(err));
    }
  }
  await exited;
  assert.ok(
    (t.db.prepare('SELECT count(*) FROM other_writes').pluck().get() as number) > 100,
    'the other writer committed',
  );
  assert.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${batches} batches failed`);
  assert.equal(t.db.prepare('SELECT count(*) FROM articles').pluck().get(), batches);
  t.cleanup();
});
