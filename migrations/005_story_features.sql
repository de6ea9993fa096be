-- Story clustering features, computed once per article when it is analysed (src/news/story-features.ts)
-- and read back for every later cycle's window instead of re-tokenising it. `version` is the features'
-- FEATURES_VERSION: rows of another version are recomputed on read.
CREATE TABLE article_features (
  article_id  INTEGER PRIMARY KEY,
  version     INTEGER NOT NULL,
  data        TEXT NOT NULL           -- JSON of ArticleFeatures
);

CREATE TRIGGER article_features_delete AFTER DELETE ON articles BEGIN
  DELETE FROM article_features WHERE article_id = old.id;
END;

-- A story's latest article: a story stays open while its latest article is within the window.
ALTER TABLE stories ADD COLUMN latest_published INTEGER;
UPDATE stories SET latest_published = (SELECT max(published_at) FROM articles WHERE story_id = stories.id);
CREATE INDEX stories_latest ON stories(latest_published);
