// The weekly report on a real SQLite file with the real chart renderer: planned exactly once per
// chat across every minute of a week, racing connections, restarts and time zones; its content
// (top stories with their sources, CVEs, groups, quiet sources, the chart); an empty week.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { PNG } from 'pngjs';
import { renderChartPng } from '../../src/chart/render.js';
import { planWeeklyReports, reportWeeks, weekdayOf } from '../../src/notify/weekly.js';
import { ensureChat, subscribeChat, updateChatSettings, type WeekDay } from '../../src/store/chats.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { recordFetchFailure } from '../../src/store/feeds.js';
import { photoBytes } from '../../src/store/photos.js';
import { INLINE_PHOTO_KEY, type InlinePhoto } from '../../src/format/payload.js';
import { tempDb } from '../helpers/fixtures.js';
import { addStories, type StoryArticle } from '../helpers/stories.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 2026-11-30.
const MONDAY = Date.UTC(2026, 10, 30);
const silent = pino({ level: 'silent' });

function chat(db: Db, id: number, timezone: string, weekly: WeekDay | null, lang: 'en' | 'zh' = 'en'): void {
  ensureChat(db, { id, type: 'private', title: `c${id}` }, { timezone, digestTime: '09:00' }, MONDAY - 30 * DAY);
  subscribeChat(db, id, null, MONDAY - 30 * DAY);
  updateChatSettings(db, id, { weekly_day: weekly, ui_language: lang }, MONDAY - 30 * DAY);
}

/** Stories first seen when published, so the week's window and the per-day counts agree. */
function story(db: Db, articles: StoryArticle[]): number {
  return addStories(db, [articles], articles[0]!.publishedAt)[0]!;
}

function seedWeek(db: Db): void {
  const wk = MONDAY - 7 * DAY; // Monday 23 Nov, the report's week
  story(db, [
    {
      feed: 'The Record',
      title: 'Casio hit by Akira ransomware',
      topic: 'ransomware',
      publishedAt: wk + 1 * DAY + 10 * HOUR,
    },
    {
      feed: '安全内参',
      title: '卡西欧遭阿基拉勒索软件攻击',
      language: 'zh',
      topic: 'ransomware',
      publishedAt: wk + 2 * DAY,
    },
    {
      feed: 'BleepingComputer',
      title: 'Casio confirms Akira attack',
      topic: 'ransomware',
      publishedAt: wk + 2 * DAY + 5 * HOUR,
    },
  ]);
  story(db, [
    {
      feed: 'BleepingComputer',
      title: 'Fortinet FortiWeb flaw CVE-2025-64446 exploited',
      topic: 'vuln',
      publishedAt: wk + 3 * DAY,
    },
    { feed: 'CISA', title: 'CISA adds CVE-2025-64446 to KEV', topic: 'advisory', publishedAt: wk + 3 * DAY + HOUR },
  ]);
  story(db, [
    {
      feed: 'The Record',
      title: 'Salt Typhoon breached a National Guard network',
      topic: 'apt',
      publishedAt: wk + 4 * DAY,
    },
  ]);
  story(db, [
    { feed: 'The Record', title: 'Akira claims another victim', topic: 'ransomware', publishedAt: wk + 5 * DAY },
  ]);
  // Last week: two stories, for the reference line.
  story(db, [{ feed: 'The Record', title: 'Old news one', topic: 'policy', publishedAt: wk - 3 * DAY }]);
  story(db, [{ feed: 'The Record', title: 'Old news two', topic: 'policy', publishedAt: wk - 2 * DAY }]);
  // A source that posted for a month and went silent, failing.
  for (let i = 0; i < 4; i++) {
    story(db, [
      {
        feed: 'FreeBuf',
        title: `FreeBuf post ${i}`,
        language: 'zh',
        topic: 'other',
        publishedAt: wk - (5 + i * 5) * DAY,
      },
    ]);
  }
  const freebuf = db.prepare("SELECT id FROM feeds WHERE title = 'FreeBuf'").pluck().get() as number;
  recordFetchFailure(db, freebuf, {
    reason: 'http',
    message: 'HTTP 503',
    httpStatus: 503,
    now: MONDAY - DAY,
    nextFetchAt: 0,
  });
}

const outbox = (db: Db, chatId: number) =>
  db.prepare('SELECT method, payload FROM outbox WHERE chat_id = ? ORDER BY id').all(chatId) as Array<{
    method: string;
    payload: string;
  }>;

test('a report is planned once per chat, on its day at its digest time, across minutes, restarts and racing processes', async () => {
  const t = tempDb(MONDAY - 40 * DAY);
  const other = openDatabase(t.path);
  try {
    seedWeek(t.db);
    chat(t.db, 1, 'Asia/Shanghai', 'mon'); // 09:00 Shanghai = 01:00 UTC Monday
    chat(t.db, 2, 'America/New_York', 'mon'); // 09:00 New York = 14:00 UTC Monday
    chat(t.db, 3, 'UTC', null); // weekly report off
    chat(t.db, 4, 'Europe/Berlin', 'tue');
    let renders = 0;
    const render = (spec: Parameters<typeof renderChartPng>[0]) => (renders++, renderChartPng(spec));
    let planned = 0;
    // Every 10 minutes from Sunday noon to Tuesday noon UTC, two connections racing at each tick,
    // and a fresh set of deps (a restart) every tick.
    for (let now = MONDAY - 12 * HOUR; now <= MONDAY + 36 * HOUR; now += 10 * 60_000) {
      for (const db of [t.db, other])
        planned += await planWeeklyReports({ db, clock: () => now, log: silent, renderChart: render });
    }
    assert.equal(planned, 3, 'chats 1, 2 and 4, once each');
    assert.equal(renders, 3, 'each chart rendered once: nothing is rendered for an already planned report');
    const rows = t.db.prepare('SELECT chat_id, period_key, status FROM weekly_reports ORDER BY chat_id').all();
    assert.deepEqual(rows, [
      { chat_id: 1, period_key: '2026-11-30', status: 'planned' },
      { chat_id: 2, period_key: '2026-11-30', status: 'planned' },
      { chat_id: 4, period_key: '2026-12-01', status: 'planned' },
    ]);
    assert.equal(outbox(t.db, 3).length, 0);
    const sentAt = t.db
      .prepare("SELECT chat_id, created_at FROM outbox WHERE method = 'sendPhoto' ORDER BY chat_id")
      .all();
    assert.deepEqual(sentAt, [
      { chat_id: 1, created_at: Date.UTC(2026, 10, 30, 1) },
      { chat_id: 2, created_at: Date.UTC(2026, 10, 30, 14) },
      { chat_id: 4, created_at: Date.UTC(2026, 11, 1, 8) },
    ]);
  } finally {
    other.close();
    t.cleanup();
  }
});

test('the report: a chart, a caption with the week in figures, then stories, CVEs, groups and quiet sources', async () => {
  const t = tempDb(MONDAY - 40 * DAY);
  try {
    seedWeek(t.db);
    chat(t.db, 1, 'UTC', 'mon');
    const now = MONDAY + 9 * HOUR + 60_000;
    assert.equal(await planWeeklyReports({ db: t.db, clock: () => now, log: silent, renderChart: renderChartPng }), 1);
    const [photo, ...rest] = outbox(t.db, 1);
    assert.equal(photo!.method, 'sendPhoto');
    const payload = JSON.parse(photo!.payload) as Record<string, unknown>;
    const png = PNG.sync.read(photoBytes(t.db, (payload[INLINE_PHOTO_KEY] as InlinePhoto).sha256!)!);
    assert.deepEqual([png.width, png.height], [1280, 720]);
    const caption = String(payload.caption);
    assert.ok(caption.length <= 1024);
    assert.match(caption, /Weekly report<\/b> · 23\s?–\s?29 Nov/);
    // Last week: the two policy stories and FreeBuf's last post.
    assert.match(caption, /4 stories from 4 sources · last week 3 \(\+33%\)/);
    assert.match(caption, /Top topics: Ransomware &amp; extortion 2 · /);
    const text = rest.map((r) => String((JSON.parse(r.payload) as { text: string }).text)).join('\n');
    assert.match(text, /1\. <a href="[^"]+">Casio hit by Akira ransomware<\/a> <i>\(The Record; 3 sources\)<\/i>/);
    assert.match(text, /<code>CVE-2025-64446<\/code>.* — 1 story/);
    assert.match(text, /Most active ransomware groups<\/b>\nAkira \(2\)/);
    assert.match(text, /Most active threat actors<\/b>\nSalt Typhoon \(1\)/);
    assert.match(text, /Sources that went quiet<\/b>\n• FreeBuf — failing: HTTP 503/);
    assert.doesNotMatch(text, /Old news/, "last week's stories are not this week's");
  } finally {
    t.cleanup();
  }
});

test("a chat's own feed (ALLOW_CHAT_FEEDS) ranks in that chat's top stories, and names nothing in others'", async () => {
  const t = tempDb(MONDAY - 40 * DAY);
  try {
    seedWeek(t.db);
    story(t.db, [
      {
        feed: 'Team advisories',
        title: 'Quokkasoft gateway CVE-2026-31337 exploited by LockBit',
        topic: 'ransomware',
        publishedAt: MONDAY - 4 * DAY,
      },
    ]);
    const team = t.db.prepare("SELECT id FROM feeds WHERE title = 'Team advisories'").pluck().get() as number;
    chat(t.db, 1, 'UTC', 'mon');
    chat(t.db, 2, 'UTC', 'mon');
    t.db.prepare('UPDATE feeds SET chat_only = 1 WHERE id = ?').run(team);
    t.db.prepare('INSERT INTO chat_feeds (chat_id, feed_id, added_at) VALUES (1, ?, 0)').run(team);
    const now = MONDAY + 9 * HOUR + 60_000;
    assert.equal(await planWeeklyReports({ db: t.db, clock: () => now, log: silent, renderChart: renderChartPng }), 2);
    const report = (chatId: number) =>
      outbox(t.db, chatId)
        .map((r) => JSON.parse(r.payload) as { text?: string; caption?: string })
        .map((p) => p.text ?? p.caption)
        .join('\n');
    assert.match(report(1), /\d\. <a [^>]+>Quokkasoft gateway/);
    assert.doesNotMatch(report(2), /Quokkasoft/);
    for (const chatId of [1, 2]) {
      // The part every chat shares counts shared feeds only: the figures of the week without it.
      const shared = report(chatId).split('Most-mentioned CVEs')[1] ?? '';
      assert.match(shared, /CVE-2025-64446/);
      assert.doesNotMatch(shared, /CVE-2026-31337|LockBit/, `chat ${chatId}`);
      assert.match(report(chatId), /4 stories from 4 sources · last week 3 \(\+33%\)/);
    }
  } finally {
    t.cleanup();
  }
});

test('an empty week is one short line, in the chat language, and no chart', async () => {
  const t = tempDb(MONDAY - 40 * DAY);
  try {
    chat(t.db, 1, 'Asia/Shanghai', 'mon', 'zh');
    let renders = 0;
    const deps = {
      db: t.db,
      clock: () => MONDAY + 2 * HOUR,
      log: silent,
      renderChart: async () => (renders++, Buffer.alloc(0)),
    };
    assert.equal(await planWeeklyReports(deps), 1);
    assert.equal(renders, 0);
    const rows = outbox(t.db, 1);
    assert.deepEqual(
      rows.map((r) => r.method),
      ['sendMessage'],
    );
    assert.equal(JSON.parse(rows[0]!.payload).text, '📊 每周报告 · 11月23日至11月29日：本周没有报道。');
    assert.equal(t.db.prepare('SELECT status FROM weekly_reports').pluck().get(), 'empty');
  } finally {
    t.cleanup();
  }
});

test('the report week is the seven local days before the report day, and the weekday is local', async () => {
  const { week, lastWeek } = reportWeeks('2026-11-30', 'Asia/Shanghai');
  assert.deepEqual([week[0]!.key, week[6]!.key, lastWeek[0]!.key], ['2026-11-23', '2026-11-29', '2026-11-16']);
  assert.equal(week[6]!.end, Date.UTC(2026, 10, 29, 16), 'Monday 00:00 in Shanghai');
  assert.equal(weekdayOf('2026-11-30'), 'mon');
  assert.equal(weekdayOf('2026-12-06'), 'sun');
});

test('a process that loses the race for a report queues nothing, even after rendering it', async () => {
  const t = tempDb(MONDAY - 40 * DAY);
  const other = openDatabase(t.path);
  try {
    seedWeek(t.db);
    chat(t.db, 1, 'UTC', 'mon');
    const now = MONDAY + 9 * HOUR;
    let otherPlanned = 0;
    // While this process renders (after it saw the report as due, before its claim), another plans it.
    const racingRender = async (spec: Parameters<typeof renderChartPng>[0]) => {
      otherPlanned = await planWeeklyReports({ db: other, clock: () => now, log: silent, renderChart: renderChartPng });
      return renderChartPng(spec);
    };
    assert.equal(await planWeeklyReports({ db: t.db, clock: () => now, log: silent, renderChart: racingRender }), 0);
    assert.equal(otherPlanned, 1);
    assert.equal(outbox(t.db, 1).filter((r) => r.method === 'sendPhoto').length, 1, 'one chart, from the winner');
  } finally {
    other.close();
    t.cleanup();
  }
});

test('a chart that cannot be rendered is logged and retried; other chats still get theirs', async () => {
  const t = tempDb(MONDAY - 40 * DAY);
  const lines: string[] = [];
  const log = pino({ level: 'error' }, { write: (l: string) => lines.push(l) });
  try {
    seedWeek(t.db);
    chat(t.db, 1, 'UTC', 'mon');
    chat(t.db, 2, 'UTC', 'mon', 'zh');
    const now = MONDAY + 9 * HOUR;
    const failingForEnglish = (spec: Parameters<typeof renderChartPng>[0]) => {
      if (spec.title.startsWith('Stories')) throw new Error('font missing');
      return renderChartPng(spec);
    };
    assert.equal(await planWeeklyReports({ db: t.db, clock: () => now, log, renderChart: failingForEnglish }), 1);
    assert.equal(outbox(t.db, 1).length, 0);
    assert.equal(outbox(t.db, 2)[0]!.method, 'sendPhoto');
    assert.match(lines.join(''), /"chatId":1,.*font missing.*weekly report could not be planned/);
    assert.equal(await planWeeklyReports({ db: t.db, clock: () => now + 60_000, log, renderChart: renderChartPng }), 1);
    assert.equal(outbox(t.db, 1)[0]!.method, 'sendPhoto', 'the next minute');
  } finally {
    t.cleanup();
  }
});
