// FIRST EPSS from loopback servers: the real file format (../shared/cve-samples), gzip and plain,
// the previous day kept, and bad input — a truncated gzip, renamed columns, an HTML page, a file
// over the byte cap — each a clear error that keeps the scores already there.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseEpssComment, parseEpssRow, refreshEpss } from '../../src/feeds/epss.js';
import { cveSourceState, epssScores } from '../../src/store/epss.js';
import { loopbackSource, startFeedServer, staticRoute } from '../helpers/feed-server.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';

const SAMPLES = resolve(process.env.CVE_SAMPLES_DIR ?? join(import.meta.dirname, '../../../shared/cve-samples'));
const REAL = join(SAMPLES, 'epss_scores-2026-09-29_subset.csv');
const DAY1 =
  '#model_version:v2026.06.15,score_date:2026-09-28T12:00:00Z\ncve,epss,percentile\n' +
  'CVE-2024-3400,0.5,0.9\nCVE-2023-4966,0.9,0.99\n';
const DAY2 =
  '#model_version:v2026.06.15,score_date:2026-09-29T12:00:00Z\ncve,epss,percentile\n' +
  'CVE-2024-3400,0.97,0.999\nCVE-2023-4966,0.9,0.99\nCVE-2025-32463,0.6,0.99\n';

async function refresh(t: TempDb, body: string | Buffer, maxBytes = 5_000_000, headers = {}) {
  const server = await startFeedServer({ '/epss.csv.gz': staticRoute(body, headers) });
  try {
    const deps = loopbackSource(t.db, server.url('/epss.csv.gz'), maxBytes);
    return await refreshEpss(deps, true);
  } finally {
    await server.close();
  }
}

test('the comment line and rows parse as FIRST writes them, in both timestamp styles', () => {
  assert.deepEqual(parseEpssComment('#model_version:v2026.06.15,score_date:2026-09-29T12:00:22Z'), {
    modelVersion: 'v2026.06.15',
    scoreDate: '2026-09-29',
  });
  assert.equal(
    parseEpssComment('#model_version:v2023.03.01,score_date:2025-02-20T00:00:00+0000').scoreDate,
    '2025-02-20',
  );
  assert.deepEqual(parseEpssRow('CVE-2024-3400,0.99999,1.0'), { cveId: 'CVE-2024-3400', epss: 0.99999, percentile: 1 });
  for (const bad of ['CVE-2024-3400,1.5,0.2', 'cve-2024-3400,0.1,0.2', 'CVE-2024-3400,,0.2', '<html>']) {
    assert.equal(parseEpssRow(bad), null, bad);
  }
});

test('the real EPSS file, gzipped, is imported whole', { skip: !existsSync(REAL) && `no ${REAL}` }, async () => {
  const t = tempDb();
  const text = readFileSync(REAL);
  const rows = text.toString('utf8').trim().split('\n').length - 2;
  assert.equal(await refresh(t, gzipSync(text)), rows);
  const s = epssScores(t.db, ['CVE-2024-3400', 'CVE-2025-32463', 'CVE-1999-0001']);
  assert.deepEqual(s.get('CVE-2024-3400'), { epss: 0.99999, percentile: 1, previous: null });
  assert.equal(s.get('CVE-1999-0001')!.epss, 0.03351);
  assert.equal(cveSourceState(t.db, 'epss')!.score_date, '2026-09-29');
  assert.equal(cveSourceState(t.db, 'epss')!.model_version, 'v2026.06.15');
  t.cleanup();
});

test('a new day keeps the day before, so a rise shows; a re-fetch of the same day does not lose it', async () => {
  const t = tempDb();
  assert.equal(await refresh(t, gzipSync(DAY1)), 2);
  assert.equal(await refresh(t, DAY2), 3, 'a plain (not gzipped) file works too');
  assert.deepEqual(epssScores(t.db, ['CVE-2024-3400']).get('CVE-2024-3400'), {
    epss: 0.97,
    percentile: 0.999,
    previous: 0.5,
  });
  assert.equal(epssScores(t.db, ['CVE-2025-32463']).get('CVE-2025-32463')!.previous, null, 'new in the file');
  assert.equal(await refresh(t, gzipSync(DAY2)), 3);
  assert.equal(epssScores(t.db, ['CVE-2024-3400']).get('CVE-2024-3400')!.previous, 0.5);
  assert.equal(cveSourceState(t.db, 'epss')!.previous_score_date, '2026-09-28');
  t.cleanup();
});

test('bad files give a clear error per source and keep the scores already there', async () => {
  const cases: Array<[string, Buffer | string, RegExp, number?]> = [
    ['a truncated gzip', gzipSync(DAY2).subarray(0, 60), /truncated or not gzip/],
    ['renamed columns', DAY2.replace('cve,epss,percentile', 'cve_id,score,pct'), /not the columns cve,epss,percentile/],
    ['an HTML error page', '<!doctype html><html><body>Service unavailable</body></html>', /not the columns/],
    ['a file over the byte cap', gzipSync(DAY2 + 'x'.repeat(5_000)), /too_large|over the/, 100],
    [
      'the header and no rows',
      '#model_version:v1,score_date:2026-09-30\ncve,epss,percentile\n',
      /0 unreadable rows of 0/,
    ],
    ['a comment and nothing else', '#model_version:v1,score_date:2026-09-30\n', /no cve,epss,percentile header/],
    ['rows that are not scores', `${DAY2}${'CVE-2024-1,abc,1\n'.repeat(50)}`, /unreadable rows/],
  ];
  for (const [name, body, error, maxBytes] of cases) {
    const t = tempDb();
    await refresh(t, gzipSync(DAY1));
    assert.equal(await refresh(t, body, maxBytes), null, name);
    assert.match(cveSourceState(t.db, 'epss')!.last_error ?? '', error, name);
    assert.equal(epssScores(t.db, ['CVE-2024-3400']).get('CVE-2024-3400')!.epss, 0.5, `${name}: old scores kept`);
    const staging = t.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'epss_staging'").pluck().get();
    assert.equal(staging, 0, `${name}: no staging table left behind`);
    t.cleanup();
  }
});
