// `secbrief feed test`, `fetch` and `feeds list|import|export`.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { syncFeedsFile, type App } from '../app.js';
import { decodeFeedBytes } from '../feeds/decode.js';
import { FeedError } from '../feeds/errors.js';
import { fetchFeed, type FetchOptions } from '../feeds/fetch.js';
import type { FeedOutcome } from '../feeds/ingest.js';
import { normalizeFeed } from '../feeds/normalize.js';
import { exportOpml, importOpml, OpmlError } from '../feeds/opml.js';
import { discoverFeedLinks } from '../feeds/discover.js';
import { parseFeedText, sniffFormat } from '../feeds/parse.js';
import { ingestAndNotify } from '../jobs.js';
import type { NormalizedItem } from '../news/article.js';
import { listFeeds } from '../store/feeds.js';
import { dataFetch, fetchLimits } from '../wiring.js';
import { CommandError, iso, out, UsageError } from './output.js';

async function loadFeedDocument(target: string, limits: Pick<FetchOptions, 'timeoutMs' | 'maxBytes' | 'proxy'>) {
  if (!/^https?:\/\//i.test(target) && existsSync(target)) {
    return { body: readFileSync(target), contentType: null, finalUrl: pathToFileURL(resolve(target)).href };
  }
  const res = await fetchFeed(target, limits);
  if (res.kind === 'not_modified') throw new FeedError('http', 'HTTP 304 without a conditional request');
  return res;
}

export function itemJson(item: NormalizedItem) {
  return {
    title: item.title,
    url: item.url,
    guid: item.guid,
    published: iso(item.publishedAt),
    date_missing: item.dateMissing,
    summary: item.summary,
    language: item.language,
    author: item.author,
  };
}

export async function feedTest(app: Omit<App, 'db'>, target: string | undefined, json: boolean): Promise<number> {
  if (!target) throw new UsageError('feed test needs a URL or a file path');
  const doc = await loadFeedDocument(target, dataFetch(app, fetchLimits(app)));
  const decoded = decodeFeedBytes(doc.body, doc.contentType);
  const offered = sniffFormat(decoded.text) === 'html' ? discoverFeedLinks(decoded.text, doc.finalUrl) : [];
  if (offered.length) {
    // A site's page: the feeds it declares, to test one of them instead.
    process.stderr.write(`secbrief: ${target} is a web page, not a feed; it declares:\n`);
    for (const f of offered) out(`${f.url}${f.title ? `  ${f.title}` : ''}`);
    return 1;
  }
  const raw = await parseFeedText(decoded.text);
  const items = normalizeFeed(raw, { finalUrl: doc.finalUrl, now: app.clock() });
  if (json) {
    for (const item of items) out(JSON.stringify(itemJson(item)));
    return 0;
  }
  out(`${raw.title ?? '(untitled)'} — ${raw.format}, ${decoded.charset} (${decoded.source}), ${items.length} items`);
  for (const item of items) {
    const when = iso(item.publishedAt).slice(0, 16).replace('T', ' ');
    out(`${when}  [${item.language}] ${item.title}\n${' '.repeat(19)}${item.url ?? '(no link)'}`);
  }
  return 0;
}

function outcomeLine(o: FeedOutcome): string {
  const what =
    o.status === 'error'
      ? `error    ${o.error}`
      : o.status === 'not_modified'
        ? '304      not modified'
        : o.status === 'new'
          ? `new      ${o.inserted} new, ${o.updated} updated of ${o.items}`
          : `unchanged ${o.updated} updated of ${o.items}`;
  return `${o.title.slice(0, 40).padEnd(40)}  ${what}  (${o.ms} ms)`;
}

export async function fetchNow(app: App): Promise<number> {
  syncFeedsFile(app);
  // The same cycle as the daemon's (analysis, alerts and instant stories are queued for it to send).
  const { report } = await ingestAndNotify(app, { force: true });
  for (const o of report.outcomes) out(outcomeLine(o));
  out(
    `total: ${report.outcomes.length} feeds, ${report.inserted} new articles, ${report.failed} failed, ${report.ms} ms`,
  );
  return 0;
}

export function feedsList(app: App, json: boolean): number {
  syncFeedsFile(app);
  for (const f of listFeeds(app.db)) {
    if (json) {
      out(JSON.stringify(f));
      continue;
    }
    const health =
      f.last_status === null
        ? 'never fetched'
        : f.last_status === 'error'
          ? `${f.last_error} (fails: ${f.fail_streak})`
          : f.last_status;
    out(`${String(f.id).padStart(3)} ${f.enabled ? ' ' : 'x'} ${f.title.slice(0, 36).padEnd(36)} ${health}`);
  }
  return 0;
}

export function feedsImport(app: App, file: string | undefined): number {
  if (!file) throw new UsageError('feeds import needs an OPML file');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new CommandError(`cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  try {
    const r = importOpml(app.db, bytes, 'cli', app.clock());
    const reenabled = r.reenabled ? `, ${r.reenabled} re-enabled` : '';
    out(`imported ${r.feeds} feeds from ${file}: ${r.added} added, ${r.updated} updated${reenabled}`);
    return 0;
  } catch (err) {
    if (err instanceof OpmlError) throw new CommandError(`${file} is ${err.message}`);
    throw err;
  }
}

/** The database's feeds as they are; FEEDS_FILE is not synced first (that is the daemon's job). */
export function feedsExport(app: App, all: boolean): number {
  process.stdout.write(exportOpml(app.db, app.clock(), { includeDisabled: all }).xml);
  return 0;
}
