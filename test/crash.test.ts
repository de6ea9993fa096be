// Crash suite with the real processes: kill -9 during a fetch cycle and during digest sending,
// then restart; and databases that cannot be used at all.
import assert from 'node:assert/strict';
import { execFile, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { planDueDigests } from '../src/notify/digests.js';
import { ensureChat, subscribeChat } from '../src/store/chats.js';
import { migrate, openDatabase, type Db } from '../src/store/db.js';
import { FAKE_TOKEN, FakeBotApi } from './helpers/fake-bot-api.js';
import { startFeedServer, type FeedServer } from './helpers/feed-server.js';
import { opml, rss, tempDir } from './helpers/fixtures.js';
import { childEnv, CLI, MAIN, startMain, stopChild } from './helpers/process.js';
import { addStories } from './helpers/stories.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, ms: number, probe: () => T | undefined | false): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    let value: T | undefined | false;
    try {
      value = probe();
    } catch {
      value = undefined; // the child has not created the tables yet
    }
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

const kill9 = (child: ChildProcess) => stopChild(child, 'SIGKILL');

// ---------------------------------------------------------------------------------------------
const FEEDS = 24;
const ITEMS = 100;
const STALLED = 6; // this feed's batch is held open by a slow trigger, and killed inside it
const feedPath = (k: number) => `/f${String(k).padStart(2, '0')}`;

function feedServer(): Promise<FeedServer> {
  const routes = Object.fromEntries(
    Array.from({ length: FEEDS }, (_, k) => {
      const body = rss(
        Array.from({ length: ITEMS }, (_, i) => ({
          title: `f${k} story ${i}`,
          link: `http://f${k}.test/${i}`,
          guid: `f${k}-${i}`,
          date: `Wed, 23 Jul 2025 ${String(i % 24).padStart(2, '0')}:${String(k).padStart(2, '0')}:00 +0000`,
          description: `Story ${i} of feed ${k}. `.repeat(30),
        })),
      );
      // Responses spread over 1.2 s, so batches are stored one after the other while others arrive.
      const delay = k === STALLED ? 600 : (k * 53) % 1200;
      return [
        feedPath(k),
        (_req, res) =>
          void setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body), delay),
      ];
    }),
  ) as Parameters<typeof startFeedServer>[0];
  return startFeedServer(routes);
}

interface Snapshot {
  perFeed: number[];
  ids: Set<number>;
}

/** Every feed has all of its articles or none; the index matches the table; SQLite is intact. */
function checkArchive(dbPath: string, urlOf: (k: number) => string): Snapshot {
  const db: Db = openDatabase(dbPath);
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.prepare("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')").run();
    const count = db
      .prepare('SELECT count(*) FROM articles WHERE feed_id = (SELECT id FROM feeds WHERE url = ?)')
      .pluck();
    const perFeed = Array.from({ length: FEEDS }, (_, k) => count.get(urlOf(k)) as number);
    perFeed.forEach((n, k) =>
      assert.ok(n === 0 || n === ITEMS, `feed ${k} has ${n} of its ${ITEMS} articles: a half-written batch`),
    );
    const articles = db.prepare('SELECT count(*) FROM articles').pluck().get() as number;
    assert.equal(db.prepare('SELECT count(*) FROM articles_fts').pluck().get(), articles, 'index rows = articles');
    return { perFeed, ids: new Set(db.prepare('SELECT id FROM articles').pluck().all() as number[]) };
  } finally {
    db.close();
  }
}

test('kill -9 during a fetch cycle: no half-written feed batch, and no article lost after the restart', async (t) => {
  const server = await feedServer();
  const dir = tempDir();
  const dbPath = join(dir, 'db.sqlite');
  const feedsFile = join(dir, 'feeds.opml');
  const urlOf = (k: number) => server.url(feedPath(k));
  writeFileSync(feedsFile, opml(Array.from({ length: FEEDS }, (_, k) => ({ url: urlOf(k), title: `f${k}` }))));
  const env = { DATABASE_PATH: dbPath, FEEDS_FILE: feedsFile, LOG_LEVEL: 'silent' };
  const setup = openDatabase(dbPath);
  migrate(setup, Date.now());
  // Holds the stalled feed's transaction open for seconds after its first 50 rows are written.
  setup.exec(`CREATE TRIGGER crash_stall AFTER INSERT ON articles WHEN new.title = 'f${STALLED} story 50' BEGIN
    SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000000) SELECT x FROM c); END`);
  setup.close();
  const watcher = openDatabase(dbPath);
  watcher.pragma('busy_timeout = 0');
  const storedFeeds = () => watcher.prepare('SELECT count(DISTINCT feed_id) FROM articles').pluck().get() as number;
  // True while another connection holds the write lock: a transaction is open in the child.
  const writerBusy = () => {
    try {
      watcher.exec('BEGIN IMMEDIATE; ROLLBACK');
      return false;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw err;
    }
  };
  let busySince = 0;
  try {
    // 1. Killed inside the stalled feed's batch: the write lock held for a whole second is it
    //    (every other transaction takes milliseconds).
    let child = startMain(env, dir);
    await waitFor('the stalled batch to hold the write lock for 1 s', 30_000, () => {
      busySince = writerBusy() ? busySince || Date.now() : 0;
      return busySince > 0 && Date.now() - busySince >= 1000;
    });
    await kill9(child);
    const first = checkArchive(dbPath, urlOf);
    assert.equal(first.perFeed[STALLED], 0, 'the batch killed half-way left nothing');
    t.diagnostic(`kill 1 (inside a batch): ${first.perFeed.filter(Boolean).length}/${FEEDS} feeds stored`);
    watcher.exec('DROP TRIGGER crash_stall');

    // 2. Restarted, and killed again wherever the second cycle happens to be.
    const target = first.perFeed.filter(Boolean).length + Math.ceil((FEEDS - first.perFeed.filter(Boolean).length) / 2);
    child = startMain(env, dir);
    await waitFor(`${target} feeds stored`, 20_000, () => storedFeeds() >= target);
    await kill9(child);
    const second = checkArchive(dbPath, urlOf);
    t.diagnostic(`kill 2 (anywhere): ${second.perFeed.filter(Boolean).length}/${FEEDS} feeds stored`);

    // 3. Restarted and left to finish a cycle.
    const cycles = () =>
      watcher.prepare('SELECT count(*) FROM ingest_cycles WHERE finished_at IS NOT NULL').pluck().get() as number;
    const before = cycles();
    child = startMain(env, dir);
    await waitFor('a complete cycle', 30_000, () => cycles() > before);
    await stopChild(child);
    const last = checkArchive(dbPath, urlOf);
    assert.deepEqual(last.perFeed, Array(FEEDS).fill(ITEMS), 'every feed is complete');
    for (const snap of [first, second])
      for (const id of snap.ids) assert.ok(last.ids.has(id), `article ${id} stored before a crash is still there`);
    assert.equal(last.ids.size, FEEDS * ITEMS, 'nothing stored twice');
  } finally {
    watcher.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------------------------
const CHATS = 90;

test('kill -9 during a digest send: every planned digest is delivered, at most one duplicate per crash', async (t) => {
  const dir = tempDir();
  const dbPath = join(dir, 'db.sqlite');
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(feedsFile, opml([]));
  const now = Date.now();
  const due = new Date(now - 2 * 60_000).toISOString().slice(11, 16); // UTC digest time two minutes ago
  const db = openDatabase(dbPath);
  migrate(db, now);
  addStories(
    db,
    [
      [
        {
          feed: 'The Record',
          title: 'Casio confirms ransomware attack',
          topic: 'ransomware',
          publishedAt: now - 5 * 3_600_000,
        },
        {
          feed: 'BleepingComputer',
          title: 'Casio says ransomware gang stole data',
          topic: 'ransomware',
          publishedAt: now - 4 * 3_600_000,
        },
      ],
      [
        {
          feed: 'SecurityWeek',
          title: 'Ivanti patches exploited flaw',
          topic: 'vuln',
          publishedAt: now - 3 * 3_600_000,
        },
      ],
    ],
    now - 3_600_000,
  );
  for (let id = 1; id <= CHATS; id++) {
    ensureChat(db, { id, type: 'private', title: `u${id}` }, { timezone: 'UTC', digestTime: due }, now - 86_400_000);
    subscribeChat(db, id, null, now - 20 * 3_600_000);
  }
  const planned = await planDueDigests({ db, clock: () => Date.now(), log: pino({ level: 'silent' }), topN: 10 });
  assert.equal(planned.planned, CHATS);
  const messages = db
    .prepare("SELECT count(*) FROM outbox WHERE kind = 'digest' AND status = 'pending'")
    .pluck()
    .get() as number;
  db.close();

  const api = await new FakeBotApi({ maxPollMs: 200 }).start();
  const env = {
    DATABASE_PATH: dbPath,
    FEEDS_FILE: feedsFile,
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    SEND_RATE_PER_SECOND: '100',
    // One send in flight: the bound under test is one duplicate per crash (telegram/crash.test.ts tests N).
    SEND_CONCURRENCY: '1',
    LOG_LEVEL: 'silent',
  };
  const delivered = () => new Set(api.sent().map((c) => `${c.payload.chat_id}|${c.payload.text}`)).size;
  let crashes = 0;
  try {
    for (const fraction of [1 / 3, 2 / 3]) {
      const child = startMain(env, dir);
      await waitFor(`${Math.round(fraction * 100)}% sent`, 20_000, () => api.sent().length >= messages * fraction);
      await kill9(child);
      crashes++;
    }
    const last = startMain(env, dir);
    await waitFor('every digest delivered', 30_000, () => delivered() >= messages);
    await stopChild(last);
  } finally {
    await api.close();
  }
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(delivered(), messages, 'every planned message arrived');
  assert.equal(new Set(api.sent().map((c) => c.payload.chat_id)).size, CHATS, 'every chat got its digest');
  assert.match(String(api.sent()[0]!.payload.text), /Casio|Ivanti/);
  const duplicates = api.sent().length - messages;
  t.diagnostic(`${messages} digest messages to ${CHATS} chats, ${crashes} crashes, ${duplicates} duplicates`);
  assert.ok(duplicates <= crashes, `${duplicates} duplicates after ${crashes} crashes`);
  const check = openDatabase(dbPath);
  assert.equal(
    check.prepare("SELECT count(*) FROM outbox WHERE kind = 'digest' AND status = 'sent'").pluck().get(),
    messages,
  );
  assert.equal(check.prepare('SELECT count(*) FROM digests').pluck().get(), CHATS, 'restarts planned nothing twice');
  check.close();
});

// ---------------------------------------------------------------------------------------------
const TSX = import.meta.resolve('tsx');
const NOBODY = 65534;

function run(
  file: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  uid?: number,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  const ids = uid === undefined ? {} : { uid, gid: uid };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX, file, ...args],
      { env: childEnv(env), cwd, timeout: 30_000, ...ids },
      (err, _stdout, stderr) => {
        const code = err ? (err as { code?: unknown }).code : 0;
        resolve({ code: typeof code === 'number' ? code : null, stderr, ms: Date.now() - started });
      },
    );
  });
}

/**
 * chmod does not stop root. Run as root, the read-only case drops to an unprivileged uid for
 * the child (when that uid can read the repository); a path whose parent is a regular file is
 * the unusable-database case that holds for root too, and always runs.
 */
function readOnlyUid(): { uid?: number } | null {
  if (process.getuid?.() !== 0) return {};
  const probe = spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(MAIN)})`], {
    uid: NOBODY,
    gid: NOBODY,
    cwd: '/',
  });
  return probe.status === 0 ? { uid: NOBODY } : null;
}

function migratedDb(dir: string): string {
  const path = join(dir, 'db.sqlite');
  const db = openDatabase(path);
  migrate(db, Date.now());
  db.close();
  return path;
}

const UNUSABLE: Record<string, (dir: string) => string> = {
  'a file that is not a database': (dir) => (
    writeFileSync(join(dir, 'db.sqlite'), 'not a database\n'.repeat(4096)),
    join(dir, 'db.sqlite')
  ),
  'a database whose pages are corrupted': (dir) => {
    const path = migratedDb(dir);
    const fd = openSync(path, 'r+');
    const size = statSync(path).size;
    writeSync(fd, Buffer.alloc(size - 4096, 0xa5), 0, size - 4096, 4096); // all but the header page
    closeSync(fd);
    return path;
  },
  'a read-only database file in a read-only folder': (dir) => {
    const path = migratedDb(dir);
    chmodSync(path, 0o444);
    chmodSync(join(dir, 'feeds.opml'), 0o444);
    chmodSync(dir, 0o555);
    return path;
  },
  'a path whose parent is a regular file': (dir) => (
    writeFileSync(join(dir, 'file'), 'x'),
    join(dir, 'file', 'db.sqlite')
  ),
};

test('an unusable database stops the daemon and the CLI with one clear line and exit code 3', async (t) => {
  const asUser = readOnlyUid();
  const runs = Object.entries(UNUSABLE).flatMap(([name, make]) => {
    if (name.startsWith('a read-only') && !asUser) {
      t.diagnostic(`skipped "${name}": running as root, and no unprivileged user can read the repository`);
      return [];
    }
    return (['daemon', 'cli'] as const).map(async (entry) => {
      const top = tempDir();
      const dir = join(top, 'run');
      mkdirSync(dir);
      t.after(() => (chmodSync(dir, 0o755), rmSync(top, { recursive: true, force: true })));
      writeFileSync(join(dir, 'feeds.opml'), opml([]));
      chmodSync(join(dir, '..'), 0o755); // reachable for the unprivileged uid
      const env = { DATABASE_PATH: make(dir), FEEDS_FILE: join(dir, 'feeds.opml') };
      const uid = name.startsWith('a read-only') ? asUser?.uid : undefined;
      const r =
        entry === 'daemon' ? await run(MAIN, [], env, dir, uid) : await run(CLI, ['feeds', 'list'], env, dir, uid);
      return { name, entry, ...r };
    });
  });
  for (const r of await Promise.all(runs)) {
    const where = `${r.entry}, ${r.name}: ${JSON.stringify(r.stderr)}`;
    assert.equal(r.code, 3, where);
    assert.match(r.stderr, /^secbrief: cannot open database \S+: [^\n]+\n$/, where);
    assert.doesNotMatch(r.stderr, /\n\s+at |Error:|node_modules/, where);
    t.diagnostic(`${r.entry.padEnd(6)} ${r.name}: exit ${r.code} in ${r.ms} ms — ${r.stderr.trim()}`);
  }
});
