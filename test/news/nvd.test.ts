// NVD CVE API 2.0 responses: small hostile pages built here (always run), and the real pages in
// ../shared/cve-samples/nvd (skipped with its reason when absent).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { CveRecord } from '../../src/news/cve-record.js';
import { CveFormatError, parseCve5Record } from '../../src/news/cve5.js';
import { parseNvdCve, parseNvdResponse } from '../../src/news/nvd.js';

const SAMPLES = resolve(process.env.CVE_SAMPLES_DIR ?? join(import.meta.dirname, '../../../shared/cve-samples'));
const needsSamples = { skip: !existsSync(SAMPLES) && `no ${SAMPLES}` };

function samplePage(name: string): CveRecord[] {
  return parseNvdResponse(JSON.parse(readFileSync(join(SAMPLES, 'nvd', name), 'utf8')));
}

function single(name: string): CveRecord {
  const records = samplePage(name);
  assert.equal(records.length, 1);
  return records[0]!;
}

function page(vulnerabilities: unknown): unknown {
  return {
    resultsPerPage: 1,
    startIndex: 0,
    totalResults: 1,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp: '2024-01-01T00:00:00.000',
    vulnerabilities,
  };
}

const CVE = { id: 'CVE-2099-0001', vulnStatus: 'Analyzed', descriptions: [{ lang: 'en', value: 'A flaw.' }] };

test('a body that is not an NVD 2.0 response is a CveFormatError', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['<!DOCTYPE html><title>Request rejected</title>', /not a JSON object/],
    [null, /not a JSON object/],
    [[CVE], /not a JSON object/],
    [{ message: 'Invalid apiKey' }, /format undefined/],
    [{ ...(page([]) as object), format: 'CVE_RECORD' }, /format "CVE_RECORD"/],
    [{ ...(page([]) as object), version: '1.0' }, /version "1.0" is not 2.x/],
    [{ ...(page([]) as object), vulnerabilities: undefined }, /no vulnerabilities array/],
    [{ ...(page([]) as object), vulnerabilities: { cve: CVE } }, /no vulnerabilities array/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseNvdResponse(input),
      (err) => err instanceof CveFormatError && message.test(err.message),
    );
  }
});

test('an empty page is no records; a garbage entry is skipped; a page of only garbage is an error', () => {
  assert.deepEqual(parseNvdResponse(page([])), []);
  const mixed = parseNvdResponse(page([null, { cve: 'CVE-2099-0002' }, { cve: { id: 'not-a-cve' } }, { cve: CVE }, 7]));
  assert.deepEqual(
    mixed.map((r) => r.id),
    ['CVE-2099-0001'],
  );
  assert.throws(
    () => parseNvdResponse(page([{ cve: { id: 42 } }, {}])),
    (err) => err instanceof CveFormatError && /none of its 2 entries is a CVE .*id number/.test(err.message),
  );
});

test('one CVE: status, state, title, description; wrong types leave fields empty', () => {
  const r = parseNvdCve({
    ...CVE,
    id: 'cve-2099-0001',
    vulnStatus: 'Rejected',
    cisaVulnerabilityName: 'Acme Router Command Injection',
    published: '2099-01-01T00:00:00.000',
    lastModified: 5,
  });
  assert.deepEqual(
    [r.id, r.source, r.state, r.nvdStatus, r.title, r.description, r.published, r.updated],
    [
      'CVE-2099-0001',
      'nvd',
      'REJECTED',
      'Rejected',
      'Acme Router Command Injection',
      'A flaw.',
      '2099-01-01T00:00:00.000',
      null,
    ],
  );
  const junk = parseNvdCve({
    id: 'CVE-2099-0003',
    vulnStatus: ['Analyzed'],
    descriptions: 'A flaw.',
    metrics: [{ cvssMetricV31: [] }],
    weaknesses: { description: [{ value: 'CWE-79' }] },
    configurations: [{ nodes: 'cpe:2.3:a:acme:router:1.0' }, { nodes: [{ cpeMatch: [{ vulnerable: 'true' }] }] }],
    references: [{ url: 'javascript:alert(1)', tags: ['Patch'] }, { url: null }],
    cisaExploitAdd: true,
    affected: { source: 'nvd@nist.gov' },
  });
  assert.deepEqual(
    [junk.state, junk.nvdStatus, junk.title, junk.description, junk.kevDateAdded],
    ['PUBLISHED', null, null, '', null],
  );
  assert.deepEqual([junk.affected, junk.scores, junk.cwes, junk.references], [[], [], [], []]);
});

test("scores: NVD's own, the CNA's and the CISA ADP's apart; v2 severity read beside cvssData", () => {
  const r = parseNvdCve({
    ...CVE,
    metrics: {
      cvssMetricV31: [
        {
          source: 'nvd@nist.gov',
          cvssData: { version: '3.1', baseScore: 9.8, baseSeverity: 'CRITICAL', vectorString: 'V' },
        },
        { source: 'psirt@acme.example', cvssData: { version: '3.1', baseScore: 7.2, baseSeverity: 'HIGH' } },
        { source: '134c704f-9b21-4f2e-91b3-4a467353bcc0', cvssData: { baseScore: 8.1 } },
        { source: 'nvd@nist.gov', cvssData: { baseSeverity: 'HIGH' } },
      ],
      cvssMetricV2: [
        { source: 'nvd@nist.gov', cvssData: { version: '2.0', baseScore: 4.3 }, baseSeverity: 'HIGH' },
        { source: 'nvd@nist.gov', cvssData: { version: '2.0', baseScore: 7.5 } },
      ],
    },
  });
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.version, s.score, s.severity]),
    [
      ['nvd', 'nvd@nist.gov', '3.1', 9.8, 'critical'],
      ['cna', 'psirt@acme.example', '3.1', 7.2, 'high'],
      ['adp', '134c704f-9b21-4f2e-91b3-4a467353bcc0', '3.1', 8.1, 'high'],
      ['nvd', 'nvd@nist.gov', '2.0', 4.3, 'high'], // as NVD says, not derived
      ['nvd', 'nvd@nist.gov', '2.0', 7.5, 'high'],
    ],
  );
});

test('CWEs: only CWE-n values, NVD-CWE-noinfo and NVD-CWE-Other skipped', () => {
  const r = parseNvdCve({
    ...CVE,
    weaknesses: [
      { description: [{ value: 'NVD-CWE-noinfo' }, { value: 'CWE-20' }] },
      { description: [{ value: 'NVD-CWE-Other' }, { value: 'CWE-77' }, { value: 'CWE-20' }] },
    ],
  });
  assert.deepEqual(r.cwes, ['CWE-20', 'CWE-77']);
});

test('CPEs: vulnerable matches only, escapes undone, ranges in words, 20 versions per product', () => {
  const match = (criteria: string, extra: object = {}) => ({ vulnerable: true, criteria, ...extra });
  const many = Array.from({ length: 30 }, (_, i) => match(`cpe:2.3:o:acme:os:1.${i}:*:*:*:*:*:*:*`));
  const r = parseNvdCve({
    ...CVE,
    configurations: [
      {
        operator: 'AND',
        nodes: [
          {
            cpeMatch: [
              match('cpe:2.3:a:acme:wp_form_\\&_more\\:pro:*:*:*:*:*:wordpress:*:*', { versionEndExcluding: '2.4.5' }),
              match('cpe:2.3:a:acme:router:*:*:*:*:*:*:*:*', {
                versionStartIncluding: '7.0.0',
                versionEndIncluding: '7.0.14',
              }),
              match('cpe:2.3:a:acme:router:*:*:*:*:*:*:*:*', {
                versionStartExcluding: '1.0',
                versionEndExcluding: '2.0',
              }),
              match('cpe:2.3:a:acme:router:8.1.0:*:*:*:*:*:*:*'),
              match('cpe:2.3:a:acme:router:-:*:*:*:*:*:*:*'),
              match('cpe:2.3:a:acme:*:1.0:*:*:*:*:*:*:*'),
              match('cpe:/a:acme:legacy:1.0'),
              { vulnerable: false, criteria: 'cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*' },
            ],
          },
          { negate: true, cpeMatch: [match('cpe:2.3:a:acme:excluded:1.0:*:*:*:*:*:*:*')] },
          { cpeMatch: many },
        ],
      },
    ],
  });
  assert.deepEqual(
    r.affected.map((a) => [a.origin, a.vendor, a.product, a.versions.length > 3 ? a.versions.length : a.versions]),
    [
      ['nvd', 'acme', 'wp_form_&_more:pro', ['before 2.4.5']],
      ['nvd', 'acme', 'router', ['7.0.0 to 7.0.14', 'after 1.0 to before 2.0', '8.1.0']],
      ['nvd', 'acme', 'os', 20],
    ],
  );
});

test('references: NVD tags mapped like CVE 5 tags, duplicates merged, javascript: dropped', () => {
  const r = parseNvdCve({
    ...CVE,
    references: [
      { url: 'https://vendor.example/a', tags: ['Vendor Advisory'] },
      { url: 'https://blog.example/b', tags: ['Exploit', 'Third Party Advisory'] },
      { url: 'https://github.com/acme/c/commit/1', tags: ['Patch', 'Vendor Advisory'] },
      { url: 'https://cisa.example/kev', tags: ['US Government Resource'] },
      { url: 'https://mail.example/d', tags: ['Mailing List', 'Mitigation'] },
      { url: 'https://tracker.example/e', tags: ['Issue Tracking'] },
      { url: 'https://vendor.example/a', tags: ['Patch'] },
      { url: 'javascript:alert(document.cookie)', tags: ['Exploit'] },
    ],
  });
  assert.deepEqual(
    r.references.map((x) => [x.url.split('/')[2], x.kind]),
    [
      ['vendor.example', 'patch'],
      ['blog.example', 'exploit'],
      ['github.com', 'patch'],
      ['cisa.example', 'advisory'],
      ['mail.example', 'advisory'],
      ['tracker.example', 'other'],
    ],
  );
});

test('every real page parses; the 38-CVE page is 38 records', needsSamples, () => {
  const full = samplePage('vunnel_full-page_38cves.json');
  assert.equal(full.length, 38);
  assert.equal(new Set(full.map((r) => r.id)).size, 38);
  assert.equal(full.filter((r) => r.nvdStatus === 'Analyzed').length, 25);
  assert.equal(full.filter((r) => r.nvdStatus === 'Awaiting Analysis').length, 13);
  const mysql = full.find((r) => r.id === 'CVE-2023-22068')!;
  assert.deepEqual(mysql.cwes, [], 'NVD-CWE-noinfo');
  assert.deepEqual(mysql.affected[0]?.versions, ['8.0 to 8.0.34', '8.1.0']);
  assert.deepEqual(
    samplePage('vuln-list-update_respPage1.json').map((r) => r.id),
    ['CVE-2020-8167', 'CVE-2021-22903'],
  );
  assert.throws(
    () => parseNvdResponse(readFileSync(join(SAMPLES, 'nvd/dependency-track_nvdcve-2.0-2022.meta'), 'utf8')),
    CveFormatError,
  );
});

test(
  'NVD CVE-2024-3400: affected[] per source, 52 CPEs as 18 versions, KEV, scores apart from CVE 5',
  needsSamples,
  () => {
    const r = single('vunnel_ssvc-entry_CVE-2024-3400.json');
    assert.deepEqual([r.id, r.source, r.nvdStatus, r.state], ['CVE-2024-3400', 'nvd', 'Analyzed', 'PUBLISHED']);
    assert.equal(r.title, 'Palo Alto Networks PAN-OS Command Injection Vulnerability');
    assert.match(r.description, /^A command injection as a result of arbitrary file creation/);
    assert.equal(r.kevDateAdded, '2024-04-12');
    assert.deepEqual(r.cwes, ['CWE-20', 'CWE-77']);
    const vector = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H';
    assert.deepEqual(r.scores, [
      {
        origin: 'cna',
        provider: 'psirt@paloaltonetworks.com',
        version: '3.1',
        score: 10,
        severity: 'critical',
        vector,
      },
      { origin: 'nvd', provider: 'nvd@nist.gov', version: '3.1', score: 10, severity: 'critical', vector },
    ]);
    const ranges = ['10.2.0 to before 10.2.9-h1', '11.0.0 to before 11.0.4-h1', '11.1.0 to before 11.1.2-h3'];
    assert.deepEqual(
      r.affected.map((a) => [a.origin, a.vendor, a.product]),
      [
        ['cna', 'Palo Alto Networks', 'PAN-OS'],
        ['adp', 'paloaltonetworks', 'pan-os'],
        ['nvd', 'paloaltonetworks', 'pan-os'],
      ],
    );
    assert.deepEqual(r.affected[0]?.versions, ranges);
    assert.deepEqual(r.affected[1]?.versions, ranges);
    assert.equal(r.affected[2]?.versions.length, 18);
    assert.deepEqual(r.affected[2]?.versions.slice(0, 2), ['10.2.0', '10.2.1']);
    assert.equal(r.affected[2]?.versions.at(-1), '11.1.2');
    assert.equal(r.references.length, 5, 'each URL once although two sources list it');
    assert.equal(r.references.find((x) => x.url.includes('unit42'))?.kind, 'exploit');
    // The CVE 5 record of the same CVE is a separate record: its CNA score is provider 'palo_alto', not NVD's.
    if (existsSync(join(SAMPLES, 'cvelistV5/CVE-2024-3400.json'))) {
      const cve5 = parseCve5Record(JSON.parse(readFileSync(join(SAMPLES, 'cvelistV5/CVE-2024-3400.json'), 'utf8')));
      assert.deepEqual(
        cve5.scores.map((s) => [s.origin, s.provider]),
        [['cna', 'palo_alto']],
      );
      assert.ok(!r.scores.some((s) => s.provider === 'palo_alto'));
    }
  },
);

test('CVE-2024-23113 (Dependency-Track): KEV date and name, Fortinet CPE ranges', needsSamples, () => {
  const r = single('dependency-track_cve-2024-23113.json');
  assert.equal(r.kevDateAdded, '2024-10-09');
  assert.equal(r.title, 'Fortinet Multiple Products Format String Vulnerability');
  assert.deepEqual(r.cwes, ['CWE-134']);
  assert.deepEqual(
    r.affected.map((a) => [a.product, a.versions]),
    [
      ['fortiproxy', ['7.0.0 to 7.0.14', '7.2.0 to 7.2.8', '7.4.0 to 7.4.2']],
      ['fortiswitchmanager', ['7.0.0 to 7.0.3', '7.2.0 to 7.2.3']],
      ['fortios', ['7.0.0 to 7.0.13', '7.2.0 to 7.2.6', '7.4.0 to 7.4.2']],
      ['fortipam', ['1.0.0 to 1.0.3', '1.1.0 to 1.1.2', '1.2.0']],
    ],
  );
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.score]),
    [
      ['nvd', 'nvd@nist.gov', 9.8],
      ['cna', 'psirt@fortinet.com', 9.8],
    ],
  );
});

test('CVE-2022-1576: Modified, V2 severity beside cvssData, an escaped CPE product', needsSamples, () => {
  const r = single('vunnel_single-entry_CVE-2022-1576.json');
  assert.equal(r.nvdStatus, 'Modified');
  assert.deepEqual(
    r.scores.map((s) => [s.version, s.score, s.severity, s.vector]),
    [
      ['3.1', 6.5, 'medium', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N'],
      ['2.0', 4.3, 'medium', 'AV:N/AC:M/Au:N/C:N/I:P/A:N'],
    ],
  );
  assert.deepEqual(r.affected, [
    { origin: 'nvd', vendor: 'themeisle', product: 'wp_maintenance_mode_&_coming_soon', versions: ['before 2.4.5'] },
  ]);
  assert.deepEqual(r.cwes, ['CWE-352']);
});

test("CVE-2024-5732 (NVD): the CNA's CVSS 4.0 next to NVD's own 3.1", needsSamples, () => {
  const r = single('vuln-list-update_respPage2.json');
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.version, s.score, s.severity]),
    [
      ['cna', 'cna@vuldb.com', '4.0', 6.9, 'medium'],
      ['nvd', 'nvd@nist.gov', '3.1', 9.8, 'critical'],
      ['cna', 'cna@vuldb.com', '3.1', 7.3, 'high'],
      ['cna', 'cna@vuldb.com', '2.0', 7.5, 'high'],
    ],
  );
  assert.deepEqual(r.affected, [
    { origin: 'nvd', vendor: 'clashforwindows', product: 'clash', versions: ['0.1.0 to 0.20.1'] },
  ]);
});

test('CVE-2025-4056: the platform CPE (Windows, not vulnerable) is not an affected product', needsSamples, () => {
  const r = single('dependency-track_cve-2025-4056.json');
  assert.deepEqual(r.affected, [{ origin: 'nvd', vendor: 'gnome', product: 'glib', versions: ['before 2.84.1'] }]);
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.score]),
    [
      ['cna', 'secalert@redhat.com', 3.7],
      ['nvd', 'nvd@nist.gov', 7.5],
    ],
  );
  assert.equal(r.kevDateAdded, null);
});
