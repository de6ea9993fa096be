-- CVE records and CVE watches (issue 11).

-- One row per CVE per source ('cve5' = CVE Program / CISA vulnrichment JSON 5, 'nvd' = NVD API 2.0):
-- the sources are kept apart so the CNA's, CISA's and NIST's scores are never merged. `record` is
-- the parsed CveRecord as JSON; NULL with status 'missing' when the source answered that it has no
-- such CVE (so it is not asked again every cycle).
CREATE TABLE cve_records (
  cve_id        TEXT NOT NULL,
  source        TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('ok', 'missing')),
  fetched_at    INTEGER NOT NULL,
  etag          TEXT,
  last_modified TEXT,
  record        TEXT,
  PRIMARY KEY (cve_id, source)
) WITHOUT ROWID;
CREATE INDEX cve_records_refresh ON cve_records (source, fetched_at);

-- What the watch cycle needs of each record, in a narrow table of its own: a cycle reads hundreds,
-- and rows of a few KB (cve_records) hold few per page. `names` is the vendor/product names and the
-- scores as JSON (store RecordNames). `watched` is 0 until product watches have looked at the record,
-- so one stored by a /cve lookup between cycles is still "new" for the next cycle's watches.
CREATE TABLE cve_record_facts (
  cve_id    TEXT NOT NULL,
  source    TEXT NOT NULL,
  published TEXT,
  names     TEXT NOT NULL,
  watched   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cve_id, source)
) WITHOUT ROWID;
CREATE INDEX cve_record_facts_unwatched ON cve_record_facts (watched) WHERE watched = 0;

-- CVEs waiting for a record fetch: seen in an article, added to KEV, or looked up with /cve while the
-- rate budget was spent. The worker drains it within each source's budget, oldest first.
CREATE TABLE cve_fetch_queue (
  cve_id          TEXT PRIMARY KEY,
  requested_at    INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX cve_fetch_queue_due ON cve_fetch_queue (next_attempt_at);

-- Requests made to each rate-limited source in its current window. Kept in the database, not in
-- memory, so the bot and a `secbrief cve` run from the shell share NVD's budget.
CREATE TABLE cve_requests (
  source TEXT NOT NULL,
  at     INTEGER NOT NULL
);
CREATE INDEX cve_requests_source_at ON cve_requests (source, at);

-- A source that answered 429/403 is not asked again before this time (epoch ms).
ALTER TABLE cve_sources ADD COLUMN retry_at INTEGER;
-- EPSS: the score date whose jumps epss-jump watches have been matched against. Jumps change only
-- with a new file, so the day's file is looked at once, not every cycle.
ALTER TABLE cve_sources ADD COLUMN jumps_checked TEXT;

-- A watch is a keyword query ('keyword') or a CVE watch ('cve': vendor:/product:/kev/epss-jump);
-- the query text is kept as typed and parsed again at match time, like keyword watches.
ALTER TABLE watches ADD COLUMN kind TEXT NOT NULL DEFAULT 'keyword';

-- At most one alert per CVE per chat per reason ('kev', 'epss-jump', 'product').
CREATE TABLE cve_alerts (
  chat_id    INTEGER NOT NULL REFERENCES chats(id) ON DELETE CASCADE ON UPDATE CASCADE,
  cve_id     TEXT NOT NULL,
  reason     TEXT NOT NULL,
  alerted_at INTEGER NOT NULL,
  PRIMARY KEY (chat_id, cve_id, reason)
) WITHOUT ROWID;

-- When a CVE first appeared in KEV (epoch ms), kept across catalogue refreshes: `/watch kev` alerts on
-- entries first seen after the watch was made. The first catalogue a database loads is the baseline (0).
ALTER TABLE kev ADD COLUMN first_seen_at INTEGER NOT NULL DEFAULT 0;

-- "Which CVEs' EPSS crossed a threshold" walks today's scores from the threshold up.
CREATE INDEX epss_score ON epss (epss);

-- The CVEs whose EPSS rose to at least 5 % since the file before, computed once per EPSS import:
-- every epss-jump threshold (5 % to 100 %) reads its crossings from here, not from a 300,000-row join.
CREATE TABLE epss_jumps (
  cve_id TEXT PRIMARY KEY,
  epss REAL NOT NULL,
  previous REAL NOT NULL
) WITHOUT ROWID;
