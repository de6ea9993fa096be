// Search over a real SQLite file: articles go in through storeBatch, queries through
// parseQuery + searchArticles, and every result set is checked against what a plain scan of
// the stored text says it should be.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { NormalizedItem } from '../../src/news/article.js';
import { parseQuery, QueryError } from '../../src/news/query.js';
import { storeBatch } from '../../src/store/articles.js';
import { migrate, openDatabase, type Db } from '../../src/store/db.js';
import { listFeeds, upsertFeeds } from '../../src/store/feeds.js';
import { searchArticles, type SearchOptions } from '../../src/store/search.js';

const NOW = Date.UTC(2025, 6, 1, 12);
const DAY = 86_400_000;

interface Doc {
  feed: 'krebs' | 'record' | 'freebuf';
  title: string;
  summary: string;
  body?: string;
  daysAgo: number;
}

// Tricky on purpose: words next to characters a dictionary segmenter would glue them to
// (勒索引发 → 勒索|引发, 卡西欧洲 → 卡|西|欧洲), near misses (西欧, 勒 索, 索尼), mixed scripts.
const DOCS: Doc[] = [
  {
    feed: 'krebs',
    title: 'Ransomware gang hits hospital',
    summary: 'A ransomware attack encrypted patient records. Ransomware negotiators were called.',
    daysAgo: 40,
  },
  {
    feed: 'krebs',
    title: 'Patch Tuesday fixes zero-day',
    summary: 'Microsoft fixed a remote code execution flaw, CVE-2024-3400, under attack.',
    daysAgo: 2,
  },
  {
    feed: 'record',
    title: 'LockBit affiliate arrested',
    summary: 'Police arrested a LockBit ransomware affiliate in Kyiv.',
    daysAgo: 5,
  },
  { feed: 'record', title: 'BlackCat leaks data', summary: 'The BlackCat group leaked stolen files.', daysAgo: 12 },
  {
    feed: 'record',
    title: 'Code review of remote execution',
    summary: 'Remote tooling and code execution environments were reviewed.',
    daysAgo: 3,
  },
  {
    feed: 'krebs',
    title: 'Ransom notes analysed',
    summary: 'Researchers read ransom notes from RansomHub operators.',
    daysAgo: 20,
  },
  {
    feed: 'krebs',
    title: 'Casio confirms breach',
    summary: 'CASIO said attackers stole customer data.',
    body: 'Casio Computer Co. said the ransomware attack disrupted systems. Full details in the report.',
    daysAgo: 9,
  },
  {
    feed: 'record',
    title: 'Weekly roundup',
    summary: 'Vendors shipped fixes; one mentioned cve‑2024‑3400 with a non-ASCII dash.',
    daysAgo: 1,
  },
  {
    feed: 'record',
    title: 'Old ransomware story',
    summary: 'An older item about ransomware in the body only.',
    daysAgo: 300,
  },
  {
    feed: 'freebuf',
    title: '卡西欧遭勒索软件攻击',
    summary: '日本卡西欧公司确认遭到勒索软件攻击，部分数据泄露。',
    daysAgo: 4,
  },
  { feed: 'freebuf', title: '卡西欧洲分公司发布公告', summary: '卡西欧洲分公司表示系统已恢复。', daysAgo: 6 },
  { feed: 'freebuf', title: '勒索引发的数据泄露事件', summary: '勒索引发连锁反应，多家企业受影响。', daysAgo: 8 },
  { feed: 'freebuf', title: '敲诈勒索团伙落网', summary: '警方破获一起敲诈勒索案件。', daysAgo: 15 },
  { feed: 'freebuf', title: '西欧国家加强网络安全', summary: '西欧多国发布网络安全新规，索尼也表示支持。', daysAgo: 3 },
  {
    feed: 'freebuf',
    title: '高危漏洞预警',
    summary: '某厂商修复高危漏洞（CVE-2024-3400），建议尽快更新。',
    daysAgo: 1,
  },
  { feed: 'freebuf', title: '黑客气焰嚣张', summary: '黑客组织频繁发起攻击，勒 索 行为增多。', daysAgo: 10 },
  { feed: 'freebuf', title: '漏洞修复进展', summary: '微软修复多个漏洞，卡西欧Casio手表应用也收到更新。', daysAgo: 30 },
  {
    feed: 'freebuf',
    title: '零日漏洞利用',
    summary: '攻击者利用零日漏洞入侵企业网络。',
    body: '攻击者利用零日漏洞入侵企业网络。研究人员称，勒索软件团伙随后部署了加密程序。',
    daysAgo: 2,
  },
  {
    feed: 'record',
    title: 'Supply chain attack on npm',
    summary: 'A supply chain attack pushed malware to npm packages.',
    daysAgo: 7,
  },
  {
    feed: 'record',
    title: 'Chain of custody',
    summary: 'The supply of evidence and the chain attack on credibility.',
    daysAgo: 11,
  },
  {
    feed: 'krebs',
    title: 'Phishing kit sold',
    summary: 'A phishing kit targeting bank logins was sold on forums.',
    daysAgo: 25,
  },
  {
    feed: 'krebs',
    title: 'Ransomware ransomware ransomware',
    summary: 'Ransomware everywhere: ransomware crews, ransomware payments, ransomware laws.',
    daysAgo: 200,
  },
  {
    feed: 'record',
    title: 'Policy update',
    summary: 'Lawmakers discuss cyber rules.',
    body: 'Lawmakers discuss cyber rules. A footnote mentions ransomware once.',
    daysAgo: 14,
  },
  {
    feed: 'record',
    title: 'Language models write malware',
    summary: 'LLM language tools and src1 build scripts.',
    daysAgo: 16,
  },
  {
    feed: 'freebuf',
    title: '勒索软件周报',
    summary: '本周勒索软件活动保持活跃，LockBit 与 BlackCat 最为活跃。',
    daysAgo: 0.5,
  },
];

const FEEDS = {
  krebs: { url: 'https://krebsonsecurity.com/feed/', title: 'Krebs on Security', language: 'en' },
  record: { url: 'https://therecord.media/feed', title: 'The Record', language: 'en' },
  freebuf: { url: 'https://www.freebuf.com/feed', title: 'FreeBuf', language: 'zh' },
} as const;

let dir: string;
let db: Db;

function toItem(d: Doc, n: number): NormalizedItem {
  const url = `https://example.test/${d.feed}/${n}`;
  return {
    guid: url,
    url,
    canonicalUrl: url,
    title: d.title,
    summary: d.summary,
    bodyText: d.body ?? d.summary,
    language: FEEDS[d.feed].language,
    publishedAt: Math.round(NOW - d.daysAgo * DAY),
    dateMissing: false,
    author: null,
    contentKey: `k${n}`,
    contentHash: `h${n}`,
  };
}

const ITEMS = DOCS.map(toItem);
const urlOf = (d: Doc) => ITEMS[DOCS.indexOf(d)]!.url!;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'secbrief-search-'));
  db = openDatabase(join(dir, 'search.db'));
  migrate(db, NOW);
  upsertFeeds(db, Object.values(FEEDS), 'file', NOW);
  const ids = new Map(listFeeds(db).map((f) => [f.url, f.id]));
  // Stored out of publication order and feed by feed, as ingest cycles do.
  for (const feed of ['freebuf', 'record', 'krebs'] as const) {
    const items = ITEMS.filter((_, i) => DOCS[i]!.feed === feed).reverse();
    storeBatch(db, ids.get(FEEDS[feed].url)!, items, NOW);
  }
});

after(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const search = (q: string, order: SearchOptions['order'] = 'newest') =>
  searchArticles(db, parseQuery(q, NOW), { limit: 100, order });
const urls = (q: string, order?: SearchOptions['order']) => search(q, order).map((h) => h.url);
const sorted = (xs: Array<string | null>) => [...xs].sort();

/** What a substring scan of the stored text finds, newest first. */
function scan(pred: (text: string, d: Doc) => boolean): string[] {
  return DOCS.map((d, i) => ({ d, item: ITEMS[i]! }))
    .filter(({ d, item }) => pred(`${item.title}\n${item.summary}\n${item.bodyText}`.toLowerCase(), d))
    .sort((a, b) => b.item.publishedAt - a.item.publishedAt)
    .map(({ item }) => item.url!);
}
const has = (needle: string) => (text: string) => text.includes(needle.toLowerCase());

test('newest first is publication order, whatever order the articles were stored in', () => {
  const hits = search('ransomware');
  assert.deepEqual(
    hits.map((h) => h.url),
    scan(has('ransomware')),
  );
  const published = hits.map((h) => h.published);
  assert.deepEqual(
    published,
    [...published].sort((a, b) => b - a),
  );
  assert.ok(hits.length >= 6);
});

test('relevance puts the article that is about the word first, not the newest one', () => {
  const hits = urls('ransomware', 'relevance');
  assert.deepEqual(sorted(hits), sorted(scan(has('ransomware'))));
  assert.equal(hits[0], urlOf(DOCS.find((d) => d.title === 'Ransomware ransomware ransomware')!));
  // A single mention deep in a body ranks below title matches.
  const footnote = hits.indexOf(urlOf(DOCS.find((d) => d.title === 'Policy update')!));
  const titled = hits.indexOf(urlOf(DOCS.find((d) => d.title === 'Ransomware gang hits hospital')!));
  assert.ok(titled < footnote, `title match at ${titled}, body-only mention at ${footnote}`);
  // Filters alone give every row the same score: newest first.
  assert.deepEqual(urls('cve:CVE-2024-3400', 'relevance'), urls('cve:CVE-2024-3400'));
});

test('"phrase" matches the words in that order only', () => {
  assert.deepEqual(urls('"remote code execution"'), scan(has('remote code execution')));
  assert.deepEqual(urls('"supply chain attack"'), scan(has('supply chain attack')));
  assert.equal(urls('"supply chain attack"').length, 1);
  assert.equal(urls('supply chain attack').length, 2); // unquoted: all three words anywhere
});

test('OR, -exclude and prefix*', () => {
  assert.deepEqual(
    urls('lockbit OR blackcat'),
    scan((t) => t.includes('lockbit') || t.includes('blackcat')),
  );
  assert.deepEqual(
    urls('ransomware -lockbit'),
    scan((t) => t.includes('ransomware') && !t.includes('lockbit')),
  );
  assert.deepEqual(
    urls('ransom*'),
    scan((t) => /\bransom/.test(t)),
  );
  assert.ok(urls('ransom*').length > urls('ransomware').length);
  assert.deepEqual(
    urls('zero-da*'),
    scan((t) => /\bzero\W+da/.test(t)),
  ); // prefix on the last word of a phrase
  // CJK prefix: 勒 followed by another Han character, or 勒 standing alone (as in 勒 索).
  assert.deepEqual(
    urls('勒*'),
    scan((t) => /勒[\u4e00-\u9fff]|(?<![\u4e00-\u9fff])勒(?![\u4e00-\u9fff])/.test(t)),
  );
});

test('lang:, since:, cve: and source: filters', () => {
  assert.deepEqual(
    urls('lang:zh 漏洞'),
    scan((t, d) => d.feed === 'freebuf' && t.includes('漏洞')),
  );
  assert.deepEqual(
    urls('lang:en ransomware'),
    scan((t, d) => d.feed !== 'freebuf' && t.includes('ransomware')),
  );
  assert.deepEqual(
    urls('since:7d ransomware'),
    scan((t, d) => d.daysAgo <= 7 && t.includes('ransomware')),
  );
  assert.deepEqual(
    urls('since:7d'),
    scan((_, d) => d.daysAgo <= 7),
  );
  assert.deepEqual(
    urls('cve:CVE-2024-3400'),
    scan((t) => /cve\W2024\W3400/.test(t)),
  );
  assert.equal(urls('cve:CVE-2024-3400').length, 3);
  assert.deepEqual(
    urls('source:krebs ransomware'),
    scan((t, d) => d.feed === 'krebs' && t.includes('ransomware')),
  );
  assert.deepEqual(
    urls('source:freebuf.com'),
    scan((_, d) => d.feed === 'freebuf'),
  );
  assert.deepEqual(urls('source:nosuchfeed ransomware'), []);
});

for (const word of ['勒索', '卡西欧', 'casio', 'Casio', '漏洞', '黑客', '勒索软件', '西欧', '零日漏洞']) {
  test(`${word} finds exactly what a substring scan finds`, () => {
    const expected = scan(has(word));
    assert.ok(expected.length > 0, 'the fixture must contain the word');
    assert.deepEqual(urls(word), expected);
    assert.deepEqual(sorted(urls(word, 'relevance')), sorted(expected));
  });
}

test('an updated article is re-indexed: the old text no longer matches', () => {
  const feedId = listFeeds(db).find((f) => f.title === 'The Record')!.id;
  const item = ITEMS[DOCS.findIndex((d) => d.title === 'BlackCat leaks data')]!;
  const text = 'The Medusa group leaked stolen files.';
  storeBatch(
    db,
    feedId,
    [{ ...item, title: 'Medusa leaks data', summary: text, bodyText: text, contentHash: 'changed' }],
    NOW,
  );
  assert.deepEqual(urls('medusa'), [item.url]);
  assert.ok(!urls('blackcat').includes(item.url));
  storeBatch(db, feedId, [item], NOW);
  assert.ok(urls('blackcat').includes(item.url));
});

test('words that look like filter tokens match article text, not the filters', () => {
  assert.deepEqual(
    urls('src1'),
    scan((t) => /\bsrc1\b/.test(t)),
  );
  assert.equal(urls('src1').length, 1);
  assert.deepEqual(urls('langen'), []);
  assert.deepEqual(urls('cve20243400'), []);
  assert.deepEqual(
    urls('lang*'),
    scan((t) => /\blang/.test(t)),
  );
  assert.deepEqual(
    urls('src*'),
    scan((t) => /\bsrc/.test(t)),
  );
});

const HOSTILE = [
  '"unbalanced',
  'foo"bar"',
  '"',
  '""',
  '"" ""',
  'NEAR(ransomware patch)',
  'NEAR(',
  'NEAR(a b, 2)',
  'ransomware AND',
  'AND',
  'OR',
  'NOT',
  'NOT ransomware',
  'OR OR ransomware',
  'ransomware OR',
  '^ransomware',
  'title:ransomware',
  'tags:langzh',
  '{title}: x',
  'body:勒索',
  '*',
  '**',
  'ransom**',
  'foo*bar',
  '*ransom',
  '-',
  '--',
  '-"',
  '- ransomware',
  '😀',
  '😀 🔥 🛡️',
  '()',
  ')(',
  '(ransomware',
  "'; DROP TABLE articles; --",
  '\u0000',
  'x:y',
  'source:',
  'source:%',
  'source:_',
  'source:\\',
  'lang:fr',
  'since:abc',
  'since:99999d',
  'cve:123',
  'rowid:1',
  'ransomware NEAR patch',
  '+ransomware',
  'ransomware^2',
  '"a" : "b"',
  `${'NEAR( AND ^ * " : '.repeat(25)}`.slice(0, 499),
  `ransomware ${'a'.repeat(480)}`,
  'since:9999w ransomware',
  'a'.repeat(4096),
  '漏洞 '.repeat(1366),
  `${'x'.repeat(4000)} ransomware`,
];

test('hostile query strings give results or a QueryError, never an SQLite error', () => {
  let answered = 0;
  for (const q of HOSTILE) {
    for (const order of ['newest', 'relevance'] as const) {
      try {
        assert.ok(Array.isArray(search(q, order)));
        answered++;
      } catch (err) {
        assert.ok(err instanceof QueryError, `${JSON.stringify(q.slice(0, 40))} (${order}) threw ${String(err)}`);
      }
    }
  }
  assert.ok(answered > HOSTILE.length / 2, 'most hostile strings still search for their words');
});
