// Feeds fetched through FEEDS_PROXY (issue 13): real loopback CONNECT and SOCKS5 proxies, a real
// feed server. The SSRF guard still decides what may be fetched, and a proxy never hears of a
// private address. The test proxies refuse non-loopback targets themselves, so nothing leaves 127.0.0.1.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FeedError } from '../../src/feeds/errors.js';
import { fetchFeed } from '../../src/feeds/fetch.js';
import { createAddressGuard, isPublicAddress, type Resolver } from '../../src/feeds/ssrf.js';
import { createOutboundProxy } from '../../src/net/proxy.js';
import { rss } from '../helpers/fixtures.js';
import { startFeedServer, staticRoute, type FeedServer } from '../helpers/feed-server.js';
import { startConnectProxy, startSocks5Proxy, type TestProxy } from '../helpers/proxy-servers.js';

const LIMITS = { timeoutMs: 5_000, maxBytes: 1_000_000 };
const FEED = rss([{ title: 'Casio ransomware', link: 'https://example.test/casio', guid: 'c1' }]);
const AUTH = { user: 'analyst', pass: 'pr0xy-s3cret-Pass' };

let feeds: FeedServer;
let port: number;
before(async () => {
  feeds = await startFeedServer({ '/feed.xml': staticRoute(FEED) });
  port = Number(new URL(feeds.url('/')).port);
  feeds.route('/to-private', (_req, res) => void res.writeHead(301, { location: 'http://10.0.0.5/feed.xml' }).end());
});
after(() => feeds.close());

// "feed.test" is this test's public site: it resolves to the loopback feed server, which the
// injected check treats as public; everything else keeps the real check.
const resolver: Resolver = async (host) => {
  if (host === 'feed.test') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'internal.test') return [{ address: '10.0.0.5', family: 4 }];
  throw Object.assign(new Error(`no such test host ${host}`), { code: 'ENOTFOUND' });
};
const guard = createAddressGuard(resolver, (ip) => ip === '127.0.0.1' || isPublicAddress(ip));

const kinds: Array<[string, (opts?: { auth?: typeof AUTH }) => Promise<TestProxy>]> = [
  ['HTTP CONNECT', startConnectProxy],
  ['SOCKS5', startSocks5Proxy],
];

for (const [kind, start] of kinds) {
  describe(`feeds through a ${kind} proxy`, () => {
    test('a trusted feed is fetched through the proxy, with credentials', async () => {
      const proxy = await start({ auth: AUTH });
      try {
        const res = await fetchFeed(feeds.url('/feed.xml'), { ...LIMITS, proxy: createOutboundProxy(proxy.url) });
        assert.equal(res.kind, 'ok');
        assert.match(res.kind === 'ok' ? res.body.toString() : '', /Casio ransomware/);
        assert.deepEqual(proxy.tunnelled, [`127.0.0.1:${port}`]);
        assert.equal(proxy.authFailures, 0);
      } finally {
        await proxy.close();
      }
    });

    test('an untrusted feed: the guard resolves the name, the proxy is asked for the checked address', async () => {
      const proxy = await start();
      try {
        const seen = feeds.requests.length;
        const url = `http://feed.test:${port}/feed.xml`;
        const res = await fetchFeed(url, { ...LIMITS, guard, proxy: createOutboundProxy(proxy.url) });
        assert.equal(res.kind, 'ok');
        // Pinned: the proxy never resolves the name itself (it could resolve it inward).
        assert.deepEqual(proxy.requested, [`127.0.0.1:${port}`]);
        assert.equal(feeds.requests[seen]?.headers.host, `feed.test:${port}`);
      } finally {
        await proxy.close();
      }
    });

    test('a private address is refused before any tunnel is asked for, also after a redirect', async () => {
      const proxy = await start();
      const via = createOutboundProxy(proxy.url);
      try {
        await assert.rejects(
          fetchFeed('http://internal.test/feed.xml', { ...LIMITS, guard, proxy: via }),
          (e: FeedError) => e.reason === 'refused' && /10\.0\.0\.5/.test(e.message),
        );
        await assert.rejects(
          fetchFeed('http://169.254.169.254/latest/meta-data/', { ...LIMITS, guard, proxy: via }),
          (e: FeedError) => e.reason === 'refused',
        );
        assert.deepEqual(proxy.requested, [], 'no CONNECT for a private address');
        await assert.rejects(
          fetchFeed(`http://feed.test:${port}/to-private`, { ...LIMITS, guard, proxy: via }),
          (e: FeedError) => e.reason === 'refused' && /10\.0\.0\.5/.test(e.message),
        );
        assert.deepEqual(proxy.requested, [`127.0.0.1:${port}`], 'only the public first hop went through');
      } finally {
        await proxy.close();
      }
    });

    test('wrong credentials: a proxy error that names the proxy and not the password', async () => {
      const proxy = await start({ auth: AUTH });
      const wrong = proxy.url.replace(encodeURIComponent(AUTH.pass), 'not-the-password');
      try {
        const err = await fetchFeed(feeds.url('/feed.xml'), { ...LIMITS, proxy: createOutboundProxy(wrong) }).then(
          () => assert.fail('fetched with wrong proxy credentials'),
          (e: unknown) => e as FeedError,
        );
        assert.ok(err instanceof FeedError);
        assert.equal(err.reason, 'proxy', err.summary);
        assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${proxy.port}`));
        assert.doesNotMatch(err.summary, /not-the-password|analyst/);
        assert.equal(proxy.authFailures, 1);
      } finally {
        await proxy.close();
      }
    });
  });
}

test('a dead proxy is a clear per-feed error: which proxy, and that it is unreachable', async () => {
  for (const start of [startConnectProxy, startSocks5Proxy]) {
    const proxy = await start({ auth: AUTH });
    await proxy.close(); // the port is now closed: connections are refused
    const err = await fetchFeed(feeds.url('/feed.xml'), { ...LIMITS, proxy: createOutboundProxy(proxy.url) }).then(
      () => assert.fail('fetched through a closed proxy'),
      (e: unknown) => e as FeedError,
    );
    assert.equal(err.reason, 'proxy', err.summary);
    assert.match(
      err.message,
      new RegExp(`proxy \\w+://127\\.0\\.0\\.1:${proxy.port} is unreachable \\(ECONNREFUSED\\)`),
    );
    assert.doesNotMatch(err.summary, new RegExp(AUTH.pass));
  }
});

test('the CONNECT proxy refusing a target reads as the proxy refusing, not as the feed answering 403', async () => {
  const proxy = await startConnectProxy();
  try {
    // The test proxy refuses non-loopback targets; a trusted feed on a public name goes to the proxy unresolved.
    const err = await fetchFeed('http://example.com/feed.xml', {
      ...LIMITS,
      proxy: createOutboundProxy(proxy.url),
    }).then(
      () => assert.fail('tunnelled off loopback'),
      (e: unknown) => e as FeedError,
    );
    assert.equal(err.reason, 'proxy');
    assert.match(err.message, /refused the tunnel: HTTP 403/);
    assert.deepEqual(proxy.tunnelled, []);
  } finally {
    await proxy.close();
  }
});
