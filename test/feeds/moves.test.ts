// Permanent redirects (issue 13): a feed's stored URL changes only after the same 301/308 target
// was seen on MOVE_AFTER_FETCHES consecutive successful fetches; a temporary redirect, a redirect
// that goes away, or one to something that is not a feed never moves it. Real ingest cycles over
// SQLite against a loopback server, and the FEEDS_FILE sync afterwards.
import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import pino from 'pino';
import { runIngestCycle } from '../../src/feeds/ingest.js';
import { nextRedirectStep } from '../../src/feeds/moves.js';
import { MOVE_AFTER_FETCHES, movedOntoKnownFeed } from '../../src/store/feed-moves.js';
import { listFeeds, syncFileFeedsEnabled, upsertFeeds, type FeedRow } from '../../src/store/feeds.js';
import { startFeedServer, staticRoute, type FeedServer, type Route } from '../helpers/feed-server.js';
import { rss, tempDb, type TempDb } from '../helpers/fixtures.js';

const FEED = rss([{ title: 'Casio ransomware', link: 'https://example.test/casio', guid: 'c1' }]);
let server: FeedServer;
let t: TempDb;
let now = Date.UTC(2026, 11, 1);

const redirect =
  (status: number, to: string): Route =>
  (_req, res) =>
    void res.writeHead(status, { location: to }).end();

beforeEach(async () => {
  await server?.close();
  t?.cleanup();
  server = await startFeedServer({ '/new.xml': staticRoute(FEED), '/page': staticRoute('<html>moved</html>') });
  t = tempDb();
});
after(async () => {
  await server.close();
  t.cleanup();
});

async function cycle(): Promise<void> {
  now += 3_600_000;
  const deps = { db: t.db, clock: () => now, log: pino({ level: 'silent' }) };
  await runIngestCycle({ ...deps, fetch: { timeoutMs: 3_000, maxBytes: 100_000, concurrency: 4 } }, { force: true });
}

const only = (): FeedRow => {
  const feeds = listFeeds(t.db);
  assert.equal(feeds.length, 1, JSON.stringify(feeds.map((f) => f.url)));
  return feeds[0]!;
};

test('the count: pending, reset by a different target or by no redirect, a move at the threshold', () => {
  const feed = { url: 'https://a.test/feed', redirect_target: null, redirect_streak: 0 };
  assert.deepEqual(nextRedirectStep(feed, undefined), { kind: 'none' });
  assert.deepEqual(nextRedirectStep(feed, 'https://b.test/feed'), {
    kind: 'pending',
    target: 'https://b.test/feed',
    streak: 1,
  });
  const twice = { ...feed, redirect_target: 'https://b.test/feed', redirect_streak: MOVE_AFTER_FETCHES - 1 };
  assert.deepEqual(nextRedirectStep(twice, 'https://b.test/feed'), { kind: 'move', target: 'https://b.test/feed' });
  assert.deepEqual(nextRedirectStep(twice, 'https://c.test/feed'), {
    kind: 'pending',
    target: 'https://c.test/feed',
    streak: 1,
  });
  assert.deepEqual(nextRedirectStep(twice, undefined), { kind: 'reset' });
});

test('301 on three consecutive fetches moves the feed; the FEEDS_FILE sync still knows it by its old URL', async () => {
  const oldUrl = server.url('/old.xml');
  const newUrl = server.url('/new.xml');
  server.route('/old.xml', redirect(301, '/new.xml'));
  upsertFeeds(t.db, [{ url: oldUrl, title: 'Moving feed' }], 'file', now);
  await cycle();
  await cycle();
  assert.deepEqual([only().url, only().redirect_target, only().redirect_streak], [oldUrl, newUrl, 2]);
  // The publisher undoes it for one fetch: the count starts over.
  server.route('/old.xml', staticRoute(FEED));
  await cycle();
  assert.deepEqual([only().url, only().redirect_target, only().redirect_streak], [oldUrl, null, 0]);
  server.route('/old.xml', redirect(308, '/new.xml'));
  for (let i = 1; i < MOVE_AFTER_FETCHES; i++) await cycle();
  assert.equal(only().url, oldUrl, 'not yet: one fetch short');
  await cycle();
  const moved = only();
  assert.deepEqual([moved.url, moved.moved_from, moved.listed_url, moved.moved_at], [newUrl, oldUrl, oldUrl, now]);
  assert.deepEqual([moved.redirect_target, moved.redirect_streak], [null, 0]);
  const before = server.requests.length;
  await cycle();
  assert.deepEqual(
    server.requests.slice(before).map((r) => r.path),
    ['/new.xml'],
  );
  // A restart syncs FEEDS_FILE, which still lists the old URL: no second feed, the moved one stays on.
  upsertFeeds(t.db, [{ url: oldUrl, title: 'Moving feed' }], 'file', now);
  syncFileFeedsEnabled(t.db, [oldUrl]);
  assert.deepEqual([only().url, only().enabled], [newUrl, 1]);
});

test('a temporary redirect (302, 307) never moves the feed', async () => {
  server.route('/old.xml', redirect(302, '/new.xml'));
  upsertFeeds(t.db, [{ url: server.url('/old.xml'), title: 'Temporary' }], 'file', now);
  for (let i = 0; i < MOVE_AFTER_FETCHES + 2; i++) await cycle();
  assert.deepEqual([only().url, only().redirect_target, only().last_status], [server.url('/old.xml'), null, 'ok']);
});

test('only the leading permanent hops count: 301 then 302 moves to the 301 target', async () => {
  server.route('/old.xml', redirect(301, '/mid.xml'));
  server.route('/mid.xml', redirect(302, '/new.xml'));
  upsertFeeds(t.db, [{ url: server.url('/old.xml'), title: 'Chain' }], 'file', now);
  for (let i = 0; i < MOVE_AFTER_FETCHES; i++) await cycle();
  assert.equal(only().url, server.url('/mid.xml'));
});

test('a 301 to a page that is not a feed is a failure, and never counts toward a move', async () => {
  server.route('/old.xml', redirect(301, '/page'));
  upsertFeeds(t.db, [{ url: server.url('/old.xml'), title: 'To a page' }], 'file', now);
  for (let i = 0; i < MOVE_AFTER_FETCHES + 1; i++) await cycle();
  assert.deepEqual([only().url, only().redirect_streak, only().last_status], [server.url('/old.xml'), 0, 'error']);
});

test('a move onto a URL that is already a feed disables the old one with the reason', async () => {
  server.route('/old.xml', redirect(301, '/new.xml'));
  upsertFeeds(
    t.db,
    [
      { url: server.url('/old.xml'), title: 'Old' },
      { url: server.url('/new.xml'), title: 'New' },
    ],
    'file',
    now,
  );
  for (let i = 0; i < MOVE_AFTER_FETCHES; i++) await cycle();
  const [old, known] = listFeeds(t.db);
  assert.deepEqual(
    [old!.url, old!.enabled, old!.disabled_reason],
    [server.url('/old.xml'), 0, movedOntoKnownFeed(server.url('/new.xml'))],
  );
  assert.equal(known!.enabled, 1);
  // The file sync keeps it off while the file lists both.
  syncFileFeedsEnabled(t.db, [server.url('/old.xml'), server.url('/new.xml')]);
  assert.equal(listFeeds(t.db)[0]!.enabled, 0);
});
