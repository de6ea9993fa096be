// Articles and stories written straight into a test database (no clustering involved).
import type { NormalizedItem } from '../../src/news/article.js';
import { storeBatch } from '../../src/store/articles.js';
import type { Db } from '../../src/store/db.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { saveAnalysis } from '../../src/store/stories.js';

export interface StoryArticle {
  feed: string;
  title: string;
  summary?: string;
  language?: string;
  topic?: string;
  url?: string;
  publishedAt: number;
}

let seq = 0;

export function item(a: StoryArticle): NormalizedItem {
  seq++;
  const url = a.url ?? `https://${a.feed.replace(/\W/g, '').toLowerCase() || 'zh'}.test/${seq}`;
  return {
    guid: `guid-${seq}`,
    url,
    canonicalUrl: url,
    title: a.title,
    summary: a.summary ?? `${a.title}.`,
    bodyText: '',
    language: a.language ?? 'en',
    publishedAt: a.publishedAt,
    dateMissing: false,
    author: null,
    contentKey: `ck${seq}`,
    contentHash: `ch${seq}`,
  };
}

/** Stores each story's articles (one feed per source name) and links them into one story. */
export function addStories(db: Db, stories: StoryArticle[][], now: number): number[] {
  const storyIds: number[] = [];
  for (const articles of stories) {
    let storyId: number | null = null;
    for (const a of articles) {
      upsertFeeds(db, [{ url: `https://${encodeURIComponent(a.feed)}.feeds.test/`, title: a.feed }], 'file', now);
      const feedId = db.prepare('SELECT id FROM feeds WHERE title = ?').pluck().get(a.feed) as number;
      const [id] = storeBatch(db, feedId, [item(a)], now).insertedIds;
      const created = saveAnalysis(db, [{ id: id!, topics: [a.topic ?? 'other'], story: storyId }], now);
      storyId ??= created.get(id!)!;
    }
    storyIds.push(storyId!);
  }
  return storyIds;
}
