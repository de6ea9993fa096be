-- Feeds that moved permanently (issue 13). A 301/308 target is remembered with the number of
-- consecutive successful fetches that led there; after MOVE_AFTER_FETCHES (feeds/moves.ts) the
-- feed's URL becomes the target, and the old one is kept: `moved_from` for /feedstatus, and
-- `listed_url`, the URL the operator's list knows the feed by, so the FEEDS_FILE sync still finds
-- it (instead of re-adding the old URL and disabling the moved feed). NULL listed_url = url.
ALTER TABLE feeds ADD COLUMN redirect_target TEXT;
ALTER TABLE feeds ADD COLUMN redirect_streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN moved_from TEXT;
ALTER TABLE feeds ADD COLUMN moved_at INTEGER;
ALTER TABLE feeds ADD COLUMN listed_url TEXT;
CREATE INDEX feeds_listed_url ON feeds (listed_url) WHERE listed_url IS NOT NULL;
