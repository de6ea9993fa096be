// Console mode as a newcomer meets it: `npm start` without a token, commands on stdin.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { startFeedServer, staticRoute } from '../helpers/feed-server.js';
import { opml, rss, tempDir } from '../helpers/fixtures.js';
import { spawnMain, stopChild } from '../helpers/process.js';

test('console mode answers stdin commands with readable text, using the same handlers', async () => {
  const items = Array.from({ length: 12 }, (_, i) => ({
    title: `Casio ransomware <${i}>`,
    link: `https://news.test/${i}`,
    guid: `${i}`,
    date: `Mon, 14 Oct 2024 ${String(10 + i).padStart(2, '0')}:00:00 +0000`,
  }));
  const server = await startFeedServer({ '/feed': staticRoute(rss(items, { title: 'The Record' })) });
  const dir = tempDir();
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(feedsFile, opml([{ url: server.url('/feed'), title: 'The Record' }]));
  const child = spawnMain({ DATABASE_PATH: join(dir, 'db.sqlite'), FEEDS_FILE: feedsFile, LOG_LEVEL: 'silent' }, dir);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const waitFor = async (re: RegExp, ms = 15_000) => {
    const end = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  try {
    await waitFor(/console mode[\s\S]*TELEGRAM_BOT_TOKEN/);
    // The first ingest cycle runs at start; search until it has landed.
    for (let i = 0; i < 50 && !/Casio ransomware <11>/.test(out); i++) {
      child.stdin!.write('/search casio\n');
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitFor(/results 1–10[\s\S]*Casio ransomware <11> \(https:\/\/news\.test\/11\)[\s\S]*\[1\] More ›/);
    const pressed = out.lastIndexOf('[1] More ›');
    child.stdin!.write(`${out.slice(pressed).match(/\[(\d+)\] More ›/)![1]}\n`);
    await waitFor(/results 11–12/);
    child.stdin!.write('/start\n');
    await waitFor(/This chat is subscribed/);
    child.stdin!.write('/search lang:fr\n');
    await waitFor(/⚠️ lang: takes zh or en/);
    assert.doesNotMatch(out, /<b>|&lt;|&amp;/, 'HTML is rendered as text');
  } finally {
    await stopChild(child);
    await server.close();
  }
});

test('console mode writes a /trend chart to a PNG file beside the database and prints its path', async () => {
  const now = Date.now();
  const items = Array.from({ length: 3 }, (_, i) => ({
    title: `Casio ransomware update ${i}`,
    link: `https://news.test/c${i}`,
    guid: `c${i}`,
    date: new Date(now - (i + 1) * 86_400_000).toUTCString(),
  }));
  const server = await startFeedServer({ '/feed': staticRoute(rss(items, { title: 'The Record' })) });
  const dir = tempDir();
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(feedsFile, opml([{ url: server.url('/feed'), title: 'The Record' }]));
  const child = spawnMain(
    { DATABASE_PATH: join(dir, 'data', 'db.sqlite'), FEEDS_FILE: feedsFile, LOG_LEVEL: 'silent' },
    dir,
  );
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  try {
    const end = Date.now() + 30_000;
    // The first ingest cycle runs at start; ask until its stories have landed.
    while (!/🖼 (\S+\.png)/.test(out)) {
      if (Date.now() > end) throw new Error(`no chart; output:\n${out}`);
      child.stdin!.write('/trend casio 7d\n');
      await new Promise((r) => setTimeout(r, 500));
    }
    const path = /🖼 (\S+\.png)/.exec(out)![1]!;
    assert.equal(dirname(path), join(dir, 'data', 'charts'));
    const png = PNG.sync.read(readFileSync(path));
    assert.deepEqual([png.width, png.height], [1280, 720]);
    assert.match(out, /📈 “casio” — stories per day, last 7 days/);
  } finally {
    await stopChild(child);
    await server.close();
  }
});
