// Matches new articles against every watch without touching the archive: the cycle's new
// articles go into a small temporary FTS5 table with the same tokenizer and tags, and each
// watch's expression runs against that. Same semantics as /search, cost proportional to the
// new articles, not to years of news.
import { indexRow } from './articles.js';
import type { Db } from './db.js';

export interface WatchExpression {
  watchId: number;
  chatId: number;
  /** FTS5 expression, as built for /search (sources already resolved). */
  match: string;
  /** Only articles first seen at or after this time (the watch's creation): no backlog alerts. */
  since: number;
}

export interface WatchHit {
  watchId: number;
  chatId: number;
  articleId: number;
}

interface ArticleText {
  id: number;
  fetched_at: number;
  feed_id: number;
  title: string;
  summary: string;
  body_text: string;
  language: string;
  cves: string;
}

export function matchNewArticles(db: Db, articleIds: number[], watches: WatchExpression[]): WatchHit[] {
  if (!articleIds.length || !watches.length) return [];
  db.exec(
    `CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_articles_fts USING fts5(title, summary, body, tags, content = '',
       tokenize = 'unicode61 remove_diacritics 2')`,
  );
  try {
    const rows = db
      .prepare(
        `SELECT id, fetched_at, feed_id, title, summary, body_text, language, cves FROM articles
          WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(articleIds)) as ArticleText[];
    const insert = db.prepare(
      'INSERT INTO temp.new_articles_fts (rowid, title, summary, body, tags) VALUES (?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const r of rows) {
        const cves = r.cves ? r.cves.split(' ') : [];
        insert.run(
          r.id,
          ...indexRow(
            r.feed_id,
            { title: r.title, summary: r.summary, bodyText: r.body_text, language: r.language },
            cves,
          ),
        );
      }
    }).immediate();
    const find = db
      .prepare('SELECT rowid FROM temp.new_articles_fts WHERE new_articles_fts MATCH ? ORDER BY rowid')
      .pluck();
    const fetchedAt = new Map(rows.map((r) => [r.id, r.fetched_at]));
    return watches.flatMap((w) =>
      (find.all(w.match) as number[])
        .filter((id) => (fetchedAt.get(id) ?? 0) >= w.since)
        .map((articleId) => ({ watchId: w.watchId, chatId: w.chatId, articleId })),
    );
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.new_articles_fts');
  }
}

/** Records alerts as sent-to-chat; returns only the (chat, article) pairs not alerted before. */
export function claimAlerts(
  db: Db,
  pairs: Array<{ chatId: number; articleId: number }>,
): Array<{ chatId: number; articleId: number }> {
  const insert = db.prepare('INSERT OR IGNORE INTO watch_alerts (chat_id, article_id) VALUES (?, ?)');
  return pairs.filter((p) => insert.run(p.chatId, p.articleId).changes > 0);
}
