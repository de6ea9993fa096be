// The `secbrief` command. Run as `npm run -s secbrief -- <command>`.
// Exit codes: 0 ok, 1 the thing asked for failed (e.g. not a feed), 2 usage or config error,
// 3 database unusable.
import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadRuntime, openApp, startupFailure, syncFeedsFile, type App } from './app.js';
import { chatLanguage, digestSettings } from './digest/chat-settings.js';
import { previewDigest, storiesJson } from './digest/preview.js';
import type { UiLanguage } from './format/i18n.js';
import { getChat } from './store/chats.js';
import { decodeFeedBytes } from './feeds/decode.js';
import { FeedError } from './feeds/errors.js';
import { fetchFeed } from './feeds/fetch.js';
import type { FeedOutcome } from './feeds/ingest.js';
import { ingestAndNotify } from './jobs.js';
import { normalizeFeed } from './feeds/normalize.js';
import { parseFeedText } from './feeds/parse.js';
import type { NormalizedItem } from './news/article.js';
import { parseQuery, QueryError } from './news/query.js';
import { exportOpml, importOpml, OpmlError } from './feeds/opml.js';
import { backupDatabase, checkBackup } from './store/backup.js';
import { checkpoint } from './store/db.js';
import { listFeeds } from './store/feeds.js';
import { convertToIncrementalVacuum, pruneArchive } from './store/retention.js';
import { searchArticles } from './store/search.js';
import { fetchLimits, summarizerDeps } from './wiring.js';

const USAGE = `usage: secbrief <command>

  feed test <url-or-file> [--json]   fetch (or read), decode, parse and normalise one feed
  fetch                              run one ingest cycle now over all enabled feeds
  search <query> [--json] [--limit N] [--rank]
                                     search the archive (words, "phrases", OR, -exclude, prefix*,
                                     source:, lang:zh|en, since:7d, cve:CVE-2024-3400)
  digest --print [--chat ID] [--hours 24] [--lang en|zh] [--json]
                                     print a digest now (a chat's settings with --chat), or its
                                     structured stories with --json; nothing is scheduled or sent
  feeds list [--json]                the feeds and their health
  feeds import <file.opml>           add the file's feeds (known ones are refreshed, disabled ones re-enabled)
  feeds export [--all]               OPML of the enabled feeds (--all: disabled ones too) to stdout
  backup <path> [--force]            consistent copy of the database, safe while the bot runs
  prune [--days N]                   delete articles older than ARCHIVE_RETENTION_DAYS (or N) days now
  vacuum                             one-time switch of an older database to incremental vacuum
  migrate                            apply pending database migrations
`;

class UsageError extends Error {}
/** The operation asked for failed (unreadable file, not OPML, backup target exists): exit 1. */
class CommandError extends Error {}

// `secbrief search x | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
const out = (line: string) => process.stdout.write(`${line}\n`);
const iso = (ms: number) => new Date(ms).toISOString();

async function loadFeedDocument(target: string, { timeoutMs, maxBytes }: { timeoutMs: number; maxBytes: number }) {
  if (!/^https?:\/\//i.test(target) && existsSync(target)) {
    return { body: readFileSync(target), contentType: null, finalUrl: pathToFileURL(resolve(target)).href };
  }
  const res = await fetchFeed(target, { timeoutMs, maxBytes });
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

async function feedTest(app: Omit<App, 'db'>, target: string | undefined, json: boolean): Promise<number> {
  if (!target) throw new UsageError('feed test needs a URL or a file path');
  const doc = await loadFeedDocument(target, fetchLimits(app));
  const decoded = decodeFeedBytes(doc.body, doc.contentType);
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

async function fetchNow(app: App): Promise<number> {
  syncFeedsFile(app);
  // The same cycle as the daemon's (analysis, alerts and instant stories are queued for it to send).
  const { report } = await ingestAndNotify(app, { force: true });
  for (const o of report.outcomes) out(outcomeLine(o));
  out(
    `total: ${report.outcomes.length} feeds, ${report.inserted} new articles, ${report.failed} failed, ${report.ms} ms`,
  );
  return 0;
}

function search(app: App, query: string, opts: { json: boolean; limit: number; rank: boolean }): number {
  const plan = parseQuery(query, app.clock());
  const hits = searchArticles(app.db, plan, { limit: opts.limit, order: opts.rank ? 'relevance' : 'newest' });
  for (const h of hits) {
    if (opts.json)
      out(
        JSON.stringify({
          id: h.id,
          title: h.title,
          url: h.url,
          published: iso(h.published),
          source: h.source,
          language: h.language,
        }),
      );
    else out(`${iso(h.published).slice(0, 10)}  ${h.title}\n            ${h.source} · ${h.url ?? ''}`);
  }
  if (!opts.json && !hits.length) out('no results');
  return 0;
}

function feedsList(app: App, json: boolean): number {
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

function feedsImport(app: App, file: string | undefined): number {
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
function feedsExport(app: App, all: boolean): number {
  process.stdout.write(exportOpml(app.db, app.clock(), { includeDisabled: all }).xml);
  return 0;
}

/** Into a temporary file beside the target, checked, then renamed: a failed run leaves no half copy. */
async function backup(app: App, target: string | undefined, force: boolean): Promise<number> {
  if (!target) throw new UsageError('backup needs a destination path');
  const dest = resolve(target);
  if (dest === resolve(app.config.DATABASE_PATH)) throw new UsageError('the destination is the database itself');
  if (existsSync(dest) && !force) throw new CommandError(`${target} exists; pass --force to replace it`);
  const partial = `${dest}.partial-${process.pid}`;
  try {
    await backupDatabase(app.db, partial).catch((err: Error) => {
      throw new CommandError(`cannot write ${target}: ${err.message}`);
    });
    const check = checkBackup(partial);
    if (check.integrity !== 'ok') throw new CommandError(`the copy failed its integrity check: ${check.integrity}`);
    renameSync(partial, dest);
    const contents = `${check.articles} articles, ${check.feeds} feeds, ${check.chats} chats`;
    out(`backup written to ${target}: ${statSync(dest).size} bytes, integrity ok, ${contents}`);
    return 0;
  } finally {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`, `${partial}-journal`]) rmSync(f, { force: true });
  }
}

async function prune(app: App, days: string | undefined): Promise<number> {
  const retentionDays = days === undefined ? app.config.ARCHIVE_RETENTION_DAYS : Number(days);
  if (!Number.isInteger(retentionDays) || retentionDays < 0)
    throw new UsageError('--days takes a whole number of days');
  if (retentionDays === 0) {
    out('retention is off (ARCHIVE_RETENTION_DAYS=0): nothing pruned');
    return 0;
  }
  const r = await pruneArchive({ db: app.db, clock: app.clock, retentionDays });
  const batches = `(${r.batches} batches); ${r.vacuumedPages} free pages returned`;
  out(`pruned ${r.deleted} articles published before ${iso(r.cutoff!)} ${batches}`);
  return 0;
}

async function vacuum(app: App): Promise<number> {
  const before = statSync(app.config.DATABASE_PATH).size;
  const r = await convertToIncrementalVacuum(app.db);
  checkpoint(app.db);
  const after = statSync(app.config.DATABASE_PATH).size;
  const what = r.converted ? 'converted to auto_vacuum=incremental' : 'already incremental; free pages returned';
  out(`${what}: ${before} → ${after} bytes`);
  return 0;
}

async function digestPrint(
  app: App,
  v: { print?: boolean; chat?: string; hours?: string; lang?: string; json?: boolean },
): Promise<number> {
  if (!v.print) throw new UsageError('digest needs --print (it never sends anything)');
  const hours = v.hours === undefined ? 24 : Number(v.hours);
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30)
    throw new UsageError('--hours takes a number from 1 to 720');
  if (v.lang !== undefined && v.lang !== 'en' && v.lang !== 'zh') throw new UsageError('--lang takes en or zh');
  const chat = v.chat === undefined ? undefined : getChat(app.db, Number(v.chat));
  if (v.chat !== undefined && !chat) throw new UsageError(`no chat with id ${v.chat}`);
  const lang: UiLanguage = (v.lang as UiLanguage | undefined) ?? (chat ? chatLanguage(chat) : 'en');
  const settings = chat
    ? digestSettings(chat, app.config.DIGEST_TOP_N)
    : { languages: ['en', 'zh'], topics: [], topN: app.config.DIGEST_TOP_N, uiLanguage: lang };
  const preview = await previewDigest(summarizerDeps(app), {
    settings: { ...settings, uiLanguage: lang },
    lang,
    timezone: chat?.timezone ?? app.config.DEFAULT_TIMEZONE,
    hours,
  });
  if (v.json) for (const story of storiesJson(preview)) out(JSON.stringify(story));
  else out(preview.messages.join('\n\n———\n\n'));
  return 0;
}

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      limit: { type: 'string' },
      rank: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
      print: { type: 'boolean', default: false },
      chat: { type: 'string' },
      hours: { type: 'string' },
      lang: { type: 'string' },
      all: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      days: { type: 'string' },
    },
  });
  const [cmd, sub, ...rest] = positionals;
  if (values.help || !cmd) {
    out(USAGE);
    return cmd || values.help ? 0 : 2;
  }
  const logLevel = process.env.LOG_LEVEL ?? 'error';
  if (cmd === 'feed' && sub === 'test') return feedTest(loadRuntime(process.env, { logLevel }), rest[0], values.json);
  const app = openApp(process.env, { logLevel });
  try {
    if (cmd === 'migrate') {
      const applied = app.migrated ?? [];
      out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return 0;
    }
    if (cmd === 'fetch') return await fetchNow(app);
    if (cmd === 'search') {
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
        throw new UsageError('--limit takes a whole number from 1 to 1000');
      return search(app, [sub, ...rest].filter(Boolean).join(' '), { json: values.json, limit, rank: values.rank });
    }
    if (cmd === 'feeds' && sub === 'list') return feedsList(app, values.json);
    if (cmd === 'feeds' && sub === 'import') return feedsImport(app, rest[0]);
    if (cmd === 'feeds' && sub === 'export') return feedsExport(app, values.all);
    if (cmd === 'backup') return await backup(app, sub, values.force);
    if (cmd === 'prune') return await prune(app, values.days);
    if (cmd === 'vacuum') return await vacuum(app);
    if (cmd === 'digest') return await digestPrint(app, values);
    throw new UsageError(`unknown command: ${[cmd, sub].filter(Boolean).join(' ')}`);
  } finally {
    app.db.close();
  }
}

function failure(err: unknown): number {
  if (err instanceof UsageError || (err as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')) {
    process.stderr.write(`secbrief: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (err instanceof QueryError) {
    process.stderr.write(`secbrief: ${err.message}\n`);
    return 2;
  }
  if (err instanceof CommandError) {
    process.stderr.write(`secbrief: ${err.message}\n`);
    return 1;
  }
  if (err instanceof FeedError) {
    process.stderr.write(`secbrief: ${err.summary}\n`);
    return 1;
  }
  const { message, code } = startupFailure(err);
  process.stderr.write(`secbrief: ${message}\n`);
  return code;
}

run(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => (process.exitCode = failure(err)),
);
