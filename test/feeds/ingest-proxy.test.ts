// The route of each feed with FEEDS_PROXY set (issue 13): an OPML outline's proxy="off" goes direct,
// FEEDS_DIRECT_LANGUAGES sends a language direct unless the outline says proxy="on", and the rest go
// through the proxy. A real ingest cycle over SQLite, a loopback feed server and a loopback proxy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pino from 'pino';
import { proxyFor, runIngestCycle } from '../../src/feeds/ingest.js';
import { parseOpml, renderOpml } from '../../src/feeds/opml.js';
import { createOutboundProxy } from '../../src/net/proxy.js';
import { listFeeds, upsertFeeds } from '../../src/store/feeds.js';
import { startFeedServer, staticRoute, type FeedServer } from '../helpers/feed-server.js';
import { rss, tempDb, type TempDb } from '../helpers/fixtures.js';
import { startConnectProxy, type TestProxy } from '../helpers/proxy-servers.js';

let server: FeedServer;
let proxy: TestProxy;
let t: TempDb;
before(async () => {
  server = await startFeedServer();
  for (const name of ['record', 'secrss', 'freebuf', 'abroad'])
    server.route(`/${name}.xml`, staticRoute(rss([{ title: `${name} story`, link: `http://example.test/${name}` }])));
  proxy = await startConnectProxy();
  t = tempDb();
});
after(async () => {
  await proxy.close();
  await server.close();
  t.cleanup();
});

const OPML = () => `<?xml version="1.0"?><opml version="2.0"><body>
  <outline text="The Record" xmlUrl="${server.url('/record.xml')}" language="en"/>
  <outline text="安全内参" xmlUrl="${server.url('/secrss.xml')}" language="zh-CN"/>
  <outline text="FreeBuf" xmlUrl="${server.url('/freebuf.xml')}" language="en" proxy="off"/>
  <outline text="A Chinese feed hosted abroad" xmlUrl="${server.url('/abroad.xml')}" language="zh" proxy="on"/>
</body></opml>`;

test('proxy="off" and FEEDS_DIRECT_LANGUAGES go direct, proxy="on" and the rest through FEEDS_PROXY', async () => {
  upsertFeeds(t.db, parseOpml(OPML()), 'file', 1);
  const via = createOutboundProxy(proxy.url);
  const report = await runIngestCycle({
    db: t.db,
    clock: () => Date.now(),
    log: pino({ level: 'silent' }),
    fetch: { timeoutMs: 5_000, maxBytes: 100_000, concurrency: 4 },
    proxy: { via, directLanguages: new Set(['zh']) },
  });
  assert.equal(report.failed, 0, JSON.stringify(report.outcomes));
  assert.equal(report.inserted, 4);
  const port = new URL(server.url('/')).port;
  // Each proxied fetch opens its own tunnel: two feeds, two CONNECTs.
  assert.deepEqual(proxy.tunnelled, [`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  const routes = listFeeds(t.db).map((f) => [f.title, proxyFor(f, { via, directLanguages: new Set(['zh']) })?.label]);
  assert.deepEqual(routes, [
    ['The Record', via.label],
    ['安全内参', undefined],
    ['FreeBuf', undefined],
    ['A Chinese feed hosted abroad', via.label],
  ]);
});

test('without FEEDS_PROXY every feed goes direct, whatever the outline says', () => {
  for (const f of listFeeds(t.db)) assert.equal(proxyFor(f, undefined), undefined);
});

test('the file stays the authority on proxy=: removing the attribute restores the default; /addfeed keeps it', () => {
  const withoutOff = OPML().replace(' proxy="off"', '');
  upsertFeeds(t.db, parseOpml(withoutOff), 'file', 2);
  assert.equal(listFeeds(t.db).find((f) => f.title === 'FreeBuf')!.proxy, null);
  upsertFeeds(t.db, parseOpml(OPML()), 'file', 3);
  // A spec that says nothing about the proxy (an /addfeed of the same URL) leaves the choice alone.
  upsertFeeds(t.db, [{ url: server.url('/freebuf.xml'), title: 'FreeBuf' }], 'admin', 4);
  assert.equal(listFeeds(t.db).find((f) => f.title === 'FreeBuf')!.proxy, 'off');
});

test('proxy= values: off/no/false/direct and on/yes/true; /export writes it back', () => {
  const specs = parseOpml(`<opml><body>
    <outline xmlUrl="https://a.test/feed" proxy="DIRECT"/><outline xmlUrl="https://b.test/feed" proxy="yes"/>
    <outline xmlUrl="https://c.test/feed" proxy="maybe"/></body></opml>`);
  assert.deepEqual(
    specs.map((s) => s.proxy),
    ['off', 'on', null],
  );
  const again = parseOpml(renderOpml(specs, 'x', 0));
  assert.deepEqual(
    again.map((s) => [s.url, s.proxy]),
    specs.map((s) => [s.url, s.proxy]),
  );
});
