// The hostile-feed suite, shared by test/feeds/hostile.test.ts and `npm run -s hostile`: hostile
// servers on 127.0.0.1 next to healthy feeds, one ingest cycle in a child process
// (hostile-cycle.ts) that reports its own peak RSS, and what the database recorded per case.
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { MAX_ITEMS_PER_FEED } from '../../src/feeds/limits.js';
import { migrate, openDatabase } from '../../src/store/db.js';
import { listFeeds, upsertFeeds, type FeedOrigin } from '../../src/store/feeds.js';
import type { CycleRequest, CycleResult } from './hostile-cycle.js';
import { startFeedServer, staticRoute, trickleRoute, type FeedServer, type Route } from './feed-server.js';
import { rss, tempDir } from './fixtures.js';
import { childEnv } from './process.js';

/** `reason`: the feed must fail with it. `items`: it must be ingested with that many articles. */
export type Expectation = { reason: string } | { items: number };

export interface HostileCase {
  name: string;
  route: (ctx: { port: number }) => Route;
  expect: Expectation;
  /** 'admin' feeds go through the SSRF guard; `host` is their name in the fake DNS. */
  origin?: FeedOrigin;
  host?: string;
}

const TSX = import.meta.resolve('tsx');
const CHILD = fileURLToPath(new URL('./hostile-cycle.ts', import.meta.url));
const MB = 1024 * 1024;
/** Fake DNS for admin feeds: feed.test is our loopback server, the others point inward. */
const HOSTS = { 'feed.test': '127.0.0.1', 'metadata.test': '169.254.169.254', 'intranet.test': '10.0.0.5' };

/** A body produced on demand from `chunks`, never held in memory; stops when the client leaves. */
function streamRoute(headers: Record<string, string>, chunks: () => Generator<Buffer>): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', ...headers });
    const source = Readable.from(chunks(), { objectMode: false });
    pipeline(source, res, () => source.destroy());
  };
}

function* repeat(chunk: Buffer, total: number): Generator<Buffer> {
  for (let left = total; left > 0; left -= chunk.length) yield left >= chunk.length ? chunk : chunk.subarray(0, left);
}

/** `decodedMb` of zeros as repeated 16 MB gzip members: compressed once, so serving costs no CPU. */
function gzipBombRoute(decodedMb: number): Route {
  const member = zlib.gzipSync(Buffer.alloc(16 * MB), { level: 9 });
  return streamRoute({ 'content-encoding': 'gzip' }, () => repeat(member, (decodedMb / 16) * member.length));
}

const laughs = [
  '<!ENTITY lol "lol">',
  ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
].join('');
const feedDoc = (prolog: string, title = 'x') =>
  `<?xml version="1.0"?>${prolog}<rss version="2.0"><channel><title>t</title><item><title>${title}</title><link>http://evil.test/1</link></item></channel></rss>`;
const manyItems = (n: number) =>
  Array.from({ length: n }, (_, i) => `<item><title>Item ${i}</title><link>http://many.test/${i}</link></item>`).join(
    '\n',
  );
const items = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    title: `${prefix} story ${i}`,
    link: `http://${prefix}.test/${i}`,
    guid: `${prefix}-${i}`,
    date: 'Wed, 23 Jul 2025 10:00:00 +0000',
    description: `Body of ${prefix} ${i}`,
  }));

/** NUL bytes, a UTF-8 label over bytes that are not UTF-8, lone surrogates and C1 controls. */
function nulAndInvalidUtf8(): Buffer {
  const b = (s: string) => Buffer.from(s, 'latin1');
  return Buffer.concat([
    b('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>n</title>'),
    b(
      '<item><title>NUL\u0000in\u0000title</title><link>http://nul.test/1</link><description>a\u0000b</description></item>',
    ),
    b('<item><title>Bad '),
    Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80, 0xc0, 0xaf, 0xed, 0xa0, 0x80]),
    b(' bytes</title><link>http://nul.test/2</link></item>'),
    b(
      '<item><title>\u0000\u0000\u0000</title><link>http://nul.test/3</link><description>only NULs in the title</description></item>',
    ),
    b('</channel></rss>'),
  ]);
}

const XXE_WRITEUP = `<![CDATA[<p>The PoC:</p><pre>&lt;!DOCTYPE foo [ &lt;!ENTITY xxe SYSTEM "file:///etc/passwd"&gt; ]&gt;</pre><pre><!DOCTYPE foo [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]></pre>]]>`;

export const HEALTHY: HostileCase[] = [
  { name: 'healthy_en', route: () => staticRoute(rss(items('en', 5), { title: 'Healthy EN' })), expect: { items: 5 } },
  {
    name: 'healthy_zh',
    route: () =>
      staticRoute(
        rss([{ title: '勒索软件攻击某制造企业', link: 'http://zh.test/1', description: '安全内参消息' }], {
          language: 'zh-CN',
        }),
      ),
    expect: { items: 1 },
  },
  // A security write-up quoting an XXE payload in CDATA is content, not a DTD.
  {
    name: 'healthy_xxe_writeup',
    route: () =>
      staticRoute(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>w</title><item><title>XXE explained</title><link>http://writeup.test/1</link><content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/">${XXE_WRITEUP}</content:encoded></item></channel></rss>`,
      ),
    expect: { items: 1 },
  },
];

export const HOSTILE: HostileCase[] = [
  {
    name: 'billion_laughs',
    route: () => staticRoute(feedDoc(`<!DOCTYPE lolz [${laughs}]>`, '&lol9;')),
    expect: { reason: 'not_feed' },
  },
  // The same document behind a 70 KB comment: the DTD check covers the whole prolog.
  {
    name: 'billion_laughs_padded',
    route: () => staticRoute(feedDoc(`<!--${' '.repeat(70_000)}--><!DOCTYPE lolz [${laughs}]>`, '&lol9;')),
    expect: { reason: 'not_feed' },
  },
  {
    name: 'xxe_file',
    route: () => staticRoute(feedDoc('<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>', '&x;')),
    expect: { reason: 'not_feed' },
  },
  {
    name: 'xxe_parameter_entity',
    route: ({ port }) =>
      staticRoute(feedDoc(`<!DOCTYPE r [<!ENTITY % ext SYSTEM "http://127.0.0.1:${port}/evil.dtd"> %ext;]>`)),
    expect: { reason: 'not_feed' },
  },
  // An external DTD without an internal subset is never fetched (see `dtdRequested`); the feed is read.
  {
    name: 'external_dtd',
    route: ({ port }) => staticRoute(feedDoc(`<!DOCTYPE rss SYSTEM "http://127.0.0.1:${port}/evil.dtd">`)),
    expect: { items: 1 },
  },
  // 10 GB of zeros decoded, ~10 MB on the wire: one 16 MB gzip member (16 KB), sent again and
  // again (gzip allows concatenated members) until the client hangs up.
  { name: 'gzip_bomb', route: () => gzipBombRoute(10 * 1024), expect: { reason: 'too_large' } },
  {
    name: 'body_100mb',
    route: () =>
      streamRoute({ 'content-length': String(100 * MB) }, () => repeat(Buffer.alloc(64 * 1024, 0x20), 100 * MB)),
    expect: { reason: 'too_large' },
  },
  {
    name: 'body_100mb_chunked',
    route: () => streamRoute({}, () => repeat(Buffer.alloc(64 * 1024, 0x20), 100 * MB)),
    expect: { reason: 'too_large' },
  },
  { name: 'trickle_1_byte_per_s', route: () => trickleRoute(1000), expect: { reason: 'timeout' } },
  {
    name: 'redirect_loop',
    route: () => staticRoute('', { location: '/redirect_loop' }, 302),
    expect: { reason: 'redirects' },
  },
  {
    name: 'admin_redirect_to_loopback',
    origin: 'admin',
    host: 'feed.test',
    route: ({ port }) => staticRoute('', { location: `http://127.0.0.2:${port}/healthy_en` }, 302),
    expect: { reason: 'refused' },
  },
  {
    name: 'admin_redirect_to_metadata',
    origin: 'admin',
    host: 'feed.test',
    route: () => staticRoute('', { location: 'http://169.254.169.254/latest/meta-data/' }, 302),
    expect: { reason: 'refused' },
  },
  {
    name: 'admin_redirect_to_metadata_name',
    origin: 'admin',
    host: 'feed.test',
    route: ({ port }) => staticRoute('', { location: `http://metadata.test:${port}/latest/meta-data/` }, 302),
    expect: { reason: 'refused' },
  },
  {
    name: 'admin_intranet_name',
    origin: 'admin',
    host: 'intranet.test',
    route: () => staticRoute(rss(items('intranet', 1))),
    expect: { reason: 'refused' },
  },
  {
    name: 'items_20000',
    route: () => staticRoute(feedDoc('', 'many').replace(/<item>.*<\/item>/, manyItems(20_000))),
    expect: { items: MAX_ITEMS_PER_FEED },
  },
  {
    name: 'title_1mb',
    route: () =>
      staticRoute(
        rss([
          { title: 'overflow '.repeat(MB / 9), link: 'http://title.test/1', description: '<p>big</p>'.repeat(10_000) },
        ]),
      ),
    expect: { items: 1 },
  },
  {
    name: 'link_1mb',
    route: () => staticRoute(rss([{ title: 'long link', link: `http://link.test/${'a'.repeat(MB)}` }])),
    expect: { items: 1 },
  },
  {
    name: 'nested_100k',
    route: () =>
      staticRoute(
        `<rss version="2.0"><channel><title>t</title><item><title>x</title><description>${'<a>'.repeat(100_000)}</description></item></channel></rss>`,
      ),
    expect: { reason: 'not_feed' },
  },
  {
    name: 'nested_html_body',
    route: () =>
      staticRoute(rss([{ title: 'deep', link: 'http://deep.test/1', description: '<div>x'.repeat(100_000) }])),
    expect: { items: 1 },
  },
  { name: 'nul_and_invalid_utf8', route: () => staticRoute(nulAndInvalidUtf8()), expect: { items: 3 } },
];

export interface CaseResult {
  name: string;
  expect: Expectation;
  /** The recorded reason, or 'ingested'. */
  reason: string;
  error: string | null;
  feedMs: number;
  articles: number;
  maxTitle: number;
  maxSummary: number;
  maxBody: number;
  maxUrl: number;
  /** Stored text with C0 controls (NUL…) or U+FFFD. */
  dirty: number;
}

export interface SuiteResult {
  cycleMs: number;
  wallMs: number;
  peakRssMb: number;
  violations: string[];
  /** Whether any server saw a request for the external DTD. */
  dtdRequested: boolean;
  /** Rows in articles and in the full-text index: equal when no batch was half-written. */
  articles: number;
  ftsRows: number;
  cases: CaseResult[];
}

export interface SuiteOptions {
  timeoutMs: number;
  maxBytes: number;
  concurrency: number;
  /** V8 flags of the child; START_FLAGS unless given. */
  nodeFlags?: string[];
}

/** What the test runs with: the shipped byte cap and concurrency, a short timeout. */
export const SUITE_DEFAULTS: SuiteOptions = { timeoutMs: 6000, maxBytes: 5_000_000, concurrency: 48 };

/** The V8 flags `npm start` runs the daemon with (heap sizes), so the RSS is production's. */
export const START_FLAGS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts.start?.match(/--max-[\w-]+=\d+/g) ?? [];
})();

function runChild(req: CycleRequest, flags: string[], killAfterMs: number): Promise<CycleResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...flags, '--import', TSX, CHILD, JSON.stringify(req)],
      { env: childEnv({}), timeout: killAfterMs, maxBuffer: 16 * MB },
      (err, stdout, stderr) => {
        if (err) return reject(new Error(`cycle child failed: ${err.message}\n${stderr}`));
        resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as CycleResult);
      },
    );
  });
}

/** Serves `cases`, runs one cycle over all of them in a child process, reads back the database. */
export async function runHostileCycle(cases: HostileCase[], opts: SuiteOptions): Promise<SuiteResult> {
  const server: FeedServer = await startFeedServer();
  const port = Number(new URL(server.url('/')).port);
  const dir = tempDir('secbrief-hostile-');
  const dbPath = join(dir, 'db.sqlite');
  const urlOf = (c: HostileCase) => server.url(`/${c.name}`).replace('127.0.0.1', c.host ?? '127.0.0.1');
  try {
    for (const c of cases) server.route(`/${c.name}`, c.route({ port }));
    const db = openDatabase(dbPath);
    migrate(db, Date.now());
    for (const c of cases) upsertFeeds(db, [{ url: urlOf(c), title: c.name }], c.origin ?? 'file', Date.now());
    db.close();
    const started = Date.now();
    const { timeoutMs, maxBytes, concurrency } = opts;
    const child = await runChild(
      { dbPath, timeoutMs, maxBytes, concurrency, hosts: HOSTS },
      opts.nodeFlags ?? START_FLAGS,
      timeoutMs + 60_000,
    );
    const wallMs = Date.now() - started;
    const dtdRequested = server.requests.some((r) => r.path === '/evil.dtd');
    return {
      cycleMs: child.cycleMs,
      wallMs,
      peakRssMb: child.maxRssKb / 1024,
      violations: child.violations,
      dtdRequested,
      ...readBack(dbPath, cases, urlOf, child),
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

type ReadBack = Pick<SuiteResult, 'articles' | 'ftsRows' | 'cases'>;

function readBack(
  dbPath: string,
  cases: HostileCase[],
  urlOf: (c: HostileCase) => string,
  child: CycleResult,
): ReadBack {
  const db = openDatabase(dbPath);
  try {
    const feeds = new Map(listFeeds(db).map((f) => [f.url, f]));
    // In JS: SQLite's length() stops at a NUL, which is exactly what this must see.
    const rows = db.prepare(
      "SELECT title, summary, body_text AS body, coalesce(url, '') AS url FROM articles WHERE feed_id = ?",
    );
    const stats = (feedId: number) => {
      const all = rows.all(feedId) as Array<{ title: string; summary: string; body: string; url: string }>;
      const max = (k: 'title' | 'summary' | 'body' | 'url') => all.reduce((m, r) => Math.max(m, r[k].length), 0);
      // eslint-disable-next-line no-control-regex
      const dirty = all.filter((r) =>
        /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/.test(r.title + r.summary + r.body),
      ).length;
      return {
        articles: all.length,
        maxTitle: max('title'),
        maxSummary: max('summary'),
        maxBody: max('body'),
        maxUrl: max('url'),
        dirty,
      };
    };
    const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return {
      articles: count('articles'),
      ftsRows: count('articles_fts'),
      cases: cases.map((c) => {
        const feed = feeds.get(urlOf(c))!;
        const s = stats(feed.id);
        const outcome = child.outcomes.find((o) => o.url === feed.url);
        return {
          name: c.name,
          expect: c.expect,
          reason: feed.last_error_reason ?? (feed.last_status === 'ok' ? 'ingested' : `status ${feed.last_status}`),
          error: feed.last_error,
          feedMs: outcome?.ms ?? -1,
          ...s,
        };
      }),
    };
  } finally {
    db.close();
  }
}
