// The KEV catalogue from a local copy served on 127.0.0.1, and the real catalogue's format
// (../shared/cve-samples, skipped with its reason when absent).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { parseKev, refreshKev, type KevDeps } from '../../src/feeds/kev.js';
import type { Db } from '../../src/store/db.js';
import { kevEntries, kevState } from '../../src/store/kev.js';

const exploitedCves = (db: Db, ids: string[]) => new Set(kevEntries(db, ids).keys());
const kevEntry = (db: Db, id: string) => kevEntries(db, [id]).get(id);
import { etagRoute, loopbackSource, startFeedServer, staticRoute } from '../helpers/feed-server.js';
import { tempDb } from '../helpers/fixtures.js';

const SAMPLES = resolve(process.env.CVE_SAMPLES_DIR ?? join(import.meta.dirname, '../../../shared/cve-samples'));
const REAL_KEV = join(SAMPLES, 'kev_known_exploited_vulnerabilities_subset.json');

const CATALOG = JSON.stringify({
  title: 'CISA Catalog of Known Exploited Vulnerabilities',
  count: 3,
  vulnerabilities: [
    {
      cveID: 'CVE-2024-3400',
      vendorProject: 'Palo Alto Networks',
      product: 'PAN-OS',
      vulnerabilityName: 'PAN-OS Command Injection',
      dateAdded: '2024-04-12',
      knownRansomwareCampaignUse: 'Unknown',
    },
    {
      cveID: 'cve-2023-4966',
      vendorProject: 'Citrix',
      product: 'NetScaler',
      vulnerabilityName: 'Citrix Bleed',
      dateAdded: '2023-10-18',
      knownRansomwareCampaignUse: 'Known',
    },
    { cveID: 'not-a-cve', vendorProject: 'x' },
  ],
});

test('parsing keeps valid CVE IDs, normalised, with the ransomware flag', () => {
  const entries = parseKev(CATALOG);
  assert.deepEqual(
    entries.map((e) => [e.cveId, e.ransomware]),
    [
      ['CVE-2024-3400', false],
      ['CVE-2023-4966', true],
    ],
  );
  assert.throws(() => parseKev('<html>'), /not JSON/);
  assert.throws(() => parseKev('{"x":1}'), /no "vulnerabilities"/);
});

test('refresh caches the catalogue, uses conditional GET, and keeps the old copy on failure', async () => {
  const server = await startFeedServer({
    '/kev.json': etagRoute(CATALOG, '"k1"'),
    '/broken.json': staticRoute('oops', {}, 500),
  });
  const t = tempDb();
  let now = Date.UTC(2025, 2, 10);
  const deps = (url: string): KevDeps => ({
    db: t.db,
    clock: () => now,
    log: pino({ level: 'silent' }),
    url,
    fetch: { timeoutMs: 2000, maxBytes: 1_000_000 },
  });
  try {
    assert.equal(await refreshKev(deps(server.url('/kev.json'))), 2);
    assert.deepEqual([...exploitedCves(t.db, ['CVE-2024-3400', 'CVE-2020-0001'])], ['CVE-2024-3400']);
    assert.equal(await refreshKev(deps(server.url('/kev.json'))), null, 'fresh cache: no request');
    assert.equal(server.requests.length, 1);
    now += 13 * 3_600_000;
    assert.equal(await refreshKev(deps(server.url('/kev.json'))), null, '304: unchanged');
    assert.equal(server.requests.at(-1)!.headers['if-none-match'], '"k1"');
    now += 13 * 3_600_000;
    assert.equal(await refreshKev(deps(server.url('/broken.json'))), null);
    assert.match(kevState(t.db)!.last_error!, /HTTP 500/);
    assert.equal(exploitedCves(t.db, ['CVE-2024-3400']).size, 1, 'the cached catalogue survives a failed refresh');
  } finally {
    t.cleanup();
    await server.close();
  }
});

test(
  'the real catalogue: 200 entries kept with due date, required action and ransomware use',
  {
    skip: !existsSync(REAL_KEV) && `no ${REAL_KEV}`,
  },
  async () => {
    const t = tempDb();
    const server = await startFeedServer({
      '/kev.json': staticRoute(readFileSync(REAL_KEV), { 'content-type': 'application/json' }),
    });
    try {
      const deps = loopbackSource(t.db, server.url('/kev.json'));
      // The file's count is the full catalogue's (1,662), not its 200 entries: the entries are what count.
      assert.equal(await refreshKev(deps, true), 200);
      const e = kevEntry(t.db, 'CVE-2024-3400')!;
      assert.equal(e.vendor, 'Palo Alto Networks');
      assert.equal(e.product, 'PAN-OS');
      assert.equal(e.dateAdded, '2024-04-12');
      assert.equal(e.dueDate, '2024-04-19');
      assert.match(e.requiredAction, /^Apply mitigations per vendor instructions/);
      assert.equal(e.ransomware, true);
      assert.equal(kevEntry(t.db, 'CVE-1999-0001'), undefined);
    } finally {
      await server.close();
      t.cleanup();
    }
  },
);

test('a renamed field, a shrunken catalogue, an HTML page and a 10× file are refused; the catalogue stays', async () => {
  const entries = JSON.parse(CATALOG).vulnerabilities.slice(0, 2);
  const renamed = JSON.stringify({
    vulnerabilities: entries.map(({ cveID, ...rest }: { cveID: string }) => ({ ...rest, cveId: cveID })),
  });
  const big = JSON.stringify({ vulnerabilities: entries, padding: 'x'.repeat(2_000_000) });
  const cases: Array<[string, string, RegExp]> = [
    ['/renamed.json', renamed, /not_feed: KEV catalogue: only 0 of 2 entries have a cveID/],
    ['/shrunk.json', JSON.stringify({ vulnerabilities: [] }), /has 0 entries, the cached one 2: refused/],
    ['/html.json', '<!DOCTYPE html><html><body>Maintenance</body></html>', /not_feed: KEV catalogue is not JSON/],
    ['/big.json', big, /too_large/],
  ];
  const server = await startFeedServer(
    Object.fromEntries([
      ['/kev.json', staticRoute(CATALOG)],
      ...cases.map(([path, body]) => [path, staticRoute(body)]),
    ]),
  );
  const t = tempDb();
  try {
    const deps = (path: string) => loopbackSource(t.db, server.url(path), 1_000_000);
    assert.equal(await refreshKev(deps('/kev.json'), true), 2);
    for (const [path, , error] of cases) {
      assert.equal(await refreshKev(deps(path), true), null, path);
      assert.match(kevState(t.db)!.last_error ?? '', error, path);
      assert.equal(kevEntry(t.db, 'CVE-2024-3400')?.product, 'PAN-OS', `${path}: the cached catalogue stays`);
    }
  } finally {
    await server.close();
    t.cleanup();
  }
});
