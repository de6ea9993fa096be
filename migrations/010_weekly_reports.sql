-- The weekly report (issue 12): opt-in per chat, sent on `weekly_day` at the chat's digest time.
-- NULL = off.
ALTER TABLE chats ADD COLUMN weekly_day TEXT CHECK (weekly_day IN ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'));

-- One row per chat and report day (the local date it was due): the primary key makes planning
-- exactly-once across racing ticks, processes and restarts, as for daily digests. The outbox rows
-- are written in the same transaction. 'empty': the week had no stories; a short note was sent.
CREATE TABLE weekly_reports (
  chat_id       INTEGER NOT NULL,
  period_key    TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('planned', 'empty')),
  window_start  INTEGER NOT NULL,
  window_end    INTEGER NOT NULL,
  stories       INTEGER NOT NULL DEFAULT 0,
  messages      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (chat_id, period_key)
) WITHOUT ROWID;
