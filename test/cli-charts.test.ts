// `secbrief trend` and `secbrief report --week` as an operator runs them: real CLI processes over a
// seeded database, figures on stdout, the chart as a PNG file with --png, clear refusals.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { PNG } from 'pngjs';
import { migrate, openDatabase } from '../src/store/db.js';
import { tempDir } from './helpers/fixtures.js';
import { runCli } from './helpers/process.js';
import { addStories } from './helpers/stories.js';

const DAY = 86_400_000;
let dir: string;
let env: Record<string, string>;

before(() => {
  dir = tempDir();
  env = { DATABASE_PATH: join(dir, 'db.sqlite'), DEFAULT_TIMEZONE: 'Asia/Shanghai', LOG_LEVEL: 'error' };
  const db = openDatabase(env.DATABASE_PATH!);
  migrate(db, Date.now());
  const now = Date.now();
  addStories(
    db,
    [
      [{ feed: 'The Record', title: 'Qilin ransomware hits Asahi', topic: 'ransomware', publishedAt: now - 2 * DAY }],
      [
        {
          feed: '安全内参',
          title: '麒麟勒索软件攻击朝日集团',
          language: 'zh',
          topic: 'ransomware',
          publishedAt: now - 3 * DAY,
        },
      ],
      [{ feed: 'CISA', title: 'CISA adds CVE-2025-10035 to KEV', topic: 'advisory', publishedAt: now - 4 * DAY }],
    ],
    now - 5 * DAY,
  );
  db.close();
});

test('trend: the figures per day, and the chart with --png', async () => {
  const png = join(dir, 'trend.png');
  const r = await runCli(['trend', '勒索', '--days', '7', '--png', png], env, dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^📈 “勒索” — stories per day, last 7 days\n1 story · none in the 7 days before/);
  assert.equal(r.stdout.match(/^\d{4}-\d{2}-\d{2} {2}\d+$/gm)?.length, 7, 'one line per local day');
  assert.match(r.stdout, /chart written to .*trend\.png/);
  const img = PNG.sync.read(readFileSync(png));
  assert.deepEqual([img.width, img.height], [1280, 720]);
  const zh = await runCli(['trend', '--days', '30', '--lang', 'zh'], env, dir);
  assert.match(zh.stdout, /^📈 近 30 天各主题每日报道\n3 篇报道/);
});

test('trend refuses a bad period or language, and says when nothing matched', async () => {
  const days = await runCli(['trend', 'qilin', '--days', '14'], env, dir);
  assert.equal(days.code, 2);
  assert.match(days.stderr, /--days takes 7, 30 or 90/);
  const lang = await runCli(['trend', 'qilin', '--lang', 'fr'], env, dir);
  assert.equal(lang.code, 2);
  const none = await runCli(['trend', 'nosuchthing', '--png', join(dir, 'none.png')], env, dir);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /No stories matched “nosuchthing” in the last 30 days\. No chart written\./);
});

test('report --week: the weekly report as text, its chart with --png', async () => {
  const png = join(dir, 'week.png');
  const r = await runCli(['report', '--week', '--png', png], env, dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^📊 Weekly report · /);
  assert.match(r.stdout, /3 stories from 3 sources/);
  assert.match(r.stdout, /Most active ransomware groups\nQilin \(2\)/);
  assert.doesNotMatch(r.stdout, /<b>|&amp;/, 'plain text');
  assert.deepEqual([PNG.sync.read(readFileSync(png)).width], [1280]);
  const bad = await runCli(['report'], env, dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /report takes --week/);
  const noChat = await runCli(['report', '--week', '--chat', '999'], env, dir);
  assert.equal(noChat.code, 2);
  assert.match(noChat.stderr, /no chat with id 999/);
});
