// Operations through the real CLI process: OPML import/export round trips, online backup while
// another connection writes, prune and vacuum.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import Database from 'better-sqlite3';
import { parseOpml } from '../src/feeds/opml.js';
import type { NormalizedItem } from '../src/news/article.js';
import { storeBatch } from '../src/store/articles.js';
import { migrate, openDatabase } from '../src/store/db.js';
import { setFeedEnabled, upsertFeeds } from '../src/store/feeds.js';
import { opml, rss, tempDir } from './helpers/fixtures.js';
import { runCli } from './helpers/process.js';

// The shared curated list; the project ships a byte-identical copy as its default FEEDS_FILE,
// used when ../shared is not beside the checkout (a clean CI clone).
const SHARED_PATH = fileURLToPath(new URL('../../shared/feeds/default-feeds.opml', import.meta.url));
const SHARED_OPML = existsSync(SHARED_PATH)
  ? SHARED_PATH
  : fileURLToPath(new URL('../feeds/default-feeds.opml', import.meta.url));
const DAY = 86_400_000;

let dir: string;
let emptyFeeds: string;
before(() => {
  dir = tempDir();
  // FEEDS_FILE is synced only by fetch/feeds list; an empty list keeps these databases to what the tests import.
  emptyFeeds = join(dir, 'none.opml');
  writeFileSync(emptyFeeds, opml([]));
});

const envFor = (name: string, extra: Record<string, string> = {}) => ({
  DATABASE_PATH: join(dir, `${name}.db`),
  FEEDS_FILE: emptyFeeds,
  ...extra,
});
const cli = (env: Record<string, string>, ...args: string[]) => runCli(args, env, dir);

type Spec = { url: string; title: string; language: string | null; category: string | null; siteUrl: string | null };
const feedSet = (xml: string) =>
  parseOpml(xml)
    .map((f): Spec => ({
      url: f.url,
      title: f.title,
      language: f.language ?? null,
      category: f.category ?? null,
      siteUrl: f.siteUrl ?? null,
    }))
    .sort((a, b) => a.url.localeCompare(b.url));

/** import → export → import into a fresh database → export: the same feeds every time. */
async function roundTrip(name: string, file: string): Promise<{ first: Spec[]; second: Spec[]; importLine: string }> {
  const a = envFor(`${name}-a`);
  const imported = await cli(a, 'feeds', 'import', file);
  assert.equal(imported.code, 0, imported.stderr);
  const exported = await cli(a, 'feeds', 'export');
  assert.equal(exported.code, 0, exported.stderr);
  const copy = join(dir, `${name}-export.opml`);
  writeFileSync(copy, exported.stdout);
  const b = envFor(`${name}-b`);
  assert.equal((await cli(b, 'feeds', 'import', copy)).code, 0);
  return {
    first: feedSet(exported.stdout),
    second: feedSet((await cli(b, 'feeds', 'export')).stdout),
    importLine: imported.stdout.trim(),
  };
}

test('feeds import counts added and updated; export carries language and category', async () => {
  const file = join(dir, 'mine.opml');
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?><opml version="2.0"><head><title>mine</title></head><body>
    <outline text="中文"><outline type="rss" text="安全内参" xmlUrl="https://www.secrss.com/feed" language="zh-CN"/></outline>
    <outline type="rss" text="The Record &amp; more" xmlUrl="https://therecord.media/feed" htmlUrl="https://therecord.media/" language="en" category="/news"/>
    <outline type="rss" text="duplicate" xmlUrl="https://therecord.media/feed"/>
  </body></opml>`,
  );
  const env = envFor('import');
  const first = await cli(env, 'feeds', 'import', file);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout.trim(), `imported 2 feeds from ${file}: 2 added, 0 updated`);
  assert.match((await cli(env, 'feeds', 'import', file)).stdout, /: 0 added, 2 updated$/m);
  const xml = (await cli(env, 'feeds', 'export')).stdout;
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0">/);
  assert.match(
    xml,
    /<outline type="rss" text="The Record &amp; more" title="The Record &amp; more" xmlUrl="https:\/\/therecord.media\/feed" htmlUrl="https:\/\/therecord.media\/" language="en" category="\/news"\/>/,
  );
  assert.match(
    xml,
    /<outline text="中文" title="中文">\n\s+<outline [^>]*xmlUrl="https:\/\/www.secrss.com\/feed" language="zh-CN" category="\/中文"\/>/,
  );
  const db = new Database(env.DATABASE_PATH, { readonly: true });
  assert.deepEqual(db.prepare('SELECT DISTINCT origin FROM feeds').pluck().all(), ['cli']);
  db.close();
});

test('import → export → import gives the same feed set (files written here)', async () => {
  const file = join(dir, 'written.opml');
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><head/><body>
    <outline title="A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;" xmlUrl="https://a.test/feed" language="en"/>
    <outline text="嘶吼 RoarTalk" xmlUrl="https://b.test/rss?x=1&amp;y=2" language="zh-CN" category="/中文/新闻"/>
    <outline text="C" xmlUrl="http://c.test/atom"/>
  </body></opml>`,
  );
  const { first, second, importLine } = await roundTrip('written', file);
  assert.match(importLine, /3 added/);
  assert.deepEqual(
    first.map((f) => f.url),
    ['http://c.test/atom', 'https://a.test/feed', 'https://b.test/rss?x=1&y=2'],
  );
  assert.equal(first.find((f) => f.url.startsWith('https://a'))!.title, 'A <b>bold</b> & "quoted"');
  assert.deepEqual(second, first);
});

test('import → export → import gives the same feed set (the shared default-feeds.opml)', async () => {
  const original = feedSet(readFileSync(SHARED_OPML, 'utf8'));
  const { first, second, importLine } = await roundTrip('shared', SHARED_OPML);
  assert.ok(original.length >= 30, `${original.length} feeds`);
  assert.match(importLine, new RegExp(`imported ${original.length} feeds .*: ${original.length} added`));
  assert.deepEqual(first, original, 'title, URL, site, language and category survive');
  assert.deepEqual(second, first);
  assert.ok(
    first.some((f) => f.language === 'zh-CN') && first.every((f) => f.category),
    'languages and categories present',
  );
});

test('export leaves disabled feeds out unless --all', async () => {
  const env = envFor('disabled');
  const db = openDatabase(env.DATABASE_PATH);
  migrate(db, Date.now());
  upsertFeeds(
    db,
    [
      { url: 'https://on.test/', title: 'On' },
      { url: 'https://off.test/', title: 'Off' },
    ],
    'cli',
    Date.now(),
  );
  setFeedEnabled(db, 'https://off.test/', false);
  db.close();
  assert.deepEqual(
    feedSet((await cli(env, 'feeds', 'export')).stdout).map((f) => f.url),
    ['https://on.test/'],
  );
  assert.equal(feedSet((await cli(env, 'feeds', 'export', '--all')).stdout).length, 2);
  const file = join(dir, 'reenable.opml');
  writeFileSync(file, opml([{ url: 'https://off.test/', title: 'Off' }]));
  assert.match((await cli(env, 'feeds', 'import', file)).stdout, /0 added, 1 updated, 1 re-enabled/);
  assert.equal(feedSet((await cli(env, 'feeds', 'export')).stdout).length, 2);
});

test('import refuses a non-OPML or unreadable file with exit 1 and one clear line', async () => {
  const env = envFor('bad');
  const feed = join(dir, 'feed.xml');
  writeFileSync(feed, rss([{ title: 'x', link: 'https://x.test/' }]));
  const notOpml = await cli(env, 'feeds', 'import', feed);
  assert.equal(notOpml.code, 1);
  assert.equal(notOpml.stderr, `secbrief: ${feed} is not an OPML document (no <opml> root)\n`);
  const binary = join(dir, 'random.bin');
  writeFileSync(binary, Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x01, 0x02]));
  assert.equal((await cli(env, 'feeds', 'import', binary)).code, 1);
  const empty = await cli(env, 'feeds', 'import', emptyFeeds);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /an OPML document without feeds/);
  const missing = await cli(env, 'feeds', 'import', join(dir, 'nope.opml'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^secbrief: cannot read .*nope\.opml \(ENOENT\)\n$/);
  assert.equal((await cli(env, 'feeds', 'import', dir)).code, 1, 'a directory');
  assert.equal((await cli(env, 'feeds', 'import')).code, 2, 'no file: usage');
});

function article(n: number, publishedAt: number): NormalizedItem {
  return {
    guid: `w${n}`,
    url: `https://w.test/${n}`,
    canonicalUrl: `https://w.test/${n}`,
    title: `written while backing up ${n}`,
    summary: 'ransomware '.repeat(40),
    bodyText: 'body text '.repeat(200),
    language: 'en',
    publishedAt,
    dateMissing: false,
    author: null,
    contentKey: `w${n}`,
    contentHash: `w${n}`,
  };
}

test('backup while another connection writes: a consistent copy that passes integrity_check', async () => {
  const env = envFor('live');
  const db = openDatabase(env.DATABASE_PATH);
  migrate(db, Date.now());
  upsertFeeds(db, [{ url: 'https://w.test/feed', title: 'W' }], 'file', Date.now());
  let n = 0;
  const batch = () =>
    storeBatch(
      db,
      1,
      Array.from({ length: 20 }, () => article(n, Date.now() - n++ * 1000)),
      Date.now(),
    );
  for (let i = 0; i < 100; i++) batch();
  const before = n;
  // Keep writing (articles and their index rows, one transaction per batch) during the backup.
  const writer = setInterval(batch, 2);
  const dest = join(dir, 'backup.db');
  const r = await cli(env, 'backup', dest);
  clearInterval(writer);
  const after = n;
  db.close();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^backup written to .*backup\.db: \d+ bytes, integrity ok, \d+ articles, 1 feeds, 0 chats\n$/);
  assert.ok(after > before, 'the writer ran during the backup');
  const copy = new Database(dest, { readonly: true });
  assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete', 'a single self-contained file');
  const articles = copy.prepare('SELECT count(*) FROM articles').pluck().get() as number;
  const indexed = copy
    .prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ransomware'")
    .pluck()
    .get() as number;
  copy.close();
  assert.ok(articles >= before && articles <= after, `${before} ≤ ${articles} ≤ ${after}`);
  assert.equal(indexed, articles, 'articles and index rows from the same snapshot');
  assert.equal(existsSync(`${dest}-wal`), false);

  const again = await cli(env, 'backup', dest);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /exists; pass --force/);
  assert.equal((await cli(env, 'backup', dest, '--force')).code, 0);
  const noDir = await cli(env, 'backup', join(dir, 'no', 'such', 'dir', 'b.db'));
  assert.equal(noDir.code, 1);
  assert.match(noDir.stderr, /^secbrief: cannot write/);
  assert.equal((await cli(env, 'backup', env.DATABASE_PATH)).code, 2, 'onto the database itself');
  assert.equal((await cli(env, 'backup')).code, 2);
});

test('prune and vacuum from the CLI', async () => {
  const env = envFor('prune');
  const db = openDatabase(env.DATABASE_PATH);
  migrate(db, Date.now());
  upsertFeeds(db, [{ url: 'https://w.test/feed', title: 'W' }], 'file', Date.now());
  storeBatch(
    db,
    1,
    Array.from({ length: 300 }, (_, i) => article(i, Date.now() - (i < 200 ? 60 : 1) * DAY - i * 1000)),
    Date.now(),
  );
  db.close();
  assert.equal((await cli(env, 'prune')).stdout, 'retention is off (ARCHIVE_RETENTION_DAYS=0): nothing pruned\n');
  const pruned = await cli({ ...env, ARCHIVE_RETENTION_DAYS: '30' }, 'prune');
  assert.equal(pruned.code, 0, pruned.stderr);
  assert.match(pruned.stdout, /^pruned 200 articles published before \S+Z \(1 batches\); \d+ free pages returned\n$/);
  assert.match((await cli(env, 'prune', '--days', '7')).stdout, /^pruned 0 articles/);
  assert.equal((await cli(env, 'prune', '--days', 'x')).code, 2);
  const vacuum = await cli(env, 'vacuum');
  assert.equal(vacuum.code, 0, vacuum.stderr);
  assert.match(vacuum.stdout, /^already incremental; free pages returned: \d+ → \d+ bytes\n$/);
  const check = new Database(env.DATABASE_PATH, { readonly: true });
  assert.equal(check.prepare('SELECT count(*) FROM articles').pluck().get(), 100);
  check.close();
});
