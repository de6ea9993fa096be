import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { analysePending } from '../../src/digest/analyse.js';
import { FEATURES_VERSION } from '../../src/news/story-features.js';
import { storeBatch } from '../../src/store/articles.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { saveAnalysis } from '../../src/store/stories.js';
import { tempDb } from '../helpers/fixtures.js';
import { item } from '../helpers/stories.js';

test('a bridging article merges two stories: articles, size, what chats were sent', () => {
  const t = tempDb(),
    now = Date.UTC(2025, 6, 24);
  upsertFeeds(
    t.db,
    [
      { url: 'https://a.test/', title: 'A', language: 'en' },
      { url: 'https://b.test/', title: 'B', language: 'en' },
    ],
    'file',
    now,
  );
  const ids = [1, 2, 1].map(
    (feed, k) =>
      storeBatch(
        t.db,
        feed,
        [item({ feed: feed === 1 ? 'A' : 'B', title: `Report ${k}`, publishedAt: now - (3 - k) * 3_600_000 })],
        now,
      ).insertedIds[0]!,
  );
  const created = saveAnalysis(
    t.db,
    [
      { id: ids[0]!, topics: [], story: null },
      { id: ids[1]!, topics: [], story: null },
    ],
    now,
  );
  const [s1, s2] = [created.get(ids[0]!)!, created.get(ids[1]!)!];
  t.db
    .prepare(
      "INSERT INTO chats (id, type, subscribed, timezone, digest_time, created_at, updated_at) VALUES (7, 'private', 1, 'UTC', '08:00', 0, 0)",
    )
    .run();
  t.db.prepare('INSERT INTO instant_sent (chat_id, story_id, lead_article_id) VALUES (7, ?, ?)').run(s2, ids[1]);
  // The third article joins s1 and bridges s2 into it.
  saveAnalysis(t.db, [{ id: ids[2]!, topics: [], story: s1 }], now, [[s1, s2]]);
  const rows = t.db.prepare('SELECT story_id AS s FROM articles ORDER BY id').all() as Array<{ s: number }>;
  assert.deepEqual(
    rows.map((r) => r.s),
    [s1, s1, s1],
  );
  assert.equal((t.db.prepare('SELECT size FROM stories WHERE id = ?').get(s1) as { size: number }).size, 3);
  assert.equal(t.db.prepare('SELECT 1 FROM stories WHERE id = ?').get(s2), undefined);
  assert.deepEqual(t.db.prepare('SELECT chat_id, story_id FROM instant_sent').all(), [{ chat_id: 7, story_id: s1 }]);
  // A merge of two stories created in the same batch uses negative ids, resolved to the new rows.
  const more = [1, 2].map(
    (feed, k) =>
      storeBatch(
        t.db,
        feed,
        [item({ feed: feed === 1 ? 'A' : 'B', title: `Other ${k}`, publishedAt: now - 60_000 * (k + 1) })],
        now,
      ).insertedIds[0]!,
  );
  const made = saveAnalysis(
    t.db,
    [
      { id: more[0]!, topics: [], story: null },
      { id: more[1]!, topics: [], story: null },
    ],
    now,
    [[-more[0]!, -more[1]!]],
  );
  assert.equal(made.size, 1, 'the dropped new story is not reported as created');
  const story = (id: number) =>
    (t.db.prepare('SELECT story_id AS s FROM articles WHERE id = ?').get(id) as { s: number }).s;
  assert.equal(story(more[0]!), story(more[1]!));
  t.db.close();
});

test('a damaged features cache row is recomputed, and the analysis goes on', () => {
  const t = tempDb(),
    now = Date.UTC(2025, 6, 24);
  upsertFeeds(t.db, [{ url: 'https://a.test/', title: 'A', language: 'en' }], 'file', now);
  const log = pino({ level: 'silent' }),
    deps = { db: t.db, clock: () => now, log, windowMs: 72 * 3_600_000 };
  const first = storeBatch(
    t.db,
    1,
    [item({ feed: 'A', title: 'Casio says ransomware attack disrupted systems', publishedAt: now - 7_200_000 })],
    now,
  ).insertedIds[0]!;
  analysePending(deps);
  t.db.prepare("UPDATE article_features SET data = '{not json' WHERE article_id = ?").run(first);
  storeBatch(t.db, 1, [item({ feed: 'A', title: 'Nidec reports a breach', publishedAt: now - 3_600_000 })], now);
  assert.equal(analysePending(deps).analysed, 1);
  const row = t.db.prepare('SELECT version, data FROM article_features WHERE article_id = ?').get(first) as {
    version: number;
    data: string;
  };
  assert.equal(row.version, FEATURES_VERSION);
  assert.equal((JSON.parse(row.data) as { id: number }).id, first);
  t.db.close();
});
