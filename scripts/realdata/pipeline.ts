/*
 * A real week through the product's own path: a loopback HTTP server serves one RSS 2.0 feed per source, the
 * feeds go into a fresh SQLite file the way FEEDS_FILE does (origin 'file'), and every step runs one ingest
 * cycle (runIngestCycle with ingestDeps, as the scheduler does) and one analysePending. Articles are then
 * mapped back to items by canonical link to read the story each item got.
 *
 * batch: one step with everything served. replay: one step every SLICE_MS, the feeds growing as the week's
 * items are published, the clock at the step's time (what a daemon fetching every 3 hours would see).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { analysePending } from '../../src/digest/analyse.js';
import { runIngestCycle } from '../../src/feeds/ingest.js';
import { ingestDeps } from '../../src/wiring.js';
import { canonicalUrl } from '../../src/news/url.js';
import { migrate, openDatabase, type Db } from '../../src/store/db.js';
import { upsertFeeds } from '../../src/store/feeds.js';
import { startFeedServer, type FeedServer } from '../../test/helpers/feed-server.js';
import type { RealItem, RealWeek } from './load.js';

export type RealMode = 'batch' | 'replay';
export const SLICE_MS = 3 * 3_600_000;

/** What the path did to the week's items besides clustering them: all zero when it compares like with like. */
export interface PathReport {
  /** item id → story id */
  pred: Map<string, number>;
  /** article id → the (first) item of its link */
  itemOfArticle: Map<number, string>;
  articles: number;
  /** Items with no article of their link. */
  unmapped: string[];
  /** Items whose article another item already claimed (dedupe merged them). */
  merged: string[];
  /** Items stored under another date than `published` (clamped to the clock, or parsed differently). */
  dateShifted: string[];
  /** Items stored under another language than the item's. */
  languageChanged: string[];
  /** Articles left without a story. */
  storyless: number;
  /** Feed fetches that ended in an error, over all steps. */
  failedFetches: number;
  steps: number;
}

const INVALID_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Element content only (no attribute values are written), so & < > are all that need escaping.
const xml = (s: string) =>
  s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The summary goes in as the description's HTML, verbatim (en summaries carry HTML entities). */
export function rssOf(title: string, language: string, items: RealItem[]): string {
  const body = items.map(
    (it) =>
      `<item><title>${xml(it.title)}</title><link>${xml(it.link)}</link><guid>${xml(it.link)}</guid>` +
      `<pubDate>${new Date(Date.parse(it.published)).toUTCString()}</pubDate><description>${xml(it.summary)}</description></item>`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xml(title)}</title>` +
    `<link>http://127.0.0.1/</link><language>${xml(language)}</language>\n${body.join('\n')}\n</channel></rss>`
  );
}

/**
 * One route per source serving its items published by `cutoff()`, newest first as feeds list them. The ETag is
 * the item count (feeds only grow), so unchanged feeds answer 304 like a well-behaved host and a replay step
 * costs what it would in production.
 */
function feedRoute(source: string, items: RealItem[], cutoff: () => number) {
  const times = items.map((it) => Date.parse(it.published));
  return (req: IncomingMessage, res: ServerResponse) => {
    const visible = items.filter((_, k) => times[k]! <= cutoff());
    const etag = `"${visible.length}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
    res.end(rssOf(source, items[0]!.language, [...visible].reverse()));
  };
}

async function serveWeek(
  week: RealWeek,
  cutoff: () => number,
): Promise<{ server: FeedServer; specs: Array<{ url: string; title: string; language: string }> }> {
  const bySource = new Map<string, RealItem[]>();
  for (const it of week.items) (bySource.get(it.source) ?? bySource.set(it.source, []).get(it.source)!).push(it);
  const server = await startFeedServer();
  const specs = [...bySource].map(([source, items], k) => {
    server.route(`/feed/${k + 1}`, feedRoute(source, items, cutoff));
    return { url: server.url(`/feed/${k + 1}`), title: source, language: items[0]!.language };
  });
  return { server, specs };
}

/** Step times: the first item's time, then every SLICE_MS until every item is published. */
export function stepTimes(week: RealWeek, mode: RealMode): number[] {
  const times = week.items.map((it) => Date.parse(it.published));
  const start = Math.min(...times),
    steps = Math.ceil((Math.max(...times) - start) / SLICE_MS);
  // batch runs at the replay's last step, so both end with the same clock and nothing is in the future.
  if (mode === 'batch') return [start + steps * SLICE_MS];
  return Array.from({ length: steps + 1 }, (_, k) => start + k * SLICE_MS);
}

/** `inspect` sees the database and the clock after the last step, before the temp dir is removed. */
export async function runRealPath(
  week: RealWeek,
  mode: RealMode,
  inspect?: (db: Db, now: number) => void,
): Promise<PathReport> {
  const steps = stepTimes(week, mode);
  let now = steps[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'secbrief-realdata-'));
  const { server, specs } = await serveWeek(week, () => now);
  const db = openDatabase(join(dir, 'realdata.db'));
  try {
    migrate(db, now);
    upsertFeeds(db, specs, 'file', now);
    const app: App = { config: parseConfig({}), db, log: pino({ level: 'silent' }), clock: () => now };
    const deps = ingestDeps(app),
      windowMs = app.config.CLUSTER_WINDOW_HOURS * 3_600_000;
    let failedFetches = 0;
    for (const t of steps) {
      now = t;
      // force: every feed each step, whatever backoff or schedule the feeds table holds.
      failedFetches += (await runIngestCycle(deps, { force: true })).failed;
      analysePending({ db, clock: app.clock, log: app.log, windowMs });
    }
    inspect?.(db, now);
    return { ...mapBack(db, week), failedFetches, steps: steps.length };
  } finally {
    db.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ArticleRow {
  id: number;
  canonical_url: string | null;
  story_id: number | null;
  published_at: number;
  language: string;
}

/** Items → stories through the article of each item's link, canonicalised as ingest does (src/news/url.ts). */
function mapBack(db: Db, week: RealWeek): Omit<PathReport, 'failedFetches' | 'steps'> {
  const rows = db
    .prepare('SELECT id, canonical_url, story_id, published_at, language FROM articles')
    .all() as ArticleRow[];
  const byUrl = new Map(rows.filter((r) => r.canonical_url).map((r) => [r.canonical_url!, r]));
  const pred = new Map<string, number>(),
    itemOfArticle = new Map<number, string>();
  const out = {
    unmapped: [] as string[],
    merged: [] as string[],
    dateShifted: [] as string[],
    languageChanged: [] as string[],
  };
  for (const it of week.items) {
    const row = byUrl.get(canonicalUrl(new URL(it.link).href));
    if (!row) {
      out.unmapped.push(it.id);
      continue;
    }
    if (itemOfArticle.has(row.id)) out.merged.push(it.id);
    else itemOfArticle.set(row.id, it.id);
    if (row.published_at !== Date.parse(it.published)) out.dateShifted.push(it.id);
    if (row.language !== it.language) out.languageChanged.push(it.id);
    // A storyless article is its own story (negative ids never collide with story ids).
    pred.set(it.id, row.story_id ?? -row.id);
  }
  return {
    pred,
    itemOfArticle,
    articles: rows.length,
    storyless: rows.filter((r) => r.story_id === null).length,
    ...out,
  };
}
