-- Photos already uploaded to Telegram, by the SHA-256 of their bytes: a weekly chart sent to many
-- chats (or a /trend chart asked for twice) goes up once, and then by the file_id Telegram gave back.
-- file_ids belong to the bot: after a token change Telegram refuses them, and the photo is uploaded
-- again (telegram/uploads.ts).
CREATE TABLE uploaded_files (
  sha256      TEXT PRIMARY KEY,
  file_id     TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL
) WITHOUT ROWID;
