// Feed health alerts: one "down" alert after FEED_ALERT_HOURS of failure, one "recovered",
// never more, over real SQLite and a real ingest cycle against a loopback WAF-style server.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { formatDuration, reasonLabel } from '../../src/format/feed-status.js';
import { planHealthAlerts, queueFeedHealthAlerts } from '../../src/notify/feed-health.js';
import { runIngestCycle } from '../../src/feeds/ingest.js';
import { migrate, MIGRATIONS_DIR, openDatabase, readMigrations, type Db } from '../../src/store/db.js';
import {
  listFeeds,
  recordFetchFailure,
  recordFetchSuccess,
  setFeedEnabled,
  upsertFeeds,
  type FeedRow,
} from '../../src/store/feeds.js';
import { startFeedServer, staticRoute } from '../helpers/feed-server.js';
import { rss, tempDb, tempDir } from '../helpers/fixtures.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 6, 1, 8, 0);
const ADMINS = [900, 901];

function fail(
  db: Db,
  feedId: number,
  now: number,
  reason = 'blocked',
  message = 'WAF challenge page (HTTP 403)',
): void {
  recordFetchFailure(db, feedId, { reason, message: `${reason}: ${message}`, httpStatus: 403, now, nextFetchAt: now });
}
function succeed(db: Db, feedId: number, now: number): void {
  recordFetchSuccess(db, feedId, {
    httpStatus: 200,
    notModified: false,
    etag: null,
    lastModified: null,
    now,
    nextFetchAt: now,
  });
}
const outbox = (db: Db) =>
  db.prepare('SELECT chat_id, kind, method, payload FROM outbox ORDER BY id').all() as Array<{
    chat_id: number;
    kind: string;
    method: string;
    payload: string;
  }>;
const textOf = (row: { payload: string }) => String((JSON.parse(row.payload) as { text: string }).text);
const feed = (db: Db, id: number) => listFeeds(db).find((f) => f.id === id)!;

test('failing_since starts with the first failure of a streak and clears on success', () => {
  const t = tempDb(T0);
  try {
    upsertFeeds(t.db, [{ url: 'https://a.test/feed', title: 'A' }], 'file', T0);
    fail(t.db, 1, T0);
    fail(t.db, 1, T0 + HOUR);
    assert.equal(feed(t.db, 1).failing_since, T0);
    assert.equal(feed(t.db, 1).fail_streak, 2);
    succeed(t.db, 1, T0 + 2 * HOUR);
    assert.equal(feed(t.db, 1).failing_since, null);
    fail(t.db, 1, T0 + 3 * HOUR);
    assert.equal(feed(t.db, 1).failing_since, T0 + 3 * HOUR);
  } finally {
    t.cleanup();
  }
});

test('planning: strictly more than the threshold, enabled feeds only, disabled open alerts dropped', () => {
  const base = { enabled: 1, last_status: 'error', failing_since: T0, fail_streak: 3 } as const;
  const feeds = [
    { ...base, id: 1 },
    { ...base, id: 2, failing_since: T0 + 1 },
    { ...base, id: 3, enabled: 0 },
    { ...base, id: 4, last_status: 'ok', failing_since: null },
  ] as unknown as FeedRow[];
  const at = T0 + 24 * HOUR + 1;
  const plan = planHealthAlerts(feeds, [], at, 24 * HOUR);
  assert.deepEqual(
    plan.down.map((f) => f.id),
    [1],
    'feed 2 is exactly at 24 h: not yet',
  );
  const open = [3, 4, 99].map((feed_id) => ({ feed_id, down_since: T0, alerted_at: T0, fail_streak: 1 }));
  const later = planHealthAlerts(feeds, open, at, 24 * HOUR);
  assert.deepEqual(
    later.recovered.map((r) => r.feed.id),
    [4],
  );
  assert.deepEqual(later.dropped.sort(), [3, 99]);
  assert.equal(formatDuration(45 * 60_000), '45 min');
  assert.equal(formatDuration(26 * HOUR), '26 h');
  assert.equal(formatDuration(74 * HOUR), '3 d 2 h');
  assert.equal(reasonLabel('blocked'), 'blocked (challenge page)');
});

test('a feed failing for a week gives exactly one "down" and one "recovered" alert per admin', () => {
  const t = tempDb(T0);
  try {
    upsertFeeds(
      t.db,
      [
        { url: 'https://freebuf.test/feed', title: 'FreeBuf <中文> & co' },
        { url: 'https://ok.test/feed', title: 'Healthy' },
      ],
      'file',
      T0,
    );
    const deps = (now: number) => ({ db: t.db, clock: () => now, adminIds: new Set(ADMINS), alertHours: 24 });
    let queued = 0;
    // A cycle every 20 minutes for a week: feed 1 fails every time, feed 2 is fine.
    for (let now = T0; now < T0 + 7 * 24 * HOUR; now += HOUR / 3) {
      fail(t.db, 1, now);
      succeed(t.db, 2, now);
      queued += queueFeedHealthAlerts(deps(now));
    }
    assert.equal(queued, 2, 'one message per admin');
    const down = outbox(t.db);
    assert.deepEqual(
      down.map((r) => r.chat_id),
      ADMINS,
    );
    const text = textOf(down[0]!);
    assert.match(text, /Feed down/);
    assert.match(text, /FreeBuf &lt;中文&gt; &amp; co/, 'the title is escaped');
    assert.match(text, /failing since 2025-07-01 08:00 UTC/);
    assert.match(text, /74 failures in a row/, 'the streak when 24 h had passed (one failure every 20 min)');
    assert.match(text, /blocked \(challenge page\) — WAF challenge page \(HTTP 403\)/);
    assert.doesNotMatch(text, /Healthy/);
    parseTelegramHtml(text);
    assert.equal(down[0]!.kind, 'notice');

    const back = T0 + 7 * 24 * HOUR;
    succeed(t.db, 1, back);
    assert.equal(queueFeedHealthAlerts(deps(back)), 2);
    assert.equal(queueFeedHealthAlerts(deps(back + HOUR)), 0, 'recovery is reported once');
    const recovered = outbox(t.db).slice(2);
    assert.match(
      textOf(recovered[0]!),
      /Feed recovered[\s\S]*FreeBuf[\s\S]*after 7 d 0 h of failures \(since 2025-07-01 08:00 UTC\)/,
    );
    assert.equal(outbox(t.db).length, 4);
  } finally {
    t.cleanup();
  }
});

test('flapping is throttled: a new outage needs another full threshold before the next alert', () => {
  const t = tempDb(T0);
  try {
    upsertFeeds(t.db, [{ url: 'https://flaky.test/feed', title: 'Flaky' }], 'file', T0);
    const run = (now: number) => queueFeedHealthAlerts({ db: t.db, clock: () => now, adminIds: [900], alertHours: 24 });
    fail(t.db, 1, T0);
    assert.equal(run(T0 + 25 * HOUR), 1);
    succeed(t.db, 1, T0 + 26 * HOUR);
    assert.equal(run(T0 + 26 * HOUR), 1, 'recovered');
    fail(t.db, 1, T0 + 27 * HOUR);
    assert.equal(run(T0 + 40 * HOUR), 0, 'only 13 h into the new outage');
    assert.equal(run(T0 + 52 * HOUR), 1, 'a second outage of more than 24 h is a second alert');
  } finally {
    t.cleanup();
  }
});

test('without ADMIN_IDS nothing is recorded; a disabled feed closes its alert silently', () => {
  const t = tempDb(T0);
  try {
    upsertFeeds(t.db, [{ url: 'https://down.test/feed', title: 'Down' }], 'file', T0);
    fail(t.db, 1, T0);
    const at = T0 + 30 * HOUR;
    assert.equal(queueFeedHealthAlerts({ db: t.db, clock: () => at, adminIds: [], alertHours: 24 }), 0);
    assert.equal(t.db.prepare('SELECT count(*) FROM feed_alerts').pluck().get(), 0);
    assert.equal(
      queueFeedHealthAlerts({ db: t.db, clock: () => at, adminIds: [900], alertHours: 24 }),
      1,
      'configured later: the outage is still reported',
    );
    setFeedEnabled(t.db, 'https://down.test/feed', false);
    assert.equal(queueFeedHealthAlerts({ db: t.db, clock: () => at + HOUR, adminIds: [900], alertHours: 24 }), 0);
    assert.equal(t.db.prepare('SELECT count(*) FROM feed_alerts').pluck().get(), 0);
  } finally {
    t.cleanup();
  }
});

test('migration 004 backfills failing_since for feeds already failing before the upgrade', () => {
  const dir = tempDir();
  const old = join(dir, 'migrations');
  mkdirSync(old);
  for (const f of readdirSync(MIGRATIONS_DIR).filter((f) => f < '004')) cpSync(join(MIGRATIONS_DIR, f), join(old, f));
  const db = openDatabase(join(dir, 'old.db'));
  try {
    migrate(db, T0, old);
    db.prepare(
      "INSERT INTO feeds (url, title, created_at, last_status, last_success_at, fail_streak) VALUES ('https://x.test/', 'X', ?, 'error', ?, 40)",
    ).run(T0 - 9 * 24 * HOUR, T0 - 5 * 24 * HOUR);
    assert.deepEqual(
      migrate(db, T0),
      readMigrations()
        .filter((m) => m.version >= 4)
        .map((m) => m.name),
      '004 and every later one',
    );
    assert.equal(feed(db, 1).failing_since, T0 - 5 * 24 * HOUR);
    assert.equal(queueFeedHealthAlerts({ db, clock: () => T0, adminIds: [900], alertHours: 24 }), 1);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('end to end: a WAF challenge page during real ingest cycles is reported as blocked after the threshold', async () => {
  const server = await startFeedServer({
    '/waf': staticRoute(
      '<!doctype html><html><head><title>Just a moment...</title></head><body>cf-chl</body></html>',
      { 'content-type': 'text/html' },
      403,
    ),
    '/ok': staticRoute(
      rss([{ title: 'Hello', link: 'https://ok.test/1', guid: '1', date: 'Tue, 01 Jul 2025 07:00:00 +0000' }]),
    ),
  });
  const t = tempDb(T0);
  try {
    upsertFeeds(
      t.db,
      [
        { url: server.url('/waf'), title: 'WAF feed' },
        { url: server.url('/ok'), title: 'OK feed' },
      ],
      'file',
      T0,
    );
    let now = T0;
    const deps = {
      db: t.db,
      clock: () => now,
      log: pino({ level: 'silent' }),
      fetch: { timeoutMs: 5_000, maxBytes: 1_000_000, concurrency: 4 },
    };
    const alerts = () => queueFeedHealthAlerts({ db: t.db, clock: () => now, adminIds: [900], alertHours: 2 });
    for (; now <= T0 + 3 * HOUR; now += HOUR) {
      await runIngestCycle(deps, { force: true });
      alerts();
    }
    const rows = outbox(t.db);
    assert.equal(rows.length, 1);
    assert.match(
      textOf(rows[0]!),
      /WAF feed[\s\S]*4 failures in a row[\s\S]*🛡 blocked \(challenge page\) — WAF challenge page \(HTTP 403\)/,
    );
    assert.doesNotMatch(textOf(rows[0]!), /OK feed/);
  } finally {
    t.cleanup();
    await server.close();
  }
});
