// `npm start` as a real child process: it fetches at start, then stops cleanly on SIGTERM.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { startFeedServer, staticRoute, trickleRoute } from './helpers/feed-server.js';
import { opml, rss, tempDir } from './helpers/fixtures.js';
import { spawnMain } from './helpers/process.js';

function waitFor(stream: NodeJS.ReadableStream, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; saw:\n${seen}`)), timeoutMs);
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

test('runs the first ingest cycle at start and exits 0 on SIGTERM, waiting for a cycle in flight', async () => {
  const server = await startFeedServer({
    '/feed': staticRoute(rss([{ title: 'Hello', link: 'http://example.test/1', guid: '1' }])),
    '/slow': trickleRoute(200),
  });
  const dir = tempDir();
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(
    feedsFile,
    opml([
      { url: server.url('/feed'), title: 'fast' },
      { url: server.url('/slow'), title: 'slow' },
    ]),
  );
  const dbPath = join(dir, 'db.sqlite');
  const child = spawnMain({ DATABASE_PATH: dbPath, FEEDS_FILE: feedsFile, FETCH_TIMEOUT_MS: '3000' }, dir);
  try {
    const banner = await waitFor(child.stdout!, /Set TELEGRAM_BOT_TOKEN/);
    assert.match(banner, /Fetching 2 feeds now and on "\*\/20 \* \* \* \*"/);
    await waitFor(child.stderr!, /"msg":"secbrief started"/);
    // The slow feed keeps the cycle busy; SIGTERM must wait for it (bounded by the fetch timeout).
    await new Promise((r) => setTimeout(r, 500));
    const sent = Date.now();
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    const waited = Date.now() - sent;
    assert.equal(code, 0);
    assert.ok(waited < 6_000, `stopped in ${waited} ms`);
    const db = new Database(dbPath, { readonly: true });
    assert.equal(db.prepare('SELECT count(*) FROM articles').pluck().get(), 1);
    const cycle = db.prepare('SELECT feeds, failed, finished_at FROM ingest_cycles').get() as {
      feeds: number;
      failed: number;
      finished_at: number | null;
    };
    assert.deepEqual({ feeds: cycle.feeds, failed: cycle.failed }, { feeds: 2, failed: 1 });
    assert.ok(cycle.finished_at, 'the cycle in flight finished before the database closed');
    db.close();
  } finally {
    child.kill('SIGKILL');
    await server.close();
  }
});

test('an unusable database path gives a clear error and exit 3, not a stack trace', async () => {
  const dir = tempDir();
  const bad = join(dir, 'not-a-db.sqlite');
  writeFileSync(bad, 'this is not a sqlite file, just text '.repeat(200));
  const child = spawnMain({ DATABASE_PATH: bad }, dir);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 3);
  assert.match(stderr, /^secbrief: cannot open database .*not-a-db\.sqlite: file is not a database\n$/);
});
