// /trend's counts on a real SQLite file: matching articles by story and day, filters kept, the
// plan's own since: replaced by the period, and unanalysed articles left out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery } from '../../src/news/query.js';
import { storeBatch } from '../../src/store/articles.js';
import { storyMentions } from '../../src/store/trends.js';
import { tempDb } from '../helpers/fixtures.js';
import { addStories, item } from '../helpers/stories.js';

const NOW = Date.UTC(2026, 10, 30, 12);
const DAY = 86_400_000;

test('story mentions: every analysed article, or those matching a query, within the period', () => {
  const t = tempDb(NOW);
  try {
    const [casio, lockbit, old] = addStories(
      t.db,
      [
        [
          {
            feed: 'The Record',
            title: 'Casio hit by ransomware attack',
            topic: 'ransomware',
            publishedAt: NOW - 2 * DAY,
          },
          {
            feed: '安全内参',
            title: '卡西欧遭勒索软件攻击',
            language: 'zh',
            topic: 'ransomware',
            publishedAt: NOW - DAY,
          },
        ],
        [{ feed: 'BleepingComputer', title: 'LockBit affiliate arrested', topic: 'apt', publishedAt: NOW - DAY }],
        [{ feed: 'The Record', title: 'Casio earnings call', topic: 'other', publishedAt: NOW - 40 * DAY }],
      ],
      NOW,
    );
    // Stored but not analysed yet: no story, so not counted.
    const feedId = t.db.prepare("SELECT id FROM feeds WHERE title = 'The Record'").pluck().get() as number;
    storeBatch(t.db, feedId, [item({ feed: 'The Record', title: 'Casio again', publishedAt: NOW - DAY })], NOW);

    const all = storyMentions(t.db, null, NOW - 7 * DAY, NOW);
    assert.deepEqual(all.map((m) => m.storyId).sort(), [casio, casio, lockbit].sort());
    assert.deepEqual(new Set(all.map((m) => m.topic)), new Set(['ransomware', 'apt']));

    const plan = parseQuery('casio since:365d', NOW);
    const hits = storyMentions(t.db, plan, NOW - 7 * DAY, NOW);
    assert.deepEqual(
      hits.map((m) => m.storyId),
      [casio],
      'the English article; since: does not widen the period',
    );
    assert.deepEqual(
      storyMentions(t.db, plan, NOW - 60 * DAY, NOW)
        .map((m) => m.storyId)
        .sort(),
      [casio, old].sort(),
    );
    assert.deepEqual(
      storyMentions(t.db, parseQuery('勒索', NOW), NOW - 7 * DAY, NOW).map((m) => m.storyId),
      [casio],
    );
    assert.deepEqual(storyMentions(t.db, parseQuery('casio lang:zh', NOW), NOW - 7 * DAY, NOW), []);
    assert.deepEqual(storyMentions(t.db, parseQuery('casio source:nosuchfeed', NOW), NOW - 7 * DAY, NOW), []);
  } finally {
    t.cleanup();
  }
});
