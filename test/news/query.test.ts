import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery, QueryError, queryTokens } from '../../src/news/query.js';

const NOW = Date.UTC(2025, 6, 24, 12);
const match = (q: string) => parseQuery(q, NOW).match;

test('plain words are ANDed and restricted to the text columns', () => {
  assert.equal(match('casio ransomware'), '({title summary body} : ("casio" AND "ransomware"))');
});

test('Chinese is split into bigrams like the index: 卡西欧 becomes the phrase "卡西 西欧"', () => {
  assert.deepEqual(queryTokens('卡西欧'), ['卡西', '西欧']);
  assert.equal(match('卡西欧'), '({title summary body} : ("卡西 西欧"))');
  assert.equal(match('勒索'), '({title summary body} : ("勒索"))');
});

test('phrases, OR, -exclude and prefix*', () => {
  assert.equal(match('"palo alto" OR fortinet'), '({title summary body} : (("palo alto" OR "fortinet")))');
  assert.equal(match('ransom* -test'), '(({title summary body} : ("ransom" *)) NOT ({title summary body} : ("test")))');
  assert.equal(match('CVE-2024-3400'), '({title summary body} : ("cve 2024 3400"))');
});

test('filters: lang, cve, since; source is left for the store to resolve', () => {
  const plan = parseQuery('勒索 lang:zh cve:cve-2024-3400 since:7d source:安全内参', NOW);
  assert.equal(plan.match, '({title summary body} : ("勒索")) AND (tags : (langzh)) AND (tags : cve20243400)');
  assert.equal(plan.sinceMs, NOW - 7 * 86_400_000);
  assert.deepEqual(plan.sources, ['安全内参']);
  assert.deepEqual(plan.cves, ['CVE-2024-3400']);
  assert.equal(parseQuery('since:2025-07-01', NOW).sinceMs, Date.UTC(2025, 6, 1));
  assert.equal(parseQuery('x since：24h', NOW).sinceMs, NOW - 86_400_000, 'full-width colon accepted');
});

test('bad filters and empty queries raise QueryError with a message a user can act on', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /Type something/],
    ['lang:fr x', /lang: takes zh or en/],
    ['cve:12345', /cve: takes an ID/],
    ['since:yesterday x', /since: takes a span/],
    ['-spam', /at least one word/],
    ['😀🔥', /symbols or emoji/],
    ['a'.repeat(4096), /too long/],
  ];
  for (const [q, re] of cases)
    assert.throws(
      () => parseQuery(q, NOW),
      (e: unknown) => e instanceof QueryError && re.test(e.message),
      q,
    );
});

test('FTS syntax typed by a user is quoted away, never passed through', () => {
  for (const q of [
    'NEAR(a b)',
    'title:x',
    'a AND b',
    '"unbalanced',
    'x^y',
    '{title}: x',
    "'; DROP TABLE articles; --",
    '* OR *',
  ]) {
    let expr: string | null = null;
    try {
      expr = match(q);
    } catch (err) {
      assert.ok(err instanceof QueryError, `${q}: ${err}`);
      continue;
    }
    // Every user token ends up inside double quotes; outside them only our own syntax remains.
    const outside = (expr ?? '').replace(/"[^"]*"/g, '').replace(/\{title summary body\} :|\b(AND|OR|NOT)\b/g, '');
    assert.match(outside, /^[\s()*]*$/, `${q} → ${expr}`);
  }
});
