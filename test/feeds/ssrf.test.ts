// The SSRF guard is tested on its address check and with an injected resolver: no test ever
// lets a request reach 10.x, 169.254.x or any other non-loopback address.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FeedError } from '../../src/feeds/errors.js';
import { fetchFeed } from '../../src/feeds/fetch.js';
import { createAddressGuard, isPublicAddress, type Resolver } from '../../src/feeds/ssrf.js';
import { startFeedServer, staticRoute, type FeedServer } from '../helpers/feed-server.js';
import { rss } from '../helpers/fixtures.js';

test('address check: loopback, private, link-local, CGNAT, multicast and metadata are refused', () => {
  const refused = [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    'not-an-ip',
  ];
  for (const ip of refused) assert.equal(isPublicAddress(ip), false, ip);
  for (const ip of ['1.1.1.1', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:1.1.1.1'])
    assert.equal(isPublicAddress(ip), true, ip);
});

const LOOPBACK_IS_PUBLIC = (ip: string) => ip === '127.0.0.1' || isPublicAddress(ip);
let server: FeedServer;
const resolved: string[] = [];
// A fake DNS: names that point inward, and one that points at our loopback test server.
const resolver: Resolver = async (host) => {
  resolved.push(host);
  const table: Record<string, string> = {
    'feed.test': '127.0.0.1',
    'metadata.test': '169.254.169.254',
    'intranet.test': '10.0.0.5',
  };
  return table[host] ? [{ address: table[host]!, family: 4 }] : [];
};

before(async () => {
  server = await startFeedServer({ '/feed': staticRoute(rss([{ title: 'ok', link: 'http://x.test/1' }])) });
  const port = new URL(server.url('/')).port;
  server.route('/to-metadata', staticRoute('', { location: `http://metadata.test:${port}/latest/meta-data/` }, 302));
  server.route('/to-loopback-literal', staticRoute('', { location: 'http://127.0.0.2/' }, 302));
});
after(() => server.close());

const opts = { timeoutMs: 2000, maxBytes: 100_000 };
const url = (host: string, path: string) => server.url(path).replace('127.0.0.1', host);

test('a name resolving to a private address is refused before any connection', async () => {
  const guard = createAddressGuard(resolver);
  await assert.rejects(
    fetchFeed(url('intranet.test', '/feed'), { ...opts, guard }),
    (e: FeedError) => e.reason === 'refused' && /10\.0\.0\.5/.test(e.message),
  );
  assert.equal(server.requests.length, 0);
});

test('literal private IPs are refused without a lookup', async () => {
  const guard = createAddressGuard(resolver);
  await assert.rejects(
    fetchFeed(server.url('/feed'), { ...opts, guard }),
    (e: FeedError) => e.reason === 'refused' && /127\.0\.0\.1/.test(e.message),
  );
  await assert.rejects(fetchFeed('http://[::1]:9/feed', { ...opts, guard }), (e: FeedError) => e.reason === 'refused');
  assert.equal(server.requests.length, 0);
});

test('the check repeats after every redirect', async () => {
  const guard = createAddressGuard(resolver, LOOPBACK_IS_PUBLIC);
  const ok = await fetchFeed(url('feed.test', '/feed'), { ...opts, guard });
  assert.equal(ok.kind, 'ok', 'an allowed address is fetched');
  await assert.rejects(
    fetchFeed(url('feed.test', '/to-metadata'), { ...opts, guard }),
    (e: FeedError) => e.reason === 'refused' && /169\.254\.169\.254/.test(e.message),
  );
  await assert.rejects(
    fetchFeed(url('feed.test', '/to-loopback-literal'), { ...opts, guard }),
    (e: FeedError) => e.reason === 'refused' && /127\.0\.0\.2/.test(e.message),
  );
  assert.deepEqual(
    server.requests.map((r) => r.path),
    ['/feed', '/to-metadata', '/to-loopback-literal'],
  );
});
