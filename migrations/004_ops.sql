-- Feed health alerts and archive retention.

-- Start of the current failure streak (epoch ms); NULL while the feed is healthy. fail_streak
-- counts attempts, but the alert threshold is about time: a feed in 6-hour backoff fails only
-- four times a day. Existing failing feeds get the last success (or creation) as a lower bound.
ALTER TABLE feeds ADD COLUMN failing_since INTEGER;
UPDATE feeds SET failing_since = coalesce(last_success_at, created_at) WHERE last_status = 'error';

-- One row per feed whose "down" alert has been sent and whose "recovered" alert has not. The
-- row is the throttle: while it exists no further "down" alert goes out for that feed.
CREATE TABLE feed_alerts (
  feed_id      INTEGER PRIMARY KEY REFERENCES feeds(id),
  down_since   INTEGER NOT NULL,     -- failing_since when the alert was sent
  alerted_at   INTEGER NOT NULL,
  fail_streak  INTEGER NOT NULL      -- at alert time, for the recovery message
);

-- Retention: articles published before `pruned_before` (epoch ms) have been deleted, and are
-- not stored again when a feed still lists them (else they would come back as "new" and be
-- alerted and digested a second time, then pruned again the next day).
CREATE TABLE archive_state (
  id              INTEGER PRIMARY KEY CHECK (id = 1),
  pruned_before   INTEGER NOT NULL,
  last_pruned_at  INTEGER NOT NULL,
  deleted_total   INTEGER NOT NULL DEFAULT 0
);
