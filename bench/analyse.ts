// Story analysis at a big deployment's volume: 6,000 articles in the 72-hour window (plus older members of
// stories still open, the window extension), then one more cycle of new articles. The text is the real weeks
// of ../shared/realdata, replayed as many times as needed with a suffix so every copy is its own article.
// Prints analyse_ms_per_article (the new cycle's analysis time per new article) and analyse_window_articles.
import pino from 'pino';
import { analysePending } from '../src/digest/analyse.js';
import { storeBatch } from '../src/store/articles.js';
import { upsertFeeds } from '../src/store/feeds.js';
import { loadRealWeek, realWeekNames } from '../scripts/realdata/load.js';
import { tempDb } from '../test/helpers/fixtures.js';
import { item } from '../test/helpers/stories.js';
import { peakRssMb } from './peak-rss.mjs';

const HOUR = 3_600_000;
const log = pino({ level: 'silent' });

export function analyseBench(windowArticles = 6_000, newArticles = 100): Record<string, number> {
  const items = realWeekNames().flatMap((n) => loadRealWeek(n).items);
  if (!items.length) throw new Error('analyse bench needs ../shared/realdata');
  const t = tempDb(),
    now = Date.UTC(2026, 0, 10);
  const sources = [...new Set(items.map((i) => i.source))];
  upsertFeeds(
    t.db,
    sources.map((s, k) => ({
      url: `https://feed${k}.bench.test/`,
      title: s,
      language: /[\u4e00-\u9fff]/.test(s) ? 'zh' : 'en',
    })),
    'file',
    now,
  );
  const feedOf = new Map(sources.map((s, k) => [s, k + 1]));
  // Older articles 3–10 days back (stories that may still be open), then the window's 6,000 over 72 h.
  const store = (count: number, from: number, span: number, round: number) => {
    for (let k = 0; k < count; k++) {
      const it = items[(round * 7919 + k) % items.length]!,
        copy = Math.floor((round * count + k) / items.length);
      storeBatch(
        t.db,
        feedOf.get(it.source)!,
        [
          item({
            feed: it.source,
            title: `${it.title} ${copy ? `#${copy}` : ''}`.trim(),
            summary: it.summary,
            language: it.language,
            publishedAt: from + (span * k) / count,
          }),
        ],
        from + span,
      );
    }
  };
  store(windowArticles / 3, now - 10 * 24 * HOUR, 7 * 24 * HOUR, 1);
  analysePending({ db: t.db, clock: () => now - 72 * HOUR, log, windowMs: 72 * HOUR });
  store(windowArticles, now - 72 * HOUR, 72 * HOUR, 2);
  analysePending({ db: t.db, clock: () => now, log, windowMs: 72 * HOUR });
  store(newArticles, now, 20 * 60_000, 3);
  const started = performance.now();
  const r = analysePending({ db: t.db, clock: () => now + HOUR, log, windowMs: 72 * HOUR });
  const ms = performance.now() - started;
  t.db.close();
  return {
    analyse_window_articles: windowArticles,
    analyse_new_articles: r.analysed,
    analyse_ms_per_article: Number((ms / r.analysed).toFixed(2)),
    analyse_cycle_ms: Math.round(ms),
  };
}

if (process.argv.includes('--json')) {
  // Peak RSS of this process: 8,000 articles of real text in SQLite, the story window, and jieba's dictionary.
  console.log(JSON.stringify({ ...analyseBench(), analyse_peak_rss_mb: peakRssMb() }));
}
