-- Per-feed proxy choice (issue 13), from the OPML outline's `proxy` attribute: NULL follows
-- FEEDS_PROXY (and FEEDS_DIRECT_LANGUAGES), 'off' always goes direct, 'on' always uses the proxy.
ALTER TABLE feeds ADD COLUMN proxy TEXT CHECK (proxy IN ('on', 'off'));
