// End to end through the real CLI process: a loopback feed server with an English feed, a
// Chinese UTF-8 feed and a Chinese feed served as GBK.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { startFeedServer, staticRoute, type FeedServer } from './helpers/feed-server.js';
import { opml, rss, tempDir } from './helpers/fixtures.js';
import { runCli } from './helpers/process.js';
import { readMigrations } from '../src/store/db.js';

const EN = rss(
  [
    {
      title: 'Casio confirms ransomware attack disrupted systems',
      link: 'https://therecord.media/casio-ransomware?utm_source=rss',
      guid: 'tr-1',
      date: 'Mon, 14 Oct 2024 15:00:00 +0000',
      description: 'Japanese electronics giant Casio said a ransomware attack hit its servers.',
    },
    {
      title: 'Nidec hit by ransomware, data leaked',
      link: 'https://therecord.media/nidec',
      guid: 'tr-2',
      date: 'Tue, 15 Oct 2024 09:00:00 EDT',
      description: 'The Japanese manufacturer Nidec confirmed a ransomware incident.',
    },
    {
      title: 'Palo Alto patches CVE-2024-3400 exploited in the wild',
      link: 'https://therecord.media/pan',
      guid: 'tr-3',
      date: 'Fri, 12 Apr 2024 12:00:00 +0000',
      description: 'A critical command injection flaw.',
    },
  ],
  { title: 'The Record', language: 'en' },
);

const ZH_ITEMS = [
  {
    title: '日本卡西欧公司确认遭受勒索软件攻击',
    link: 'https://www.secrss.com/articles/1',
    guid: 'sn-1',
    date: '2024-10-15 10:00:00',
    description: '卡西欧（Casio）表示，其服务器遭到勒索软件攻击，部分系统中断。',
  },
  {
    title: '西欧多国发布网络安全预警',
    link: 'https://www.secrss.com/articles/2',
    guid: 'sn-2',
    date: '2024-10-16 11:00:00',
    description: '欧洲多国机构联合发布预警。',
  },
  {
    title: '勒索团伙声称窃取尼得科数据',
    link: 'https://www.secrss.com/articles/3',
    guid: 'sn-3',
    date: '2024-10-16 12:00:00',
    description: '该团伙威胁公开数据。',
  },
];
const ZH_UTF8 = rss(ZH_ITEMS, { title: '安全内参', language: 'zh-CN' });
const ZH_GBK = iconv.encode(
  rss(
    [
      {
        title: '卡西欧数据泄露事件后续：勒索组织公开样本',
        link: 'http://www.4hou.com/posts/9',
        guid: 'sh-9',
        date: 'Thu, 17 Oct 2024 08:00:00 +0800',
        description: '嘶吼报道，勒索软件组织公开了卡西欧的部分数据。',
      },
      {
        title: '漏洞预警：某路由器存在远程代码执行漏洞',
        link: 'http://www.4hou.com/posts/10',
        guid: 'sh-10',
        date: 'Thu, 17 Oct 2024 09:00:00 +0800',
        description: '请尽快升级。',
      },
    ],
    { title: '嘶吼', encoding: 'GBK' },
  ),
  'gbk',
);

let server: FeedServer;
let dir: string;
let env: Record<string, string>;

before(async () => {
  server = await startFeedServer({
    '/record': staticRoute(EN),
    '/secrss': staticRoute(ZH_UTF8),
    // A lying header: it says UTF-8 but the body is GBK, as some Chinese hosts do.
    '/4hou': staticRoute(ZH_GBK, { 'content-type': 'application/rss+xml; charset=utf-8' }),
    '/html': staticRoute('<!doctype html><html><body>Welcome</body></html>', { 'content-type': 'text/html' }),
  });
  dir = tempDir();
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(
    feedsFile,
    opml([
      { url: server.url('/record'), title: 'The Record', language: 'en' },
      { url: server.url('/secrss'), title: '安全内参', language: 'zh-CN' },
      { url: server.url('/4hou'), title: '嘶吼' },
    ]),
  );
  env = { DATABASE_PATH: join(dir, 'secbrief.db'), FEEDS_FILE: feedsFile, FETCH_TIMEOUT_MS: '5000' };
});
after(() => server.close());

const cli = (...args: string[]) => runCli(args, env, dir);
const jsonLines = (s: string) =>
  s
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test('migrate is idempotent', async () => {
  // Every migration in migrations/, in order (new ones are added by later issues).
  const first = (await cli('migrate')).stdout.trim();
  assert.match(first, /^applied: 001_init, 002_bot, 003_digest/);
  assert.equal(
    first,
    `applied: ${readMigrations()
      .map((m) => m.name)
      .join(', ')}`,
  );
  assert.equal((await cli('migrate')).stdout.trim(), 'database is up to date');
});

test('fetch twice: one line per feed, a total line, and no duplicates', async () => {
  const first = await cli('fetch');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /The Record\s+new\s+3 new/);
  assert.match(first.stdout, /安全内参\s+new\s+3 new/);
  assert.match(first.stdout, /嘶吼\s+new\s+2 new/);
  assert.match(first.stdout, /^total: 3 feeds, 8 new articles, 0 failed/m);
  const second = await cli('fetch');
  assert.match(second.stdout, /^total: 3 feeds, 0 new articles, 0 failed/m);
  const db = new Database(env.DATABASE_PATH!, { readonly: true });
  assert.equal(db.prepare('SELECT count(*) FROM articles').pluck().get(), 8);
  const gbkTitle = db.prepare("SELECT title FROM articles WHERE guid = 'sh-9'").pluck().get();
  assert.equal(gbkTitle, '卡西欧数据泄露事件后续：勒索组织公开样本', 'GBK decoded despite the lying header');
  db.close();
});

test('search finds 勒索, 卡西欧 and casio exactly where a substring scan does, newest first', async () => {
  const db = new Database(env.DATABASE_PATH!, { readonly: true });
  const rows = db.prepare('SELECT id, title, summary, body_text FROM articles').all() as Array<{
    id: number;
    title: string;
    summary: string;
    body_text: string;
  }>;
  db.close();
  for (const term of ['勒索', '卡西欧', 'casio']) {
    const r = await cli('search', term, '--json');
    assert.equal(r.code, 0, r.stderr);
    const hits = jsonLines(r.stdout);
    const expected = rows
      .filter((a) => `${a.title} ${a.summary} ${a.body_text}`.toLowerCase().includes(term))
      .map((a) => a.id)
      .sort();
    assert.ok(expected.length >= 2, `${term} should occur in the fixtures`);
    assert.deepEqual(hits.map((h) => h.id).sort(), expected, term);
    for (const h of hits)
      for (const k of ['id', 'title', 'url', 'published', 'source']) assert.ok(k in h, `${k} in output`);
    const dates = hits.map((h) => h.published as string);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
  }
});

test('search filters and bad queries', async () => {
  const zh = jsonLines((await cli('search', '勒索', 'lang:zh', '--json')).stdout);
  assert.ok(zh.length > 0 && zh.every((h) => h.language === 'zh'));
  const cve = jsonLines((await cli('search', 'cve:CVE-2024-3400', '--json')).stdout);
  assert.deepEqual(
    cve.map((h) => h.title),
    ['Palo Alto patches CVE-2024-3400 exploited in the wild'],
  );
  const src = jsonLines((await cli('search', 'ransomware', 'source:record', '--json')).stdout);
  assert.ok(src.length === 2 && src.every((h) => h.source === 'The Record'));
  const bad = await cli('search', 'lang:fr');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /lang: takes zh or en/);
});

test('feed test prints normalised items as JSON lines, and exits 1 with a reason for non-feeds', async () => {
  const r = await cli('feed', 'test', server.url('/4hou'), '--json');
  assert.equal(r.code, 0, r.stderr);
  const items = jsonLines(r.stdout);
  assert.equal(items.length, 2);
  assert.deepEqual(
    Object.keys(items[0]!).slice(0, 6),
    ['title', 'url', 'guid', 'published', 'date_missing', 'summary'].slice(0, 6),
  );
  assert.equal(items[0]!.published, '2024-10-17T00:00:00.000Z');
  assert.equal(items[0]!.language, 'zh');
  const html = await cli('feed', 'test', server.url('/html'));
  assert.equal(html.code, 1);
  assert.equal(html.stderr, 'secbrief: blocked: HTML page instead of a feed\n');
  const missing = await cli('feed', 'test', join(dir, 'nope.xml'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^secbrief: refused: /);
});

test('feeds list shows health; unknown commands exit 2 with usage', async () => {
  const list = await cli('feeds', 'list');
  assert.match(list.stdout, /The Record\s+ok/);
  const bad = await cli('frobnicate');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown command: frobnicate/);
});
