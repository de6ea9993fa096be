// End to end through the real CLI: one event reported by three English outlets and one Chinese
// outlet in different words, a look-alike event and noise, served from 127.0.0.1.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startFeedServer, staticRoute, type FeedServer } from '../helpers/feed-server.js';
import { opml, rss, tempDir } from '../helpers/fixtures.js';
import { runCli } from '../helpers/process.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

// Dates relative to now, so the 24-hour digest window always holds them.
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toUTCString();

// The Casio event in four reports, in our own words (issue 8): two English reports of the same facts worded
// differently, one English report of the data-theft angle, and one Chinese report that names the company only
// as 卡西欧 but shares the gang "Underground" and the figure 204.9 GB. Nidec is a look-alike from the same week.
// The lead (The Record) names neither the gang nor the figure.
const FEEDS: Record<string, { title: string; language: string; xml: string }> = {
  '/record': {
    title: 'The Record',
    language: 'en',
    xml: rss([
      {
        title: 'Casio says ransomware attack disrupted its systems',
        link: 'https://therecord.media/casio-ransomware',
        guid: 'r1',
        date: hoursAgo(10),
        description:
          'Japanese electronics maker Casio said a ransomware attack disrupted internal systems and delayed its quarterly earnings report.',
      },
      {
        title: 'Nidec confirms ransomware attack on Vietnam subsidiary',
        link: 'https://therecord.media/nidec-ransomware',
        guid: 'r2',
        date: hoursAgo(9),
        description:
          'Nidec, the Japanese motor manufacturer, said hackers stole documents from a subsidiary in Vietnam in a ransomware attack claimed by the Everest gang.',
      },
    ]),
  },
  '/bleeping': {
    title: 'BleepingComputer',
    language: 'en',
    xml: rss([
      {
        title: 'Casio hit by cyberattack that knocked internal systems offline',
        link: 'https://www.bleepingcomputer.com/news/security/casio-attack/',
        guid: 'b1',
        date: hoursAgo(8),
        description:
          'Casio Computer disclosed that attackers breached its network and encrypted servers in a ransomware incident, taking internal systems offline. The Japanese company delayed its earnings release. The Underground ransomware gang claimed the attack on Casio.',
      },
      {
        title: 'New macOS stealer spreads through fake meeting apps',
        link: 'https://www.bleepingcomputer.com/news/security/macos-stealer/',
        guid: 'b2',
        date: hoursAgo(7),
        description:
          'Researchers found an information stealer distributed through fake video meeting applications targeting macOS users.',
      },
    ]),
  },
  '/securityweek': {
    title: 'SecurityWeek',
    language: 'en',
    xml: rss([
      {
        title: 'Underground ransomware group claims theft of 204.9 GB from Casio',
        link: 'https://www.securityweek.com/casio-data-theft/',
        guid: 's1',
        date: hoursAgo(6),
        description:
          'The Underground ransomware group says it stole 204.9 GB of data from Casio, including employee records and contracts. It has begun leaking the files on its Tor site.',
      },
    ]),
  },
  '/secrss': {
    title: '安全内参',
    language: 'zh-CN',
    xml: rss(
      [
        {
          title: '日本卡西欧公司遭勒索软件攻击，204.9GB数据被窃',
          link: 'https://www.secrss.com/articles/7001',
          guid: 'z1',
          date: hoursAgo(5),
          description:
            '卡西欧确认其网络遭到勒索软件攻击，多个内部系统中断，季度财报发布被推迟。Underground勒索团伙声称对此次攻击负责，并称窃取了204.9 GB数据，包括员工信息、合同和财务文件。',
        },
        {
          title: '某市网信办开展网络安全宣传周活动',
          link: 'https://www.secrss.com/articles/7002',
          guid: 'z2',
          date: hoursAgo(4),
          description: '活动面向社区居民普及网络安全知识。',
        },
      ],
      { language: 'zh-CN' },
    ),
  },
};

let server: FeedServer;
let dir: string;
let env: Record<string, string>;

before(async () => {
  server = await startFeedServer(
    Object.fromEntries(Object.entries(FEEDS).map(([path, f]) => [path, staticRoute(f.xml)])),
  );
  dir = tempDir();
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(
    feedsFile,
    opml(Object.entries(FEEDS).map(([path, f]) => ({ url: server.url(path), title: f.title, language: f.language }))),
  );
  env = { DATABASE_PATH: join(dir, 'db.sqlite'), FEEDS_FILE: feedsFile };
  const fetched = await runCli(['fetch'], env, dir);
  assert.equal(fetched.code, 0, fetched.stderr);
});
after(() => server.close());

test('digest --print shows the event once, with its other sources, and keeps the look-alike apart', async () => {
  const r = await runCli(['digest', '--print'], env, dir);
  assert.equal(r.code, 0, r.stderr);
  const messages = r.stdout.split('\n\n———\n\n');
  for (const m of messages) assert.ok(parseTelegramHtml(m.trim()).length <= 4096);
  const text = r.stdout;
  const casioLines = text.split('\n').filter((l) => l.startsWith('• ') && /Casio|卡西欧/.test(l));
  assert.equal(casioLines.length, 1, `Casio appears as one story:\n${text}`);
  assert.match(
    text,
    /also: (?:<a href="[^"]+">[^<]+<\/a>, ){2}<a href="[^"]+">[^<]+<\/a>/,
    'three other sources listed',
  );
  for (const source of ['The Record', 'BleepingComputer', 'SecurityWeek', '安全内参'])
    assert.ok(text.includes(source), source);
  // The lead (The Record) names neither the gang nor the figure; the story summary carries both.
  const casioBlock = text.slice(text.indexOf(casioLines[0]!)).split('\n• ')[0]!;
  assert.match(casioBlock, /Underground/, `the gang in the story text:\n${casioBlock}`);
  assert.match(casioBlock, /204\.9 ?GB/, `the stolen-data figure in the story text:\n${casioBlock}`);
  assert.equal(
    text.split('\n').filter((l) => l.startsWith('• ') && /Nidec/.test(l)).length,
    1,
    'Nidec is its own story',
  );
  assert.match(text, /macOS stealer/);
});

test('digest --print --json gives the structured stories', async () => {
  const r = await runCli(['digest', '--print', '--json', '--lang', 'zh'], env, dir);
  assert.equal(r.code, 0, r.stderr);
  const stories = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { title: string; also: unknown[]; topic: string; sources: number; summary: string });
  const casio = stories.filter((s) => /Casio|卡西欧/.test(s.title));
  assert.equal(casio.length, 1);
  assert.equal(casio[0]!.sources, 4);
  assert.equal(
    casio[0]!.title,
    '日本卡西欧公司遭勒索软件攻击，204.9GB数据被窃',
    'the Chinese report leads for a zh reader',
  );
  assert.equal(casio[0]!.topic, 'ransomware');
  assert.ok(casio[0]!.summary.length > 0 && casio[0]!.summary.length <= 160);
  const cases: Array<[string[], RegExp]> = [
    [['digest', '--print', '--hours', 'soon'], /--hours takes a number/],
    [['digest', '--print', '--lang', 'fr'], /--lang takes en or zh/],
    [['digest', '--print', '--chat', '999'], /no chat with id 999/],
    [['digest'], /digest needs --print/],
  ];
  for (const [args, message] of cases) {
    const bad = await runCli(args, env, dir);
    assert.equal(bad.code, 2, args.join(' '));
    assert.match(bad.stderr, message);
  }
});
