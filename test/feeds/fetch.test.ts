import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import zlib from 'node:zlib';
import { parseRetryAfter } from '../../src/feeds/backoff.js';
import { FeedError } from '../../src/feeds/errors.js';
import { fetchFeed, USER_AGENT, type FetchOptions } from '../../src/feeds/fetch.js';
import {
  etagRoute,
  silentRoute,
  startFeedServer,
  staticRoute,
  trickleRoute,
  type FeedServer,
} from '../helpers/feed-server.js';
import { rss } from '../helpers/fixtures.js';

const FEED = rss([{ title: 'Hello', link: 'http://example.test/a', date: 'Wed, 23 Jul 2025 10:00:00 +0000' }]);
const opts: FetchOptions = { timeoutMs: 1500, maxBytes: 200_000 };
let server: FeedServer;

before(async () => {
  server = await startFeedServer({
    '/feed': staticRoute(FEED),
    '/etag': etagRoute(FEED, '"v1"'),
    '/gzip': staticRoute(zlib.gzipSync(FEED), { 'content-encoding': 'gzip' }),
    '/deflate': staticRoute(zlib.deflateSync(FEED), { 'content-encoding': 'deflate' }),
    '/br': staticRoute(zlib.brotliCompressSync(FEED), { 'content-encoding': 'br' }),
    // ~64 KB on the wire, 64 MB decoded.
    '/bomb': staticRoute(zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 }), {
      'content-encoding': 'gzip',
    }),
    '/big': staticRoute(Buffer.alloc(300_000, 0x20)),
    '/big-chunked': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      for (let i = 0; i < 30; i++) res.write(Buffer.alloc(10_000, 0x20));
      res.end();
    },
    '/trickle': trickleRoute(1000),
    '/silent': silentRoute(),
    '/loop-a': staticRoute('', { location: '/loop-b' }, 302),
    '/loop-b': staticRoute('', { location: '/loop-a' }, 302),
    '/500': staticRoute('oops', {}, 500),
    '/challenge': staticRoute(
      '<html><head><title>Just a moment...</title></head><body>cf-chl</body></html>',
      { 'content-type': 'text/html' },
      403,
    ),
    '/waf405': staticRoute(
      '<!DOCTYPE html><html><body>405 Not Allowed</body></html>',
      { 'content-type': 'text/html' },
      405,
    ),
    '/429': staticRoute('slow down', { 'retry-after': '120' }, 429),
    '/503-date': staticRoute(
      'down for maintenance',
      { date: 'Wed, 21 Oct 2026 07:26:00 GMT', 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' },
      503,
    ),
  });
  for (let i = 0; i < 6; i++)
    server.route(`/hop${i}`, staticRoute('', { location: i === 5 ? '/feed' : `/hop${i + 1}` }, 301));
});
after(() => server.close());

async function failure(path: string, o: FetchOptions = opts): Promise<FeedError> {
  try {
    await fetchFeed(server.url(path), o);
  } catch (err) {
    assert.ok(err instanceof FeedError, `expected FeedError, got ${err}`);
    return err;
  }
  assert.fail(`fetching ${path} should have failed`);
}

test('fetches raw bytes with a descriptive User-Agent and returns validators', async () => {
  const res = await fetchFeed(server.url('/etag'), opts);
  assert.equal(res.kind, 'ok');
  assert.equal(res.kind === 'ok' && res.body.toString(), FEED);
  assert.equal(res.kind === 'ok' && res.etag, '"v1"');
  const seen = server.requests.find((r) => r.path === '/etag')!;
  assert.equal(seen.headers['user-agent'], USER_AGENT);
  assert.match(USER_AGENT, /^secbrief\//);
});

test('a conditional GET with a matching ETag yields not_modified and no body', async () => {
  const res = await fetchFeed(server.url('/etag'), { ...opts, etag: '"v1"' });
  assert.equal(res.kind, 'not_modified');
});

for (const enc of ['gzip', 'deflate', 'br']) {
  test(`decodes ${enc} bodies`, async () => {
    const res = await fetchFeed(server.url(`/${enc}`), opts);
    assert.equal(res.kind === 'ok' && res.body.toString(), FEED);
  });
}

test('a gzip bomb stops at the decoded size cap', async () => {
  const started = Date.now();
  const err = await failure('/bomb', { ...opts, timeoutMs: 10_000 });
  assert.equal(err.reason, 'too_large');
  assert.ok(Date.now() - started < 5_000, 'the cap must stop decompression early');
});

test('bodies over the cap fail whether or not Content-Length announces them', async () => {
  assert.equal((await failure('/big')).reason, 'too_large');
  assert.equal((await failure('/big-chunked')).reason, 'too_large');
});

test('a server trickling one byte a second is cut off at the timeout', async () => {
  const started = Date.now();
  const err = await failure('/trickle');
  const took = Date.now() - started;
  assert.equal(err.reason, 'timeout');
  assert.ok(took >= 1400 && took < 3000, `took ${took} ms`);
});

test('a server that never answers is cut off at the timeout', async () => {
  assert.equal((await failure('/silent')).reason, 'timeout');
});

test('redirect loops and chains over 5 hops fail; 5 hops succeed', async () => {
  assert.equal((await failure('/loop-a')).reason, 'redirects');
  assert.equal((await failure('/hop0')).reason, 'redirects'); // 6 redirects
  const ok = await fetchFeed(server.url('/hop1'), opts); // 5 redirects
  assert.equal(ok.kind, 'ok');
  assert.equal(ok.finalUrl, server.url('/feed'));
});

test('HTTP errors, WAF challenges and Retry-After are classified', async () => {
  const e500 = await failure('/500');
  assert.equal(e500.reason, 'http');
  assert.equal(e500.httpStatus, 500);
  assert.equal((await failure('/challenge')).reason, 'blocked');
  assert.equal((await failure('/waf405')).reason, 'blocked');
  const e429 = await failure('/429');
  assert.equal(e429.retryAfterSec, 120);
  // Retry-After as an HTTP date, two minutes after the response's own Date.
  assert.equal((await failure('/503-date')).retryAfterSec, 120);
});

test("Retry-After: seconds or an HTTP date, measured from the server's Date; past or junk values are ignored", () => {
  const served = 'Wed, 21 Oct 2026 07:26:00 GMT',
    now = Date.parse('Wed, 21 Oct 2026 07:27:00 GMT');
  assert.equal(parseRetryAfter('120', served, now), 120);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', served, now), 120);
  assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:00 GMT', null, now), 60, 'no Date header: from our clock');
  assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:00:00 GMT', served, now), undefined, 'in the past');
  for (const junk of [null, '', 'soon', '-5', '0'])
    assert.equal(parseRetryAfter(junk, served, now), undefined, String(junk));
});

test('non-http URLs and connection failures give clean errors', async () => {
  await assert.rejects(fetchFeed('file:///etc/passwd', opts), (e: FeedError) => e.reason === 'refused');
  await assert.rejects(fetchFeed('javascript:alert(1)', opts), (e: FeedError) => e.reason === 'refused');
  const closed = await startFeedServer();
  const url = closed.url('/x');
  await closed.close();
  await assert.rejects(
    fetchFeed(url, opts),
    (e: FeedError) => e.reason === 'network' && /ECONNREFUSED/.test(e.message),
  );
});
