-- Sources a chat has muted with /sources mute (issue 13): a comma list of feed ids, like `topics`.
-- Digests, instant stories, updates, weekly reports and keyword alerts leave their articles out for
-- that chat; search does not (the archive is the same for everyone).
ALTER TABLE chats ADD COLUMN muted_feeds TEXT NOT NULL DEFAULT '';
