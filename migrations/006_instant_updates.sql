-- Follow-ups in instant mode: an article that joins a story a chat was already sent goes out as
-- a short update when it adds something new (src/news/novelty.ts), a few times per story a day.

-- The article sent as the story's lead, so an update is judged against what the chat actually
-- read. NULL for rows written before this migration (the update check then compares against
-- every earlier article of the story).
ALTER TABLE instant_sent ADD COLUMN lead_article_id INTEGER;

-- One row per update queued. The primary key sends an article at most once per chat; the
-- per-story count over the last 24 h is the cap. Claimed in the transaction that writes the
-- outbox rows, like instant_sent.
CREATE TABLE instant_updates (
  chat_id     INTEGER NOT NULL,
  article_id  INTEGER NOT NULL,
  story_id    INTEGER NOT NULL,
  queued_at   INTEGER NOT NULL,   -- epoch ms; the cap counts these, not delivery (quiet hours)
  PRIMARY KEY (chat_id, article_id)
) WITHOUT ROWID;
CREATE INDEX instant_updates_story ON instant_updates(chat_id, story_id, queued_at);
