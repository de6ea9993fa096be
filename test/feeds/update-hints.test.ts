// Polling hints (issue 13): RSS <ttl>, sy:updatePeriod/sy:updateFrequency and Cache-Control
// max-age can make a feed's polling rarer, within bounds — never rarer than the cap (6 h), never
// more frequent than the cycle. The readers, the parser's part, and real ingest cycles on SQLite.
import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import pino from 'pino';
import { runIngestCycle } from '../../src/feeds/ingest.js';
import { parseXmlFeed } from '../../src/feeds/xml-feed.js';
import { cacheHint, documentHint, HINT_CAP_SECONDS, minimumInterval } from '../../src/feeds/update-hints.js';
import { listFeeds, upsertFeeds } from '../../src/store/feeds.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';

const MIN = 60;
const HOUR = 3600;

test('ttl is minutes; sy:updatePeriod over sy:updateFrequency; unreadable values say nothing', () => {
  assert.deepEqual(documentHint({ ttl: '60' }), { seconds: HOUR, source: 'ttl 60 min' });
  assert.deepEqual(documentHint({ updatePeriod: 'hourly', updateFrequency: '2' }), {
    seconds: 30 * MIN,
    source: 'sy:updatePeriod hourly ×2',
  });
  assert.deepEqual(documentHint({ updatePeriod: ' Daily ' }), { seconds: 24 * HOUR, source: 'sy:updatePeriod daily' });
  // Both present: the larger (the more polite).
  assert.equal(
    documentHint({ ttl: '15', updatePeriod: 'hourly', updateFrequency: '1' })?.source,
    'sy:updatePeriod hourly',
  );
  for (const bad of [
    { ttl: 'soon' },
    { ttl: '-5' },
    { ttl: '0' },
    { updatePeriod: 'fortnightly' },
    { updatePeriod: 'constructor' }, // a name every object has: no period
    { updatePeriod: '__proto__' },
    { updateFrequency: '4' },
  ])
    assert.equal(documentHint(bad), null, JSON.stringify(bad));
  assert.equal(
    documentHint({ updatePeriod: 'hourly', updateFrequency: '0' })?.seconds,
    HOUR,
    'frequency 0 is the default 1',
  );
});

test('Cache-Control: max-age only; no-cache, s-maxage and max-age=0 say nothing', () => {
  assert.deepEqual(cacheHint('public, max-age=900'), { seconds: 900, source: 'Cache-Control max-age=900' });
  assert.equal(cacheHint('max-age="1800", must-revalidate')?.seconds, 1800);
  for (const none of ['no-cache', 'no-store, max-age=0', 's-maxage=600', '', null, undefined])
    assert.equal(cacheHint(none), null, String(none));
});

test('bounds: the largest hint wins, capped at 6 h by default or at the configured cap; 0 ignores hints', () => {
  const ttl = { seconds: HOUR, source: 'ttl 60 min' };
  const weekly = { seconds: 7 * 24 * HOUR, source: 'sy:updatePeriod weekly' };
  assert.deepEqual(minimumInterval([ttl, null]), ttl);
  assert.deepEqual(minimumInterval([ttl, weekly]), {
    seconds: HINT_CAP_SECONDS,
    source: 'sy:updatePeriod weekly, capped at 6 h',
  });
  assert.equal(HINT_CAP_SECONDS, 6 * HOUR);
  assert.deepEqual(minimumInterval([ttl], 30 * MIN), { seconds: 30 * MIN, source: 'ttl 60 min, capped at 30 min' });
  assert.equal(minimumInterval([ttl, weekly], 0), null);
  assert.equal(minimumInterval([null, null]), null);
});

test('the parser reads the hints from RSS 2.0, RSS 1.0 (RDF) and Atom, under any prefix', async () => {
  const rss = await parseXmlFeed(`<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>
    <title>WP</title><ttl>30</ttl><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>
    <item><title>a</title><link>https://a.test/1</link></item></channel></rss>`);
  assert.deepEqual(rss.updateHints, { ttl: '30', updatePeriod: 'hourly', updateFrequency: '1' });
  const rdf = await parseXmlFeed(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    xmlns="http://purl.org/rss/1.0/" xmlns:syn="http://purl.org/rss/1.0/modules/syndication/">
    <channel><title>R</title><syn:updatePeriod>daily</syn:updatePeriod></channel>
    <item><title>a</title><link>https://a.test/1</link></item></rdf:RDF>`);
  assert.equal(rdf.updateHints?.updatePeriod, 'daily');
  const atom =
    await parseXmlFeed(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
    <title>A</title><sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>
    <entry><title>a</title><id>x</id><link href="https://a.test/1"/></entry></feed>`);
  assert.deepEqual(atom.updateHints, { ttl: undefined, updatePeriod: 'hourly', updateFrequency: '4' });
  const plain = await parseXmlFeed('<rss><channel><title>P</title><item><title>a</title></item></channel></rss>');
  assert.equal(plain.updateHints, undefined);
});

// --- real cycles -------------------------------------------------------------------------------

let server: FeedServer;
let t: TempDb;
let now = Date.UTC(2026, 11, 1, 9);
let served = { ttl: '', cacheControl: '', notModified: false };

beforeEach(async () => {
  await server?.close();
  t?.cleanup();
  served = { ttl: '', cacheControl: '', notModified: false };
  server = await startFeedServer({
    '/feed.xml': (_req, res) => {
      const headers = { 'content-type': 'application/rss+xml', etag: '"v1"', 'cache-control': served.cacheControl };
      if (served.notModified) return void res.writeHead(304, headers).end();
      const ttl = served.ttl ? `<ttl>${served.ttl}</ttl>` : '';
      res
        .writeHead(200, headers)
        .end(
          `<rss><channel><title>T</title>${ttl}<item><title>a</title><link>https://a.test/1</link></item></channel></rss>`,
        );
    },
  });
  t = tempDb();
  upsertFeeds(t.db, [{ url: server.url('/feed.xml'), title: 'Hinted' }], 'file', now);
});
after(async () => {
  await server.close();
  t.cleanup();
});

async function cycleAt(minutesLater: number, hintCapSeconds?: number): Promise<number> {
  now += minutesLater * 60_000;
  const before = server.requests.length;
  const log = pino({ level: 'silent' });
  await runIngestCycle({
    db: t.db,
    clock: () => now,
    log,
    fetch: { timeoutMs: 3000, maxBytes: 100_000, concurrency: 2 },
    hintCapSeconds,
  });
  return server.requests.length - before;
}
const feed = () => listFeeds(t.db)[0]!;

test('a feed with <ttl>60</ttl> is fetched hourly on a 20-minute cron, not every cycle', async () => {
  served.ttl = '60';
  assert.equal(await cycleAt(0), 1);
  assert.deepEqual([feed().min_interval_s, feed().interval_hint], [HOUR, 'ttl 60 min']);
  assert.equal(await cycleAt(20), 0);
  assert.equal(await cycleAt(20), 0);
  assert.equal(await cycleAt(20), 1, 'due again at the hour (a little slack for the cycle start)');
});

test('a 304 keeps the document hint; its Cache-Control max-age counts when larger; a huge ttl is capped', async () => {
  served.ttl = '60';
  await cycleAt(0);
  served.notModified = true;
  served.cacheControl = 'max-age=10800';
  assert.equal(await cycleAt(60), 1);
  assert.deepEqual(
    [feed().last_status, feed().min_interval_s, feed().interval_hint],
    ['not_modified', 3 * HOUR, 'Cache-Control max-age=10800'],
  );
  assert.equal(feed().doc_hint, 'ttl 60 min', 'the document hint survives a 304');
  served.notModified = false;
  served.cacheControl = '';
  served.ttl = '100000';
  assert.equal(await cycleAt(180), 1);
  assert.deepEqual([feed().min_interval_s, feed().interval_hint], [6 * HOUR, 'ttl 100000 min, capped at 6 h']);
  assert.equal(await cycleAt(5 * 60), 0);
  assert.equal(await cycleAt(60), 1, 'never slower than 6 h');
});

test('FEED_HINT_MAX_MINUTES=0: hints are ignored and every cycle fetches', async () => {
  served.ttl = '60';
  assert.equal(await cycleAt(0, 0), 1);
  assert.deepEqual([feed().min_interval_s, feed().doc_hint], [null, 'ttl 60 min']);
  assert.equal(await cycleAt(20, 0), 1);
});
