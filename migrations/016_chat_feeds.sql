-- Per-chat feeds (issue 13, ALLOW_CHAT_FEEDS=on). A chat admin's feed is an ordinary feeds row —
-- origin 'admin', so the SSRF guard applies — marked chat_only, and linked here to every chat that
-- added it. Its articles go into the shared archive (search finds them for everyone), but digests,
-- instant stories and alerts show them only to the linked chats. Removing the last link disables
-- the feed; its articles stay.
ALTER TABLE feeds ADD COLUMN chat_only INTEGER NOT NULL DEFAULT 0;
CREATE TABLE chat_feeds (
  chat_id  INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
  feed_id  INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
  added_at INTEGER NOT NULL,
  added_by INTEGER,
  PRIMARY KEY (chat_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX chat_feeds_feed ON chat_feeds (feed_id);
