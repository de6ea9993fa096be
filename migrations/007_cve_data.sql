-- FIRST EPSS scores (issue 11): today's file, and the one before it, to tell which CVEs rose.
-- A new file is loaded into epss_staging and swapped in by renaming, in one transaction.
CREATE TABLE epss (
  cve_id TEXT PRIMARY KEY,
  epss REAL NOT NULL,
  percentile REAL NOT NULL
) WITHOUT ROWID;

CREATE TABLE epss_previous (
  cve_id TEXT PRIMARY KEY,
  epss REAL NOT NULL,
  percentile REAL NOT NULL
) WITHOUT ROWID;

-- One row per CVE data source (epss now; nvd, cve records later): what /sources and /healthz show.
CREATE TABLE cve_sources (
  source TEXT PRIMARY KEY,
  etag TEXT,
  last_modified TEXT,
  fetched_at INTEGER,
  score_date TEXT,
  previous_score_date TEXT,
  model_version TEXT,
  rows INTEGER NOT NULL DEFAULT 0,
  last_error TEXT
);

-- KEV: what a CVE card shows besides the date added (issue 11).
ALTER TABLE kev ADD COLUMN due_date TEXT NOT NULL DEFAULT '';
ALTER TABLE kev ADD COLUMN required_action TEXT NOT NULL DEFAULT '';
