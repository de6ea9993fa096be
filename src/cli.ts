// The `secbrief` command. Run as `npm run -s secbrief -- <command>`.
// Exit codes: 0 ok, 1 the thing asked for failed (e.g. not a feed), 2 usage or config error,
// 3 database unusable.
import { parseArgs } from 'node:util';
import { loadRuntime, openApp, startupFailure } from './app.js';
import { digestPrint, search } from './cli/archive.js';
import { trendCli, weeklyCli } from './cli/charts.js';
import { cveCard } from './cli/cve.js';
import { backup, prune, vacuum } from './cli/database.js';
import { feedsExport, feedsImport, feedsList, feedTest, fetchNow } from './cli/feeds.js';
import { CommandError, out, UsageError } from './cli/output.js';
import { FeedError } from './feeds/errors.js';
import { QueryError } from './news/query.js';

const USAGE = `usage: secbrief <command>

  feed test <url-or-file> [--json]   fetch (or read), decode, parse and normalise one feed
  fetch                              run one ingest cycle now over all enabled feeds
  search <query> [--json] [--limit N] [--rank]
                                     search the archive (words, "phrases", OR, -exclude, prefix*,
                                     source:, lang:zh|en, since:7d, cve:CVE-2024-3400)
  digest --print [--chat ID] [--hours 24] [--lang en|zh] [--json]
                                     print a digest now (a chat's settings with --chat), or its
                                     structured stories with --json; nothing is scheduled or sent
  cve <CVE-id> [--json] [--lang zh]  the CVE's card (records, CVSS by source, KEV, EPSS) and its articles;
                                     records are fetched now within the NVD budget
  trend [query] [--days 7|30|90] [--png out.png] [--lang zh]
                                     stories per day matching the query (no query: by topic), with the
                                     change against the period before; --png writes the /trend chart
  report --week [--chat ID] [--png out.png] [--lang zh]
                                     the weekly report of the last seven days (a chat's settings with
                                     --chat); --png writes its chart
  feeds list [--json]                the feeds and their health
  feeds import <file.opml>           add the file's feeds (known ones are refreshed, disabled ones re-enabled)
  feeds export [--all]               OPML of the enabled feeds (--all: disabled ones too) to stdout
  backup <path> [--force]            consistent copy of the database, safe while the bot runs
  prune [--days N]                   delete articles older than ARCHIVE_RETENTION_DAYS (or N) days now
  vacuum                             one-time switch of an older database to incremental vacuum
  migrate                            apply pending database migrations
`;

// `secbrief search x | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

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
      png: { type: 'string' },
      week: { type: 'boolean', default: false },
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
    if (cmd === 'cve') return await cveCard(app, sub, values);
    if (cmd === 'trend') return await trendCli(app, [sub, ...rest].filter(Boolean).join(' '), values);
    if (cmd === 'report') return await weeklyCli(app, values);
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
