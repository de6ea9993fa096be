// Digest planning: exactly once per chat and local day, with racing ticks, two connections
// (two processes) and restarts; missed digests; empty windows; quiet hours.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import pino from 'pino';
import { planDueDigests, type PlanDeps } from '../../src/notify/digests.js';
import { ensureChat, subscribeChat, updateChatSettings } from '../../src/store/chats.js';
import { openDatabase, type Db } from '../../src/store/db.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';
import { addStories } from '../helpers/stories.js';

// 09:00 in Shanghai is 01:00Z.
const DIGEST_AT = Date.parse('2025-03-10T01:00:00Z');
let t: TempDb;

const deps = (db: Db, now: number): PlanDeps => ({ db, clock: () => now, log: pino({ level: 'silent' }), topN: 15 });
const outbox = (db: Db) =>
  db.prepare("SELECT chat_id, payload, not_before FROM outbox WHERE kind = 'digest' ORDER BY id").all() as Array<{
    chat_id: number;
    payload: string;
    not_before: number;
  }>;

function subscribe(id: number, tz = 'Asia/Shanghai'): void {
  ensureChat(
    t.db,
    { id, type: 'private', title: `c${id}` },
    { timezone: tz, digestTime: '09:00' },
    DIGEST_AT - 3 * 86_400_000,
  );
  subscribeChat(t.db, id, null, DIGEST_AT - 3 * 86_400_000);
}

beforeEach(() => {
  t = tempDb();
  addStories(
    t.db,
    [
      [
        {
          feed: 'The Record',
          title: 'Casio confirms ransomware attack',
          topic: 'ransomware',
          publishedAt: DIGEST_AT - 5 * 3_600_000,
        },
        {
          feed: 'BleepingComputer',
          title: 'Casio says ransomware gang stole data',
          topic: 'ransomware',
          publishedAt: DIGEST_AT - 4 * 3_600_000,
        },
      ],
      [
        {
          feed: 'SecurityWeek',
          title: 'Ivanti patches exploited flaw',
          topic: 'vuln',
          publishedAt: DIGEST_AT - 3 * 3_600_000,
        },
      ],
    ],
    DIGEST_AT - 2 * 3_600_000,
  );
});
afterEach(() => t.cleanup());

test('nothing is planned before the local digest time; at it, one digest per chat', async () => {
  subscribe(1);
  assert.deepEqual(await planDueDigests(deps(t.db, DIGEST_AT - 60_000)), { planned: 0, skipped: 0 });
  assert.deepEqual(await planDueDigests(deps(t.db, DIGEST_AT)), { planned: 1, skipped: 0 });
  const rows = outbox(t.db);
  assert.equal(rows.length, 1);
  const text = JSON.parse(rows[0]!.payload).text as string;
  parseTelegramHtml(text);
  assert.match(text, /Casio confirms ransomware attack[\s\S]*also: <a href="[^"]+">BleepingComputer<\/a>/);
  assert.equal((text.match(/Casio/g) ?? []).length >= 1, true);
  assert.match(text, /2 stories from 3 sources/);
});

test("chats that subscribe after the day's digest time get the next digest, not a quiet-day note now", async () => {
  const at = DIGEST_AT + 9 * 3_600_000; // 18:00 in Shanghai, nine hours after the digest time
  for (let id = 1; id <= 30; id++) {
    ensureChat(t.db, { id, type: 'private', title: `c${id}` }, { timezone: 'Asia/Shanghai', digestTime: '09:00' }, at);
    subscribeChat(t.db, id, null, at);
  }
  assert.deepEqual(await planDueDigests(deps(t.db, at + 60_000)), { planned: 0, skipped: 0 });
  assert.equal(outbox(t.db).length, 0);
  const next = DIGEST_AT + 86_400_000;
  assert.deepEqual(await planDueDigests(deps(t.db, next - 60_000)), { planned: 0, skipped: 0 });
  assert.equal((await planDueDigests(deps(t.db, next))).planned, 30, "the next day's digest is the first");
});

test('two racing ticks and a second connection plan exactly once; a restart plans nothing more', async () => {
  subscribe(1);
  subscribe(2);
  const other = openDatabase(t.path);
  const results = await Promise.all([
    planDueDigests(deps(t.db, DIGEST_AT)),
    planDueDigests(deps(t.db, DIGEST_AT)),
    planDueDigests(deps(other, DIGEST_AT)),
  ]);
  assert.equal(
    results.reduce((n, r) => n + r.planned, 0),
    2,
  );
  assert.deepEqual(
    outbox(t.db)
      .map((r) => r.chat_id)
      .sort(),
    [1, 2],
  );
  other.close();
  const restarted = openDatabase(t.path);
  assert.deepEqual(await planDueDigests(deps(restarted, DIGEST_AT + 5 * 60_000)), { planned: 0, skipped: 0 });
  assert.equal(outbox(restarted).length, 2);
  restarted.close();
});

test('after downtime a missed digest is sent once if under 12 h late, and not at all after that', async () => {
  subscribe(1);
  assert.equal((await planDueDigests(deps(t.db, DIGEST_AT + 11 * 3_600_000))).planned, 1);
  assert.equal((await planDueDigests(deps(t.db, DIGEST_AT + 11.5 * 3_600_000))).planned, 0);
  subscribe(2);
  assert.equal(
    (await planDueDigests(deps(t.db, DIGEST_AT + 13 * 3_600_000))).planned,
    0,
    'chat 1 not again; chat 2 nothing 13 h late',
  );
  assert.deepEqual(
    outbox(t.db).map((r) => r.chat_id),
    [1],
  );
});

test('an empty window sends a quiet-day note, or nothing with empty_digest=skip', async () => {
  subscribe(1);
  subscribe(2);
  updateChatSettings(t.db, 1, { topics: 'apt' }, DIGEST_AT);
  updateChatSettings(t.db, 2, { topics: 'apt', empty_digest: 'skip' }, DIGEST_AT);
  assert.deepEqual(await planDueDigests(deps(t.db, DIGEST_AT)), { planned: 1, skipped: 1 });
  const rows = outbox(t.db);
  assert.equal(rows.length, 1);
  assert.match(JSON.parse(rows[0]!.payload).text, /quiet day/);
  assert.equal(t.db.prepare('SELECT status FROM digests WHERE chat_id = 2').pluck().get(), 'empty_skipped');
});

test('quiet hours hold the digest until they end; content languages filter stories', async () => {
  subscribe(1);
  updateChatSettings(t.db, 1, { quiet_start: '08:00', quiet_end: '10:00', content_languages: 'zh' }, DIGEST_AT);
  await planDueDigests(deps(t.db, DIGEST_AT));
  const [row] = outbox(t.db);
  assert.equal(row!.not_before, DIGEST_AT + 3_600_000);
  assert.match(
    JSON.parse(row!.payload).text,
    /今天很平静/,
    'no Chinese stories in the window; a zh-only chat reads Chinese',
  );
});

test('the digest shows the story summary: the lead report plus what another source adds', async () => {
  addStories(
    t.db,
    [
      [
        {
          feed: 'The Record',
          title: 'Nidec confirms ransomware attack',
          summary: 'Nidec said a ransomware attack disrupted production systems at a plant in Vietnam.',
          topic: 'ransomware',
          publishedAt: DIGEST_AT - 6 * 3_600_000,
        },
        {
          feed: 'SecurityWeek',
          title: 'Nidec data leaked',
          summary: 'Nidec was hit by ransomware. The Everest gang says it stole 50,000 files from the company.',
          topic: 'ransomware',
          publishedAt: DIGEST_AT - 5 * 3_600_000,
        },
      ],
    ],
    DIGEST_AT - 2 * 3_600_000,
  );
  subscribe(1);
  await planDueDigests(deps(t.db, DIGEST_AT));
  const text = JSON.parse(outbox(t.db)[0]!.payload).text as string;
  assert.match(
    text,
    /Nidec said a ransomware attack disrupted production systems at a plant in Vietnam\. The Everest gang says it stole 50,000 files from the company\./,
  );
});
