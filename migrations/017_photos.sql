-- Photos the outbox sends (weekly charts, /trend charts), once each by the SHA-256 of their bytes:
-- a weekly chart for thousands of chats is one row here, not a copy in every outbox row, and it
-- goes up to Telegram once — the other chats get it by the file_id Telegram answered the upload
-- with. file_ids belong to the bot: after a token change Telegram refuses them, and the bytes are
-- uploaded again (telegram/uploads.ts). A photo no pending message needs is deleted with the
-- outbox's sent rows (store/outbox-retention.ts).
CREATE TABLE photos (
  sha256      TEXT PRIMARY KEY,
  png         BLOB NOT NULL,
  created_at  INTEGER NOT NULL,   -- epoch ms; refreshed each time it is queued again
  file_id     TEXT,               -- Telegram's, once uploaded
  uploaded_at INTEGER
);
