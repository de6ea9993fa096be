// The SQL of per-chat feeds (migration 016) on a real SQLite file: who sees a chat-only feed
// (foreign_feeds on every chat row), what removing the last link does, and that a group's feeds
// follow it when Telegram turns it into a supergroup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addChatFeed, chatFeeds, removeChatFeed, UNUSED_CHAT_FEED } from '../../src/store/chat-feeds.js';
import { ensureChat, getChat, migrateChat, subscribeChat, subscribedChats } from '../../src/store/chats.js';
import { listFeeds } from '../../src/store/feeds.js';
import { hiddenFeedIds } from '../../src/digest/chat-settings.js';
import { tempDb } from '../helpers/fixtures.js';

const NOW = Date.UTC(2026, 11, 3, 12);
const FEED = { url: 'https://team.example/feed.xml', title: 'Team advisories' };

function chats(db: Parameters<typeof ensureChat>[0], ids: number[]): void {
  for (const id of ids) {
    ensureChat(db, { id, type: 'group', title: `c${id}` }, { timezone: 'UTC', digestTime: '09:00' }, NOW);
    subscribeChat(db, id, null, NOW);
  }
}

test('a chat-only feed is hidden from every chat that did not add it, and from none that did', () => {
  const t = tempDb();
  try {
    chats(t.db, [-1, -2, -3]);
    const added = addChatFeed(t.db, -1, FEED, { max: 5, total: 100, userId: 7, now: NOW });
    assert.equal(added.kind, 'added');
    const feedId = (added as { feedId: number }).feedId;
    assert.deepEqual(addChatFeed(t.db, -2, FEED, { max: 5, total: 100, userId: 8, now: NOW }), {
      kind: 'linked',
      feedId,
    });
    assert.deepEqual(addChatFeed(t.db, -2, FEED, { max: 5, total: 100, userId: 8, now: NOW }), {
      kind: 'already',
      feedId,
    });
    const hidden = Object.fromEntries(subscribedChats(t.db).map((c) => [c.id, hiddenFeedIds(c)]));
    assert.deepEqual(hidden, { '-3': [feedId], '-2': [], '-1': [] });
  } finally {
    t.cleanup();
  }
});

test('the limit counts per chat; removing the last link stops fetching, and adding it again resumes', () => {
  const t = tempDb();
  try {
    chats(t.db, [-1, -2]);
    const { feedId } = addChatFeed(t.db, -1, FEED, { max: 1, total: 100, userId: 7, now: NOW }) as { feedId: number };
    const second = { url: 'https://team.example/other.xml', title: 'Other' };
    assert.deepEqual(addChatFeed(t.db, -1, second, { max: 1, total: 100, userId: 7, now: NOW }), {
      kind: 'limit',
      max: 1,
    });
    addChatFeed(t.db, -2, FEED, { max: 1, total: 100, userId: 8, now: NOW });

    assert.equal(removeChatFeed(t.db, -1, feedId), true);
    assert.equal(removeChatFeed(t.db, -1, feedId), false, 'already gone');
    const feed = () => listFeeds(t.db).find((f) => f.id === feedId)!;
    assert.equal(feed().enabled, 1, 'chat -2 still has it');
    removeChatFeed(t.db, -2, feedId);
    assert.equal(feed().enabled, 0);
    assert.equal(feed().disabled_reason, UNUSED_CHAT_FEED);

    assert.deepEqual(addChatFeed(t.db, -1, FEED, { max: 1, total: 100, userId: 7, now: NOW }), {
      kind: 'linked',
      feedId,
    });
    assert.equal(feed().enabled, 1);
    assert.equal(feed().disabled_reason, null);
  } finally {
    t.cleanup();
  }
});

test('the server-wide total counts feeds fetched for chats; linking one already fetched adds none', () => {
  const t = tempDb();
  try {
    chats(t.db, [-1, -2]);
    const { feedId } = addChatFeed(t.db, -1, FEED, { max: 5, total: 1, userId: 7, now: NOW }) as { feedId: number };
    const second = { url: 'https://team.example/other.xml', title: 'Other' };
    assert.deepEqual(addChatFeed(t.db, -2, second, { max: 5, total: 1, userId: 8, now: NOW }), {
      kind: 'full',
      total: 1,
    });
    assert.deepEqual(addChatFeed(t.db, -2, FEED, { max: 5, total: 1, userId: 8, now: NOW }), {
      kind: 'linked',
      feedId,
    });
    removeChatFeed(t.db, -1, feedId);
    removeChatFeed(t.db, -2, feedId); // no longer fetched: room for another
    assert.equal(addChatFeed(t.db, -2, second, { max: 5, total: 1, userId: 8, now: NOW }).kind, 'added');
  } finally {
    t.cleanup();
  }
});

test('a group that becomes a supergroup keeps its own feeds', () => {
  const t = tempDb();
  try {
    chats(t.db, [-1, -2]);
    const { feedId } = addChatFeed(t.db, -1, FEED, { max: 5, total: 100, userId: 7, now: NOW }) as { feedId: number };
    migrateChat(t.db, -1, -1001, NOW);
    assert.deepEqual(
      chatFeeds(t.db, -1001).map((f) => f.id),
      [feedId],
    );
    assert.deepEqual(hiddenFeedIds(getChat(t.db, -1001)!), []);
    assert.deepEqual(hiddenFeedIds(getChat(t.db, -2)!), [feedId]);
  } finally {
    t.cleanup();
  }
});
