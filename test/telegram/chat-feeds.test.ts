// Per-chat feeds (issue 13, ALLOW_CHAT_FEEDS=on). End to end through the fake Bot API: a chat's own
// feed is fetched into the shared archive; its story reaches that chat's digest and watch alerts
// and no other chat's, while /search finds it for everyone; removing it keeps the articles. Then
// the command itself over a Dispatcher: the SSRF-guarded test fetch, admins only, the limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { analysePending } from '../../src/digest/analyse.js';
import { ingestFeed } from '../../src/feeds/ingest.js';
import { createAddressGuard, isPublicAddress, type Resolver } from '../../src/feeds/ssrf.js';
import { checkFeedUrl } from '../../src/feeds/validate.js';
import { planDigests } from '../../src/jobs.js';
import { queueWatchAlerts } from '../../src/notify/watch-alerts.js';
import { addChatFeed, UNUSED_CHAT_FEED } from '../../src/store/chat-feeds.js';
import { ensureChat } from '../../src/store/chats.js';
import { listFeeds, upsertFeeds } from '../../src/store/feeds.js';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import type { HandlerEnv } from '../../src/telegram/types.js';
import { analyseDeps, ingestDeps } from '../../src/wiring.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { botSettingsOf } from '../helpers/chats.js';
import { startFeedServer, staticRoute, type FeedServer } from '../helpers/feed-server.js';
import { rss, tempDb, type TempDb } from '../helpers/fixtures.js';
import { nextCall, say } from '../helpers/private-chat.js';
import { addStories } from '../helpers/stories.js';

const OWNER = 701;
const OTHER = 702;
const log = pino({ level: 'silent' });
let server: FeedServer;
let port: string;
// "team.test" is the chat's feed host: it resolves to the loopback server, which this guard alone
// treats as public; every other private address keeps the real check.
const resolver: Resolver = async (host) => {
  if (host === 'team.test') return [{ address: '127.0.0.1', family: 4 }];
  throw Object.assign(new Error(`no such test host ${host}`), { code: 'ENOTFOUND' });
};
const guard = createAddressGuard(resolver, (ip) => ip === '127.0.0.1' || isPublicAddress(ip));
const teamFeed = () => `http://team.test:${port}/feed.xml`;

const siteWith = (href: string) =>
  `<!doctype html><html><head><link rel="alternate" type="application/rss+xml" title="Team" href="${href}"></head></html>`;

before(async () => {
  const date = new Date(Date.now() - 1_800_000).toUTCString();
  const body = rss(
    [
      {
        title: 'Internal advisory: Quokkasoft gateway exposed',
        link: 'https://team.example/a1',
        guid: 'a1',
        date,
        description: 'Quokkasoft gateway exposed on the internet; patch now.',
      },
    ],
    { title: 'Team advisories' },
  );
  server = await startFeedServer({ '/feed.xml': staticRoute(body), '/site': staticRoute(siteWith('/feed.xml')) });
  port = new URL(server.url('/')).port;
});
after(() => server.close());

describe('end to end through the fake Bot API', () => {
  let h: BotHarness;
  before(async () => {
    h = await startBotHarness({ ALLOW_CHAT_FEEDS: 'on', MAX_CHAT_FEEDS: '2', DEFAULT_TIMEZONE: 'UTC' }, (t) =>
      addStories(
        t.db,
        [[{ feed: 'BleepingComputer', title: 'Akira hits a logistics firm', publishedAt: Date.now() - 3_600_000 }]],
        Date.now(),
      ),
    );
  });
  after(() => h.close());
  const send = (chatId: number, text: string) => say(h.api, chatId, text).then((c) => String(c.payload.text));

  test("a chat's own feed reaches that chat's digest and alerts only; search finds it for all", async () => {
    for (const chat of [OWNER, OTHER]) await send(chat, '/start');
    assert.match(await send(OWNER, '/myfeeds'), /no feeds of its own \(up to 2\)/);
    // The bot's own validator keeps the SSRF guard: the loopback server is refused.
    assert.match(await send(OWNER, `/myfeeds add ${server.url('/feed.xml')}`), /Not added: refused: .*SSRF guard/);
    // What a successful add stores (the command's own path is tested below, with a guard that
    // resolves team.test); then one real cycle fetches it through that guard.
    const added = addChatFeed(
      h.t.db,
      OWNER,
      { url: teamFeed(), title: 'Team advisories' },
      { max: 2, total: 10, userId: OWNER, now: Date.now() },
    );
    assert.equal(added.kind, 'added');
    for (const chat of [OWNER, OTHER]) await send(chat, '/watch quokkasoft');
    // This feed only: the seeded stories' feeds have names that are not on loopback.
    const row = listFeeds(h.t.db).find((f) => f.url === teamFeed())!;
    const outcome = await ingestFeed({ ...ingestDeps(h.app), untrustedGuard: guard }, row);
    assert.equal(outcome.status, 'new', outcome.error);
    const analysis = analysePending(analyseDeps(h.app));
    const seen = h.api.calls.length;
    assert.ok(queueWatchAlerts(h.app, analysis.analysedIds) >= 1);
    h.runtime.sender.wake();
    const alert = await nextCall(h.api, OWNER, 'sendMessage', seen);
    assert.match(String(alert.payload.text), /Quokkasoft gateway exposed/);

    const now = new Date();
    const hhmm = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    h.t.db.prepare('UPDATE chats SET digest_time = ?, subscribed_at = ?').run(hhmm, Date.now() - 2 * 3_600_000);
    const before = h.api.calls.length;
    assert.ok((await planDigests(h.app)) >= 2);
    const digestOf = async (chat: number) => String((await nextCall(h.api, chat, 'sendMessage', before)).payload.text);
    const [own, other] = [await digestOf(OWNER), await digestOf(OTHER)];
    assert.match(own, /Quokkasoft gateway exposed/);
    assert.match(own, /Akira hits a logistics firm/);
    assert.doesNotMatch(other, /Quokkasoft/, "another chat's own feed stays out of this digest");
    assert.match(other, /Akira hits a logistics firm/);
    const otherCalls = h.api.calls.slice(seen).filter((c) => Number(c.payload.chat_id) === OTHER);
    assert.ok(!otherCalls.some((c) => /Quokkasoft/.test(String(c.payload.text))), 'no alert for the other chat');

    assert.match(await send(OTHER, '/search quokkasoft'), /Quokkasoft gateway exposed/, 'the archive is shared');
    assert.doesNotMatch(await send(OTHER, '/sources'), /Team advisories/, "another chat's feed is not listed");
    assert.match(await send(OWNER, '/sources'), /Team advisories/);
    const id = row.id;
    assert.match(
      await send(OWNER, '/myfeeds'),
      new RegExp(`own feeds</b> \\(1 of 2\\):\\n<code>${id}</code> Team advisories — 🟢`),
    );
    assert.match(await send(OWNER, `/myfeeds remove ${id}`), /Removed <b>Team advisories<\/b> from this chat/);
    const feed = listFeeds(h.t.db).find((f) => f.id === id)!;
    assert.deepEqual([feed.enabled, feed.disabled_reason], [0, UNUSED_CHAT_FEED]);
    assert.match(await send(OWNER, '/search quokkasoft'), /Quokkasoft gateway exposed/, 'the articles stay');
  });
});

describe('/myfeeds add over a Dispatcher, with the guard that resolves team.test', () => {
  let t: TempDb;
  let dispatcher: Dispatcher;
  const admins = new Set<number>([OWNER]);
  const env = (chatFeeds: { allowed: boolean; max: number; total: number }): HandlerEnv => ({
    db: t.db,
    clock: () => Date.now(),
    log,
    settings: { ...botSettingsOf([]), chatFeeds },
    isChatAdmin: async (_chat, user) => admins.has(user),
    resolveChannel: async () => null,
    validateFeedUrl: (url) => checkFeedUrl(url, { timeoutMs: 5_000, maxBytes: 1_000_000, guard }, log),
    summarizer: { db: t.db, clock: () => Date.now(), log },
  });
  const GROUP = { id: -900, type: 'supergroup' as const, title: 'SOC' };
  const ask = async (text: string, userId = OWNER, chat: typeof GROUP | null = GROUP) => {
    const where = chat ?? { id: userId, type: 'private' as const, title: 'u' };
    const [r] = await dispatcher.handleMessage({
      chat: where,
      threadId: null,
      user: { id: userId, languageCode: 'en' },
      text,
    });
    return r!.html;
  };
  before(() => {
    t = tempDb();
    dispatcher = new Dispatcher(env({ allowed: true, max: 1, total: 1 }), 'secbrief_bot');
  });
  after(() => t.cleanup());

  test('admins only in a group; the test fetch goes through the SSRF guard; one feed at most here', async () => {
    assert.match(await ask(`/myfeeds add ${teamFeed()}`, 5), /admins/i);
    assert.match(
      await ask('/myfeeds add http://10.0.0.5/feed.xml'),
      /Not added: refused: 10\.0\.0\.5 resolves to 10\.0\.0\.5, which is not a public address/,
    );
    assert.match(
      await ask(`/myfeeds add http://team.test:${port}/site`),
      /<code>\/myfeeds add http:\/\/team\.test:\d+\/feed\.xml<\/code>/,
    );
    assert.match(await ask(`/myfeeds add ${teamFeed()}`), /✅ Added <b>Team advisories<\/b> for this chat/);
    assert.match(await ask(`/myfeeds add ${teamFeed()}`), /already has <b>Team advisories<\/b>/);
    assert.match(
      await ask(`/myfeeds add http://team.test:${port}/feed.xml?other`),
      /has 1 feed of its own, the most allowed/,
    );
    const row = listFeeds(t.db).find((f) => f.url === teamFeed())!;
    assert.deepEqual([row.origin, row.chat_only], ['admin', 1], 'untrusted (guarded when fetched), chat-only');
  });

  test('MAX_CHAT_FEEDS_TOTAL (1 here): a new feed is refused once reached; one another chat has is still added', async () => {
    for (const id of [703, 704]) {
      ensureChat(t.db, { id, type: 'private', title: 'p' }, { timezone: 'UTC', digestTime: '09:00' }, Date.now());
    }
    assert.match(
      await ask(`/myfeeds add http://team.test:${port}/feed.xml?second`, 703, null),
      /Not added: this bot fetches 1 feeds of chats' own, the most its operator allows/,
    );
    assert.ok(!listFeeds(t.db).some((f) => f.url.endsWith('?second')), 'nothing written');
    assert.match(await ask(`/myfeeds add ${teamFeed()}`, 704, null), /✅ Added <b>Team advisories<\/b>/);
  });

  test("a feed in the operator's list is everyone's already; an operator adding a chat's feed shares it", async () => {
    const shared = `http://team.test:${port}/feed.xml?shared`;
    upsertFeeds(t.db, [{ url: shared, title: 'Shared' }], 'file', Date.now());
    ensureChat(t.db, { id: OTHER, type: 'private', title: 'o' }, { timezone: 'UTC', digestTime: '09:00' }, Date.now());
    assert.match(await ask(`/myfeeds add ${shared}`, OTHER, null), /already in the bot's shared list/);
    upsertFeeds(t.db, [{ url: teamFeed(), title: 'Team advisories' }], 'admin', Date.now());
    assert.equal(listFeeds(t.db).find((f) => f.url === teamFeed())!.chat_only, 0);
  });

  test('bad input: an unknown verb, something that is not a URL, removing what the chat does not have', async () => {
    assert.match(await ask('/myfeeds frobnicate'), /Unknown: “frobnicate”\. <code>\/myfeeds<\/code> lists/);
    assert.match(await ask('/myfeeds add not-a-url'), /^<code>\/myfeeds<\/code> lists this chat's own feeds/);
    assert.match(await ask('/myfeeds remove 999'), /This chat has no feed “999” of its own/);
    assert.match(await ask('/myfeeds remove 1', 5), /admins/i);
  });

  test('off unless the operator allows it', async () => {
    const off = new Dispatcher(env({ allowed: false, max: 5, total: 200 }), 'secbrief_bot');
    const [r] = await off.handleMessage({
      chat: GROUP,
      threadId: null,
      user: { id: OWNER, languageCode: 'en' },
      text: '/myfeeds add https://x.test/feed',
    });
    assert.match(r!.html, /does not take feeds per chat .*ALLOW_CHAT_FEEDS=on/);
  });
});
