import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import zlib from 'node:zlib';
import pino from 'pino';
import { GONE_REASON, runIngestCycle, type IngestDeps } from '../../src/feeds/ingest.js';
import { listFeeds, setFeedEnabled, syncFileFeedsEnabled, upsertFeeds } from '../../src/store/feeds.js';
import {
  etagRoute,
  silentRoute,
  startFeedServer,
  staticRoute,
  trickleRoute,
  type FeedServer,
} from '../helpers/feed-server.js';
import { rss, tempDb, type TempDb } from '../helpers/fixtures.js';

const T0 = Date.UTC(2025, 6, 24, 12);
let server: FeedServer;
let t: TempDb;
let now = T0;

const deps = (over: Partial<IngestDeps['fetch']> = {}): IngestDeps => ({
  db: t.db,
  clock: () => now,
  log: pino({ level: 'silent' }),
  fetch: { timeoutMs: 1500, maxBytes: 100_000, concurrency: 48, ...over },
});

const items = (n: number, prefix: string, guidPrefix = 'g') =>
  Array.from({ length: n }, (_, i) => ({
    title: `${prefix} story ${i}`,
    link: `http://example.test/${prefix}/${i}?utm_source=rss`,
    guid: `${guidPrefix}-${i}`,
    date: `Wed, 23 Jul 2025 ${String(10 + i).padStart(2, '0')}:00:00 +0000`,
    description: `<p>Body of ${prefix} ${i}</p>`,
  }));

function addFeeds(paths: string[]): void {
  upsertFeeds(
    t.db,
    paths.map((p) => ({ url: server.url(p), title: p })),
    'file',
    now,
  );
}

const articleCount = () => t.db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
const feedRow = (path: string) => listFeeds(t.db).find((f) => f.url === server.url(path))!;

before(async () => {
  server = await startFeedServer();
});
after(() => server.close());
beforeEach(() => {
  t = tempDb();
  now = T0;
});
afterEach(() => t.cleanup());

test('bad feeds end in a recorded per-feed reason while healthy feeds in the same cycle are stored', async () => {
  const cases: Record<string, [ReturnType<typeof staticRoute>, string]> = {
    '/not-rss': [staticRoute('<?xml version="1.0"?><catalog><book><title>x</title></book></catalog>'), 'not_feed'],
    '/binary': [
      staticRoute(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]), { 'content-type': 'image/png' }),
      'not_feed',
    ],
    '/html': [
      staticRoute('<!DOCTYPE html><html><body>hello</body></html>', { 'content-type': 'text/html' }),
      'blocked',
    ],
    '/empty': [staticRoute(''), 'not_feed'],
    '/entities': [
      staticRoute(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>',
      ),
      'not_feed',
    ],
    '/xxe': [
      staticRoute(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>',
      ),
      'not_feed',
    ],
    '/bomb': [staticRoute(zlib.gzipSync(Buffer.alloc(20_000_000, 0x20)), { 'content-encoding': 'gzip' }), 'too_large'],
    '/huge': [staticRoute(Buffer.alloc(500_000, 0x20)), 'too_large'],
    '/trickle': [trickleRoute(1000), 'timeout'],
    '/loop': [staticRoute('', { location: '/loop' }, 302), 'redirects'],
    '/gone': [staticRoute('gone', {}, 410), 'http'],
  };
  for (const [path, [route]] of Object.entries(cases)) server.route(path, route);
  server.route('/healthy-1', staticRoute(rss(items(3, 'one'))));
  server.route('/healthy-2', staticRoute(rss(items(2, 'two'))));
  // Truncated XML is recovered by the lenient pass: the complete item is kept, cleaned.
  server.route(
    '/truncated',
    staticRoute('<rss version="2.0"><channel><item><title>Recovered &amp; kept</title></item><item><desc'),
  );
  addFeeds([...Object.keys(cases), '/healthy-1', '/healthy-2', '/truncated']);

  const started = Date.now();
  const report = await runIngestCycle(deps(), { force: true });
  assert.ok(Date.now() - started < 1500 + 2500, 'the cycle ends within about one timeout');
  assert.equal(articleCount(), 5 + 1);
  assert.equal(feedRow('/truncated').last_status, 'ok');
  assert.ok(t.db.prepare("SELECT 1 FROM articles WHERE title = 'Recovered & kept'").get());
  assert.equal(report.failed, Object.keys(cases).length);
  for (const [path, [, reason]] of Object.entries(cases)) {
    const row = feedRow(path);
    assert.equal(row.last_error_reason, reason, `${path}: ${row.last_error}`);
    assert.ok(row.last_error && row.last_error.length < 500, `${path} has a one-line reason`);
    assert.equal(row.fail_streak, 1);
    // Only a 410 Gone disables a feed (the publisher removed it); any other failure only backs off.
    assert.equal(row.enabled, path === '/gone' ? 0 : 1, `${path}: enabled`);
    assert.ok(row.next_fetch_at > now, 'a failing feed backs off');
  }
});

test('failures back off exponentially, are never auto-disabled, and a success resets the streak', async () => {
  server.route('/flaky', staticRoute('down', {}, 503));
  addFeeds(['/flaky']);
  const waits: number[] = [];
  for (let i = 0; i < 5; i++) {
    await runIngestCycle(deps());
    const row = feedRow('/flaky');
    waits.push(row.next_fetch_at - now);
    now = row.next_fetch_at; // the next cycle runs exactly when the backoff expires
  }
  assert.deepEqual(
    waits.map((w) => w / 60_000),
    [10, 20, 40, 80, 160],
  );
  assert.equal(feedRow('/flaky').fail_streak, 5);
  assert.equal(feedRow('/flaky').enabled, 1);
  // A feed still backing off is skipped by the scheduled cycle (but not by a forced one).
  now = feedRow('/flaky').next_fetch_at - 1;
  assert.equal((await runIngestCycle(deps())).outcomes.length, 0);

  server.route('/flaky', staticRoute(rss(items(1, 'back'))));
  now += 1;
  await runIngestCycle(deps());
  const row = feedRow('/flaky');
  assert.equal(row.fail_streak, 0);
  assert.equal(row.last_status, 'ok');
  assert.equal(row.last_error, null);
});

test('a cycle of 40 dead or silent hosts ends in about one timeout', async () => {
  server.route('/silent', silentRoute());
  const dead = await startFeedServer();
  const deadUrl = dead.url('/feed');
  await dead.close();
  const specs = Array.from({ length: 40 }, (_, i) => ({
    url: i % 2 ? `${server.url('/silent')}?n=${i}` : `${deadUrl}?n=${i}`,
    title: `f${i}`,
  }));
  upsertFeeds(t.db, specs, 'file', now);
  const started = Date.now();
  const report = await runIngestCycle(deps({ timeoutMs: 1000 }), { force: true });
  const took = Date.now() - started;
  assert.equal(report.failed, 40);
  assert.ok(took < 2500, `40 feeds took ${took} ms with a 1000 ms timeout`);
});

test('fetching twice stores nothing twice; GUID churn with stable links creates no article', async () => {
  server.route('/feed', staticRoute(rss(items(4, 'a'))));
  addFeeds(['/feed']);
  await runIngestCycle(deps(), { force: true });
  assert.equal(articleCount(), 4);
  const second = await runIngestCycle(deps(), { force: true });
  assert.equal(second.inserted, 0);
  assert.equal(second.outcomes[0]!.status, 'unchanged');

  server.route('/feed', staticRoute(rss(items(4, 'a', 'churned'))));
  const third = await runIngestCycle(deps(), { force: true });
  assert.equal(third.inserted, 0);
  assert.equal(articleCount(), 4);
  const guids = t.db.prepare('SELECT guid FROM articles ORDER BY guid').pluck().all();
  assert.deepEqual(guids, ['churned-0', 'churned-1', 'churned-2', 'churned-3'], 'rows adopt the new GUIDs');
});

test('a changed item is updated in place and re-indexed', async () => {
  const original = items(2, 'u');
  server.route('/feed', staticRoute(rss(original)));
  addFeeds(['/feed']);
  await runIngestCycle(deps(), { force: true });
  const before = t.db.prepare('SELECT id, title FROM articles WHERE guid = ?').get('g-0') as { id: number };
  server.route(
    '/feed',
    staticRoute(rss([{ ...original[0]!, title: 'Casio confirms ransomware attack' }, original[1]!])),
  );
  const report = await runIngestCycle(deps(), { force: true });
  assert.equal(report.outcomes[0]!.updated, 1);
  const afterRow = t.db.prepare('SELECT id, title FROM articles WHERE guid = ?').get('g-0') as {
    id: number;
    title: string;
  };
  assert.equal(afterRow.id, before.id);
  assert.equal(afterRow.title, 'Casio confirms ransomware attack');
  assert.equal(articleCount(), 2);
  const hits = t.db.prepare("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'casio'").pluck().all();
  assert.deepEqual(hits, [before.id]);
  const stale = t.db.prepare('SELECT rowid FROM articles_fts WHERE articles_fts MATCH \'"u story 0"\'').pluck().all();
  assert.deepEqual(stale, [], 'the old text is no longer indexed');
});

test('a batch that fails half-way writes nothing for that feed and the feed records the error', async () => {
  server.route(
    '/feed',
    staticRoute(rss([...items(3, 'ok'), { title: 'poison', link: 'http://example.test/p', guid: 'p' }])),
  );
  server.route('/other', staticRoute(rss(items(2, 'other', 'o'))));
  addFeeds(['/feed', '/other']);
  t.db.exec(
    "CREATE TRIGGER poison BEFORE INSERT ON articles WHEN new.title = 'poison' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
  );
  const report = await runIngestCycle(deps(), { force: true });
  const feedId = feedRow('/feed').id;
  assert.equal(t.db.prepare('SELECT count(*) FROM articles WHERE feed_id = ?').pluck().get(feedId), 0);
  assert.equal(t.db.prepare('SELECT count(*) FROM articles_fts').pluck().get(), 2, 'no orphan index rows');
  assert.equal(feedRow('/feed').last_error_reason, 'internal');
  assert.equal(report.outcomes.find((o) => o.feedId === feedId)!.status, 'error');
  assert.equal(articleCount(), 2, 'the other feed is unaffected');
});

test('items with script tags, NUL bytes, invalid UTF-8, no links and bad dates are cleaned, not dropped', async () => {
  const nasty = Buffer.concat([
    Buffer.from('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>n</title>'),
    Buffer.from(
      '<item><title>&lt;script&gt;alert(1)&lt;/script&gt;Patch now</title><link>javascript:alert(1)</link><pubDate>not a date</pubDate></item>',
    ),
    Buffer.from('<item><title>Bad '),
    Buffer.from([0xff, 0xfe, 0x00]),
    Buffer.from(' bytes</title><description>x</description></item>'),
    Buffer.from('<item><description>only a description here</description></item>'),
    Buffer.from('</channel></rss>'),
  ]);
  server.route('/nasty', staticRoute(nasty));
  addFeeds(['/nasty']);
  const report = await runIngestCycle(deps(), { force: true });
  assert.equal(report.outcomes[0]!.status, 'new', report.outcomes[0]!.error);
  const rows = t.db
    .prepare('SELECT title, url, published_at, date_missing FROM articles ORDER BY title')
    .all() as Array<{ title: string; url: string | null; published_at: number; date_missing: number }>;
  assert.equal(rows.length, 3);
  for (const r of rows) {
    assert.doesNotMatch(r.title, /<script|alert\(1\)|\u0000/);
    assert.equal(r.url, null, 'javascript: links are dropped');
    assert.equal(r.published_at, now);
    assert.equal(r.date_missing, 1);
  }
  assert.ok(rows.some((r) => r.title === 'Patch now'));
  // Re-fetching items that have neither guid nor link nor date creates no duplicates.
  now += 3_600_000;
  assert.equal((await runIngestCycle(deps(), { force: true })).inserted, 0);
});

test('a second fetch is conditional; a 304 is recorded and costs no parse', async () => {
  server.route('/cond', etagRoute(rss(items(2, 'c')), '"abc"'));
  addFeeds(['/cond']);
  await runIngestCycle(deps(), { force: true });
  assert.equal(feedRow('/cond').etag, '"abc"');
  server.requests.length = 0;
  const report = await runIngestCycle(deps(), { force: true });
  assert.equal(server.requests[0]!.headers['if-none-match'], '"abc"');
  assert.equal(report.outcomes[0]!.status, 'not_modified');
  assert.equal(report.outcomes[0]!.items, 0, 'nothing was parsed');
  const row = feedRow('/cond');
  assert.deepEqual(
    [row.last_status, row.last_http_status, row.not_modified_count, row.fetch_count],
    ['not_modified', 304, 1, 2],
  );
});

test('a 410 Gone disables the feed with its reason; the file sync keeps it off; /addfeed turns it back on', async () => {
  server.route('/gone', staticRoute('gone', { 'content-type': 'text/plain' }, 410));
  server.route('/missing-today', staticRoute('not found', { 'content-type': 'text/plain' }, 404));
  addFeeds(['/gone', '/missing-today']);
  await runIngestCycle(deps());
  assert.equal(feedRow('/gone').enabled, 0);
  assert.equal(feedRow('/gone').disabled_reason, GONE_REASON);
  assert.equal(feedRow('/missing-today').enabled, 1, 'a 404 may be a broken deploy: the feed stays on');
  const asked = () => server.requests.filter((r) => r.path === '/gone').length;
  const before = asked();
  now += 86_400_000;
  await runIngestCycle(deps(), { force: true });
  assert.equal(asked(), before, 'not fetched again');
  // A restart syncs FEEDS_FILE, which still lists it: it stays disabled, with its reason.
  syncFileFeedsEnabled(t.db, [server.url('/gone'), server.url('/missing-today')]);
  assert.deepEqual([feedRow('/gone').enabled, feedRow('/gone').disabled_reason], [0, GONE_REASON]);
  setFeedEnabled(t.db, server.url('/gone'), true);
  assert.deepEqual([feedRow('/gone').enabled, feedRow('/gone').disabled_reason], [1, null]);
});
