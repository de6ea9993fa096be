-- A feed's own polling hints (issue 13, feeds/update-hints.ts). `doc_hint_s`/`doc_hint`: what the
-- last parsed document said (RSS ttl, sy:updatePeriod), kept across 304s, which carry no document.
-- `min_interval_s`/`interval_hint`: the interval in force after the last success (the document's
-- hint or the response's Cache-Control max-age, the larger, capped), shown in /feedstatus.
ALTER TABLE feeds ADD COLUMN doc_hint_s INTEGER;
ALTER TABLE feeds ADD COLUMN doc_hint TEXT;
ALTER TABLE feeds ADD COLUMN min_interval_s INTEGER;
ALTER TABLE feeds ADD COLUMN interval_hint TEXT;
