-- Chats, their settings and watches; the outbox every message to Telegram goes through.

-- One row per chat the bot has talked to. `subscribed` is /start vs /stop (settings survive a
-- /stop); `active` is whether Telegram still lets us post there (blocked/kicked → 0).
CREATE TABLE chats (
  id                 INTEGER PRIMARY KEY,              -- Telegram chat id
  type               TEXT NOT NULL CHECK (type IN ('private', 'group', 'supergroup', 'channel')),
  title              TEXT NOT NULL DEFAULT '',
  thread_id          INTEGER,                          -- forum topic that receives posts
  ui_language        TEXT CHECK (ui_language IN ('en', 'zh')),  -- NULL: follow the user's language
  subscribed         INTEGER NOT NULL DEFAULT 0,
  active             INTEGER NOT NULL DEFAULT 1,
  deactivated_reason TEXT,
  timezone           TEXT NOT NULL,
  digest_time        TEXT NOT NULL,                    -- HH:MM in `timezone`
  delivery_mode      TEXT NOT NULL DEFAULT 'digest' CHECK (delivery_mode IN ('digest', 'instant', 'both')),
  content_languages  TEXT NOT NULL DEFAULT 'en,zh',    -- comma list of en, zh
  topics             TEXT NOT NULL DEFAULT '',         -- comma list; empty = all topics
  quiet_start        TEXT,                             -- HH:MM local, NULL = no quiet hours
  quiet_end          TEXT,
  subscribed_at      INTEGER,                          -- items older than this are backlog
  created_at         INTEGER NOT NULL,
  updated_at         INTEGER NOT NULL
);

CREATE TABLE watches (
  id          INTEGER PRIMARY KEY,
  chat_id     INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
  query       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  UNIQUE (chat_id, query)
);

-- The single road to Telegram. A row is 'sent' only after Telegram answered ok; 'dead' rows
-- are our own bugs (can't parse entities, too long) kept with their payload for inspection.
CREATE TABLE outbox (
  id                  INTEGER PRIMARY KEY,
  chat_id             INTEGER NOT NULL,
  kind                TEXT NOT NULL,                   -- reply | alert | digest | notice
  method              TEXT NOT NULL,                   -- sendMessage | editMessageText | sendDocument
  payload             TEXT NOT NULL,                   -- JSON without chat_id (added at send time)
  priority            INTEGER NOT NULL DEFAULT 1,      -- 0 interactive, 1 alerts, 2 digests
  status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead', 'cancelled')),
  attempts            INTEGER NOT NULL DEFAULT 0,
  not_before          INTEGER NOT NULL DEFAULT 0,
  last_error          TEXT,
  created_at          INTEGER NOT NULL,
  sent_at             INTEGER,
  telegram_message_id INTEGER
);
CREATE INDEX outbox_pending ON outbox(priority, id) WHERE status = 'pending';
CREATE INDEX outbox_chat ON outbox(chat_id, status, id);

-- Articles already pushed to a chat by a watch, so an updated article is not alerted twice.
CREATE TABLE watch_alerts (
  chat_id     INTEGER NOT NULL,
  article_id  INTEGER NOT NULL,
  PRIMARY KEY (chat_id, article_id)
) WITHOUT ROWID;

-- Searches behind "More ›" buttons: callback_data holds only `s:<id>:<offset>` (64-byte limit),
-- and the id must belong to the chat that presses it.
CREATE TABLE saved_searches (
  id          INTEGER PRIMARY KEY,
  chat_id     INTEGER NOT NULL,
  query       TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX saved_searches_created ON saved_searches(created_at);
