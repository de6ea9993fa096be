// Instant mode: each new story once; a follow-up source of the same story is not sent again as a
// story, but as a short update when it adds a development — capped, each article once per chat.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { queueInstantStories, queueStoryUpdates, UPDATES_PER_STORY_PER_DAY } from '../../src/notify/instant.js';
import {
  ensureChat,
  subscribeChat,
  unsubscribeChat,
  updateChatSettings,
  type ChatSettings,
} from '../../src/store/chats.js';
import type { Db } from '../../src/store/db.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { claimInstantUpdate } from '../../src/store/instant.js';
import { saveAnalysis } from '../../src/store/stories.js';
import { storeBatch } from '../../src/store/articles.js';
import { tempDb } from '../helpers/fixtures.js';
import { addStories, item, type StoryArticle } from '../helpers/stories.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

test('instant chats get each new story once; digest-only chats get nothing; follow-ups are not re-sent', async () => {
  const t = tempDb();
  const now = Date.UTC(2025, 2, 10, 12);
  const deps = { db: t.db, clock: () => now, log: pino({ level: 'silent' }), topN: 15 };
  for (const [id, mode] of [
    [1, 'instant'],
    [2, 'both'],
    [3, 'digest'],
  ] as const) {
    ensureChat(
      t.db,
      { id, type: 'private', title: `c${id}` },
      { timezone: 'UTC', digestTime: '09:00' },
      now - 86_400_000,
    );
    subscribeChat(t.db, id, null, now - 86_400_000);
    updateChatSettings(t.db, id, { delivery_mode: mode }, now);
  }
  const [casio, ivanti] = addStories(
    t.db,
    [
      [
        {
          feed: 'The Record',
          title: 'Casio confirms <ransomware> attack',
          topic: 'ransomware',
          publishedAt: now - 3_600_000,
        },
      ],
      [{ feed: 'SecurityWeek', title: 'Ivanti patches exploited flaw', topic: 'vuln', publishedAt: now - 1_800_000 }],
    ],
    now,
  );
  assert.equal(await queueInstantStories(deps, [casio!, ivanti!]), 2, 'one message each for chats 1 and 2');
  const rows = () =>
    t.db.prepare("SELECT chat_id, payload FROM outbox WHERE kind = 'alert' ORDER BY id").all() as Array<{
      chat_id: number;
      payload: string;
    }>;
  assert.deepEqual(
    rows().map((r) => r.chat_id),
    [1, 2],
  );
  const text = JSON.parse(rows()[0]!.payload).text as string;
  parseTelegramHtml(text);
  assert.match(text, /^⚡ <b>New stories<\/b>/);
  assert.match(text, /Casio confirms &lt;ransomware&gt; attack/);
  assert.match(text, /Ivanti patches exploited flaw/);

  // A second outlet reports Casio: it joins the existing story, which is not new and not re-sent.
  const feedId = t.db.prepare("SELECT id FROM feeds WHERE title = 'The Record'").pluck().get() as number;
  const [followUp] = storeBatch(
    t.db,
    feedId,
    [item({ feed: 'The Record', title: 'Casio ransomware: more details', publishedAt: now })],
    now,
  ).insertedIds;
  saveAnalysis(t.db, [{ id: followUp!, topics: ['ransomware'], story: casio! }], now);
  assert.equal(await queueInstantStories(deps, [casio!]), 0);
  assert.equal(rows().length, 2);
  t.cleanup();
});

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 2, 10, 12);
const LEAD: StoryArticle = {
  feed: 'The Record',
  title: 'LockBit affiliate arrested in Poland',
  topic: 'ransomware',
  publishedAt: T0 - 2 * HOUR,
  summary: 'Polish police arrested a suspected LockBit ransomware affiliate accused of attacks on European companies.',
};

function addChat(db: Db, id: number, at: number, settings: ChatSettings = {}): void {
  ensureChat(db, { id, type: 'private', title: `c${id}` }, { timezone: 'UTC', digestTime: '09:00' }, at);
  subscribeChat(db, id, null, at);
  updateChatSettings(db, id, { delivery_mode: 'instant', ...settings }, at);
}

/** An article of another outlet stored at `now` and joined to `storyId`, as analysis would. */
function joinStory(db: Db, storyId: number, a: Omit<StoryArticle, 'publishedAt'>, now: number): number {
  upsertFeeds(db, [{ url: `https://${encodeURIComponent(a.feed)}.feeds.test/`, title: a.feed }], 'file', now);
  const feedId = db.prepare('SELECT id FROM feeds WHERE title = ?').pluck().get(a.feed) as number;
  const [id] = storeBatch(db, feedId, [item({ ...a, publishedAt: now })], now).insertedIds;
  saveAnalysis(db, [{ id: id!, topics: [a.topic ?? 'ransomware'], story: storyId }], now);
  return id!;
}

interface Sent {
  chatId: number;
  text: string;
  notBefore: number;
}
const outbox = (db: Db): Sent[] =>
  (
    db.prepare("SELECT chat_id, payload, not_before FROM outbox WHERE kind = 'alert' ORDER BY id").all() as Array<{
      chat_id: number;
      payload: string;
      not_before: number;
    }>
  ).map((r) => ({ chatId: r.chat_id, text: JSON.parse(r.payload).text as string, notBefore: r.not_before }));

/** A story sent to the instant chats that exist now; the clock then moves to `T0`. */
async function sentStory(db: Db, lead = LEAD) {
  let now = T0 - HOUR;
  const deps = { db, clock: () => now, log: pino({ level: 'silent' }), topN: 15 };
  const [storyId] = addStories(db, [[lead]], now);
  await queueInstantStories(deps, [storyId!]);
  now = T0;
  return { storyId: storyId!, deps, at: (t: number) => (now = t), base: outbox(db).length };
}

const DEVELOPMENT = {
  feed: 'Europol News',
  title: 'Police & Europol dismantle LockBit <infrastructure>',
  summary: "Law enforcement agencies from ten countries seized LockBit's servers in Operation Cronos.",
};

test('a follow-up with a new development is sent once as an update; a repost and a paraphrase are not', async () => {
  const t = tempDb();
  addChat(t.db, 1, T0 - 2 * HOUR);
  addChat(t.db, 2, T0 - 2 * HOUR, { delivery_mode: 'both', ui_language: 'zh' });
  addChat(t.db, 3, T0 - 2 * HOUR, { delivery_mode: 'digest' });
  const { storyId, deps, base } = await sentStory(t.db);
  assert.equal(base, 2, 'the story went to chats 1 and 2');
  const ids = [
    joinStory(t.db, storyId, { feed: 'Syndicate', title: LEAD.title, summary: LEAD.summary! }, T0),
    joinStory(
      t.db,
      storyId,
      {
        feed: 'SecurityWeek',
        title: 'Poland arrests LockBit ransomware affiliate',
        summary: 'A LockBit affiliate was arrested by Polish police, accused of attacking European firms.',
      },
      T0,
    ),
    joinStory(t.db, storyId, DEVELOPMENT, T0),
  ];
  assert.equal(queueStoryUpdates(deps, ids, []), 2, 'one update each for chats 1 and 2; none for the digest chat');
  const updates = outbox(t.db).slice(base);
  assert.deepEqual(
    updates.map((u) => u.chatId),
    [1, 2],
  );
  for (const u of updates) parseTelegramHtml(u.text);
  assert.match(
    updates[0]!.text,
    /^↻ <b>Update<\/b> · LockBit affiliate arrested in Poland: <a href="https:\/\/europolnews\.test\/\d+">Police &amp; Europol dismantle LockBit &lt;infrastructure&gt;<\/a> — <i>Europol News<\/i>$/,
  );
  assert.match(updates[1]!.text, /^↻ <b>后续<\/b> · LockBit affiliate arrested in Poland：/);
  assert.equal(queueStoryUpdates(deps, ids, []), 0, 'the same pass again sends nothing twice');
  assert.equal(t.db.prepare('SELECT count(*) FROM instant_updates').pluck().get(), 2);
  t.cleanup();
});

test('two outlets reporting the same development in one pass make one update', async () => {
  const t = tempDb();
  addChat(t.db, 1, T0 - 2 * HOUR);
  const { storyId, deps, base } = await sentStory(t.db);
  const ids = [
    joinStory(t.db, storyId, DEVELOPMENT, T0),
    joinStory(
      t.db,
      storyId,
      {
        feed: 'BleepingComputer',
        title: 'LockBit infrastructure dismantled by police',
        summary: 'Police seized LockBit servers.',
      },
      T0,
    ),
  ];
  assert.equal(queueStoryUpdates(deps, ids, []), 1);
  assert.equal(outbox(t.db).length - base, 1);
  assert.doesNotMatch(outbox(t.db).at(-1)!.text, /BleepingComputer/);
  t.cleanup();
});

test(`at most ${UPDATES_PER_STORY_PER_DAY} updates per story per chat in 24 h: five developments in a day send three`, async () => {
  const t = tempDb();
  addChat(t.db, 1, T0 - 2 * HOUR);
  const { storyId, deps, at, base } = await sentStory(t.db);
  const developments = [
    'LockBit admin charged by prosecutors',
    'LockBit developer sentenced to prison',
    'Treasury sanctions LockBit leaders',
    'LockBit suspect extradited',
    'Police seize LockBit leak site',
  ];
  developments.forEach((title, i) => {
    at(T0 + i * HOUR);
    queueStoryUpdates(
      deps,
      [joinStory(t.db, storyId, { feed: `Outlet ${i}`, title, summary: `${title}.` }, T0 + i * HOUR)],
      [],
    );
  });
  const sent = outbox(t.db).slice(base);
  assert.equal(sent.length, 3);
  assert.match(sent.map((s) => s.text).join('\n'), /charged[\s\S]*sentenced[\s\S]*sanctions/);
  // A day after the first update, one slot is free again.
  at(T0 + 24 * HOUR + 1);
  queueStoryUpdates(
    deps,
    [
      joinStory(
        t.db,
        storyId,
        { feed: 'Late', title: 'LockBit ransom payments restored to victims', summary: 'Restored.' },
        T0 + 24 * HOUR + 1,
      ),
    ],
    [],
  );
  assert.equal(outbox(t.db).length - base, 4);
  t.cleanup();
});

test('no update for a chat never sent the story, for its filters, or for articles before it subscribed', async () => {
  const t = tempDb();
  addChat(t.db, 1, T0 - 2 * HOUR);
  addChat(t.db, 5, T0 - 2 * HOUR, { content_languages: 'en' });
  addChat(t.db, 6, T0 - 2 * HOUR);
  addChat(t.db, 7, T0 - 2 * HOUR);
  const { storyId, deps, at, base } = await sentStory(t.db);
  assert.equal(base, 4);
  addChat(t.db, 4, T0 - 1000); // subscribed after the story went out: not a story it follows
  updateChatSettings(t.db, 6, { topics: 'vuln' }, T0);
  const zh = joinStory(
    t.db,
    storyId,
    {
      feed: '安全内参',
      language: 'zh',
      title: '多国警方捣毁LockBit基础设施',
      summary: '执法机构查封了LockBit的服务器。',
    },
    T0,
  );
  unsubscribeChat(t.db, 7, T0);
  at(T0 + 1000);
  subscribeChat(t.db, 7, null, T0 + 1000); // back, but the article came while it was away
  assert.equal(queueStoryUpdates(deps, [zh], []), 1);
  assert.deepEqual(
    outbox(t.db)
      .slice(base)
      .map((u) => u.chatId),
    [1],
    'only chat 1: 4 was never sent it, 5 reads English only, 6 wants vulnerabilities, 7 was away',
  );
  // Chat 4 still gets new stories as before.
  const [next] = addStories(
    t.db,
    [[{ feed: 'SecurityWeek', title: 'Ivanti patches exploited flaw', topic: 'vuln', publishedAt: T0 }]],
    T0 + 1000,
  );
  await queueInstantStories(deps, [next!]);
  assert.ok(outbox(t.db).some((u) => u.chatId === 4 && /Ivanti/.test(u.text)));
  t.cleanup();
});

test('a story sent before its lead was recorded is compared against all its earlier articles', async () => {
  const t = tempDb();
  addChat(t.db, 1, T0 - 2 * HOUR);
  const { storyId, deps, base } = await sentStory(t.db);
  t.db.prepare('UPDATE instant_sent SET lead_article_id = NULL').run();
  const repost = joinStory(t.db, storyId, { feed: 'Syndicate', title: LEAD.title, summary: LEAD.summary! }, T0);
  assert.equal(queueStoryUpdates(deps, [repost], []), 0);
  assert.equal(queueStoryUpdates(deps, [joinStory(t.db, storyId, DEVELOPMENT, T0)], []), 1);
  assert.match(outbox(t.db).slice(base)[0]!.text, /· LockBit affiliate arrested in Poland: /);
  t.cleanup();
});

test('quiet hours delay an update instead of dropping it', async () => {
  const t = tempDb();
  addChat(t.db, 1, T0 - 2 * HOUR, { quiet_start: '11:00', quiet_end: '14:30' });
  const { storyId, deps, base } = await sentStory(t.db);
  assert.equal(queueStoryUpdates(deps, [joinStory(t.db, storyId, DEVELOPMENT, T0)], []), 1);
  assert.equal(outbox(t.db).slice(base)[0]!.notBefore, Date.UTC(2025, 2, 10, 14, 30));
  t.cleanup();
});

test('stories created in this pass are new stories, not updates', async () => {
  const t = tempDb();
  addChat(t.db, 1, T0 - 2 * HOUR);
  const { storyId, deps, base } = await sentStory(t.db);
  const id = joinStory(t.db, storyId, DEVELOPMENT, T0);
  assert.equal(queueStoryUpdates(deps, [id], [storyId]), 0);
  assert.equal(outbox(t.db).length, base);
  t.cleanup();
});

test('the claim: each article once per chat; the cap counts one story of one chat over the last 24 h', () => {
  const t = tempDb();
  const claim = (chatId: number, storyId: number, articleId: number, at: number) =>
    claimInstantUpdate(t.db, { chatId, storyId, articleId }, at, 2, 24 * HOUR);
  assert.equal(claim(1, 10, 100, T0), true);
  assert.equal(claim(1, 10, 100, T0 + 1), false, 'the same article again');
  assert.equal(claim(2, 10, 100, T0), true, 'another chat');
  assert.equal(claim(1, 10, 101, T0 + HOUR), true);
  assert.equal(claim(1, 10, 102, T0 + 2 * HOUR), false, 'cap of 2 reached');
  assert.equal(claim(1, 11, 103, T0 + 2 * HOUR), true, 'another story');
  assert.equal(claim(1, 10, 102, T0 + 24 * HOUR), true, 'the first left the window');
  t.cleanup();
});
