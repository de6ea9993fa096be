// The hostile-feed suite: ONE ingest cycle over every hostile case next to healthy feeds, all on
// 127.0.0.1, run in a child process that reports its own peak RSS (test/helpers/hostile.ts).
// `npm run -s hostile` prints the same figures, and each case alone, for the issue notes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ITEMS_PER_FEED } from '../../src/feeds/limits.js';
import { DEFAULT_LIMITS, MAX_URL_CHARS } from '../../src/feeds/normalize.js';
import { HEALTHY, HOSTILE, runHostileCycle, START_FLAGS, SUITE_DEFAULTS, type CaseResult } from '../helpers/hostile.js';

const TIMEOUT_MS = SUITE_DEFAULTS.timeoutMs;
const GRACE_MS = 5000;
const RSS_LIMIT_MB = 200;

test('one cycle of hostile feeds: bounded in time and memory, a reason for each, the healthy feeds stored', async (t) => {
  const r = await runHostileCycle([...HEALTHY, ...HOSTILE], SUITE_DEFAULTS);
  t.diagnostic(
    `cycle ${r.cycleMs} ms (child ${r.wallMs} ms), peak RSS ${r.peakRssMb.toFixed(1)} MB with ${START_FLAGS.join(' ') || 'default heap flags'}`,
  );
  for (const c of r.cases)
    t.diagnostic(
      `${c.name.padEnd(32)} ${c.reason.padEnd(10)} ${String(c.feedMs).padStart(5)} ms  ${c.articles ? `${c.articles} articles` : (c.error ?? '')}`,
    );

  assert.deepEqual(r.violations, [], 'no socket to anything but 127.0.0.1 was attempted');
  assert.equal(r.dtdRequested, false, 'an external DTD is never fetched');
  assert.ok(r.cycleMs < TIMEOUT_MS + GRACE_MS, `the cycle took ${r.cycleMs} ms with a ${TIMEOUT_MS} ms timeout`);
  assert.ok(r.peakRssMb < RSS_LIMIT_MB, `peak RSS ${r.peakRssMb.toFixed(1)} MB`);
  assert.equal(r.ftsRows, r.articles, 'every stored article is indexed, and nothing else');

  const byName = new Map(r.cases.map((c) => [c.name, c]));
  for (const c of r.cases) {
    if ('reason' in c.expect) {
      assert.equal(c.reason, c.expect.reason, `${c.name}: ${c.error}`);
      assert.ok(
        c.error && !c.error.includes('\n') && c.error.length < 500,
        `${c.name} has a one-line message: ${c.error}`,
      );
      assert.equal(c.articles, 0, `${c.name} stored nothing`);
    } else {
      assert.equal(c.reason, 'ingested', `${c.name}: ${c.error}`);
      assert.equal(c.articles, c.expect.items, `${c.name} articles`);
      assertCapped(c);
    }
  }

  const big = byName.get('title_1mb')!;
  assert.ok(
    big.maxTitle <= DEFAULT_LIMITS.titleChars && big.maxTitle > DEFAULT_LIMITS.titleChars - 10,
    `1 MB title cut to ${big.maxTitle} chars`,
  );
  assert.ok(
    big.maxBody <= DEFAULT_LIMITS.bodyChars && big.maxBody > DEFAULT_LIMITS.bodyChars / 2,
    `1 MB body cut to ${big.maxBody} chars`,
  );
  assert.equal(byName.get('link_1mb')!.maxUrl, 0, 'a 1 MB link is dropped, the item kept');
  assert.equal(
    byName.get('items_20000')!.articles,
    MAX_ITEMS_PER_FEED,
    'a 20,000-item feed is read up to the item cap',
  );
  assert.match(byName.get('billion_laughs_padded')!.error!, /DTD entities/);
  assert.match(byName.get('nested_100k')!.error!, /nested more than \d+ levels/);
  assert.match(byName.get('admin_redirect_to_metadata')!.error!, /169\.254\.169\.254.*SSRF guard/);
  assert.match(byName.get('admin_redirect_to_loopback')!.error!, /127\.0\.0\.2.*SSRF guard/);
});

function assertCapped(c: CaseResult): void {
  assert.ok(c.maxTitle <= DEFAULT_LIMITS.titleChars, `${c.name} title ${c.maxTitle}`);
  assert.ok(c.maxSummary <= DEFAULT_LIMITS.summaryChars, `${c.name} summary ${c.maxSummary}`);
  assert.ok(c.maxBody <= DEFAULT_LIMITS.bodyChars, `${c.name} body ${c.maxBody}`);
  assert.ok(c.maxUrl <= MAX_URL_CHARS, `${c.name} url ${c.maxUrl}`);
  assert.equal(c.dirty, 0, `${c.name}: no NUL, control character or U+FFFD is stored`);
}
