-- Feeds, articles and the full-text index.

CREATE TABLE feeds (
  id                 INTEGER PRIMARY KEY,
  url                TEXT NOT NULL UNIQUE,
  title              TEXT NOT NULL DEFAULT '',
  site_url           TEXT,
  language           TEXT,                       -- declared by the operator (OPML), e.g. 'zh'
  category           TEXT,
  origin             TEXT NOT NULL DEFAULT 'file' CHECK (origin IN ('file', 'cli', 'admin')),
  enabled            INTEGER NOT NULL DEFAULT 1,
  etag               TEXT,
  last_modified      TEXT,
  last_status        TEXT,                       -- ok | not_modified | error
  last_http_status   INTEGER,
  last_error         TEXT,                       -- one line, e.g. 'blocked: WAF challenge page (HTTP 403)'
  last_error_reason  TEXT,                       -- timeout | http | blocked | too_large | not_feed | …
  fail_streak        INTEGER NOT NULL DEFAULT 0,
  fetch_count        INTEGER NOT NULL DEFAULT 0,
  not_modified_count INTEGER NOT NULL DEFAULT 0,
  last_fetch_at      INTEGER,                    -- epoch ms
  last_success_at    INTEGER,
  next_fetch_at      INTEGER NOT NULL DEFAULT 0,
  created_at         INTEGER NOT NULL
);

-- id = (published seconds << 20) + n: rowid order is publication order, so "newest first"
-- (and since:) is a walk down the FTS rowid index, never a sort.
CREATE TABLE articles (
  id             INTEGER PRIMARY KEY,
  feed_id        INTEGER NOT NULL REFERENCES feeds(id),
  guid           TEXT,
  url            TEXT,
  canonical_url  TEXT,
  content_key    TEXT NOT NULL,
  title          TEXT NOT NULL,
  summary        TEXT NOT NULL DEFAULT '',
  body_text      TEXT NOT NULL DEFAULT '',
  author         TEXT,
  language       TEXT NOT NULL,
  cves           TEXT NOT NULL DEFAULT '',       -- space-separated CVE IDs
  published_at   INTEGER NOT NULL,
  date_missing   INTEGER NOT NULL DEFAULT 0,
  fetched_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL,
  content_hash   TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_feed_guid ON articles(feed_id, guid) WHERE guid IS NOT NULL;
CREATE UNIQUE INDEX articles_canonical_url ON articles(canonical_url) WHERE canonical_url IS NOT NULL;
CREATE INDEX articles_feed_content_key ON articles(feed_id, content_key);
CREATE INDEX articles_language ON articles(language, id);
CREATE INDEX articles_feed ON articles(feed_id, id);

-- Contentless: the text lives in `articles`; the index holds it pre-segmented (CJK runs as
-- overlapping character bigrams, see segmentForIndex), which an external-content table could
-- not reproduce. tags holds filter tokens: lang<xx>, src<feed id>, cve<digits>.
-- detail=full (the default) is needed: every CJK word of 3+ characters is a phrase of bigrams.
CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, summary, body, tags,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = old.id;
END;

CREATE TABLE ingest_cycles (
  id           INTEGER PRIMARY KEY,
  started_at   INTEGER NOT NULL,
  finished_at  INTEGER,
  feeds        INTEGER NOT NULL DEFAULT 0,
  failed       INTEGER NOT NULL DEFAULT 0,
  new_articles INTEGER NOT NULL DEFAULT 0
);
