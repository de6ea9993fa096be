-- Stories (cross-source clusters), topics, digests planned exactly once, CISA KEV, LLM cache.

ALTER TABLE articles ADD COLUMN story_id INTEGER;
ALTER TABLE articles ADD COLUMN topics TEXT NOT NULL DEFAULT '';   -- comma list, primary first
ALTER TABLE articles ADD COLUMN analysed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_unanalysed ON articles(id) WHERE analysed = 0;

CREATE TABLE stories (
  id                INTEGER PRIMARY KEY,
  first_article_id  INTEGER NOT NULL,
  first_seen        INTEGER NOT NULL,   -- epoch ms the story was first ingested
  size              INTEGER NOT NULL DEFAULT 1
);

-- What to do with a digest window that has no stories: 'note' sends a one-line quiet-day
-- message, 'skip' sends nothing.
ALTER TABLE chats ADD COLUMN empty_digest TEXT NOT NULL DEFAULT 'note' CHECK (empty_digest IN ('note', 'skip'));

-- One row per chat and local day: the primary key makes planning exactly-once, whatever the
-- number of racing ticks or restarts. Outbox rows are written in the same transaction.
CREATE TABLE digests (
  chat_id       INTEGER NOT NULL,
  period_key    TEXT NOT NULL,          -- local date, e.g. 2025-03-09
  status        TEXT NOT NULL CHECK (status IN ('planned', 'empty_skipped')),
  window_start  INTEGER NOT NULL,
  window_end    INTEGER NOT NULL,
  stories       INTEGER NOT NULL DEFAULT 0,
  messages      INTEGER NOT NULL DEFAULT 0,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (chat_id, period_key)
) WITHOUT ROWID;

-- Stories already pushed to a chat in instant mode: follow-up sources are not re-sent.
CREATE TABLE instant_sent (
  chat_id   INTEGER NOT NULL,
  story_id  INTEGER NOT NULL,
  PRIMARY KEY (chat_id, story_id)
) WITHOUT ROWID;

-- CISA Known Exploited Vulnerabilities, replaced whole on each successful fetch.
CREATE TABLE kev (
  cve_id      TEXT PRIMARY KEY,
  vendor      TEXT NOT NULL DEFAULT '',
  product     TEXT NOT NULL DEFAULT '',
  name        TEXT NOT NULL DEFAULT '',
  date_added  TEXT NOT NULL DEFAULT '',
  ransomware  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

CREATE TABLE kev_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  etag           TEXT,
  last_modified  TEXT,
  fetched_at     INTEGER,
  entries        INTEGER NOT NULL DEFAULT 0,
  last_error     TEXT
);

-- LLM outputs keyed by the article's content hash: the same text is never paid for twice.
CREATE TABLE llm_cache (
  content_hash  TEXT NOT NULL,
  kind          TEXT NOT NULL,          -- summary | headline:en | headline:zh
  model         TEXT NOT NULL,
  output        TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (content_hash, kind, model)
) WITHOUT ROWID;

CREATE TABLE llm_usage (
  day     TEXT PRIMARY KEY,             -- UTC date
  tokens  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
