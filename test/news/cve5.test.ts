// CVE JSON 5 records: small hostile records built here (always run), and the real cvelistV5 and
// vulnrichment records in ../shared/cve-samples (skipped with its reason when absent).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import type { CveRecord } from '../../src/news/cve-record.js';
import { CveFormatError, parseCve5Record } from '../../src/news/cve5.js';

const SAMPLES = resolve(process.env.CVE_SAMPLES_DIR ?? join(import.meta.dirname, '../../../shared/cve-samples'));
const needsSamples = { skip: !existsSync(SAMPLES) && `no ${SAMPLES}` };

function sample(path: string): CveRecord {
  return parseCve5Record(JSON.parse(readFileSync(join(SAMPLES, path), 'utf8')));
}

function record(cna: Record<string, unknown>, adp?: unknown, state = 'PUBLISHED'): unknown {
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: { cveId: 'CVE-2099-12345', state, datePublished: '2099-01-02T03:04:05Z' },
    containers: { cna: { providerMetadata: { shortName: 'acme' }, ...cna }, ...(adp ? { adp } : {}) },
  };
}

test('input that is not a CVE record is a CveFormatError naming what is wrong', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /not a JSON object/],
    ['<html>', /not a JSON object/],
    [[{ cveMetadata: {} }], /not a JSON object/],
    [{ containers: {} }, /no cveMetadata/],
    [{ cveMetadata: 'CVE-2024-3400' }, /no cveMetadata/],
    [{ dataType: 'CVE', cveMetadata: { cveId: 'CVE-2024-3400', state: 'PUBLISHED' } }, /dataType "CVE"/],
    [{ dataVersion: '4.0', cveMetadata: { cveId: 'CVE-2024-3400', state: 'PUBLISHED' } }, /dataVersion "4.0"/],
    [{ cveMetadata: { cveId: 'CVE-24-1', state: 'PUBLISHED' } }, /"CVE-24-1" is not a CVE ID/],
    [{ cveMetadata: { cveId: 3400, state: 'PUBLISHED' } }, /number is not a CVE ID/],
    [{ cveMetadata: { cveId: 'CVE-2024-3400', state: 'DRAFT' } }, /CVE-2024-3400: state "DRAFT"/],
    [{ cveMetadata: { cveId: 'CVE-2024-3400' } }, /state undefined/],
  ];
  for (const [input, message] of cases) {
    assert.throws(
      () => parseCve5Record(input),
      (err) => err instanceof CveFormatError && message.test(err.message),
    );
  }
});

test('the ID is upper-cased and the dates kept as written; nvdStatus is null', () => {
  const r = parseCve5Record({
    cveMetadata: { cveId: ' cve-2024-3400 ', state: 'published', dateUpdated: 'yesterday' },
  });
  assert.equal(r.id, 'CVE-2024-3400');
  assert.equal(r.state, 'PUBLISHED');
  assert.equal(r.source, 'cve5');
  assert.equal(r.nvdStatus, null);
  assert.equal(r.published, null);
  assert.equal(r.updated, null, 'not an ISO date');
  assert.equal(parseCve5Record(record({})).published, '2099-01-02T03:04:05Z');
});

test('a field of the wrong type is ignored, never fatal', () => {
  const r = parseCve5Record({
    cveMetadata: { cveId: 'CVE-2099-0001', state: 'PUBLISHED', datePublished: 20240101 },
    containers: {
      cna: {
        providerMetadata: 'acme',
        title: 42,
        descriptions: { lang: 'en', value: 'not in an array' },
        affected: [null, 7, 'Acme Router', { vendor: 3, product: ['x'] }, { product: 'Router', versions: 'all' }],
        metrics: [
          null,
          { cvssV3_1: 'CRITICAL' },
          { cvssV3_1: { baseScore: '9.8' } },
          { cvssV3_1: { baseScore: 11 } },
          { cvssV3_1: { baseScore: Number.NaN } },
        ],
        problemTypes: [{ descriptions: 'CWE-79' }, { descriptions: [{ cweId: 79 }, { cweId: 'CWE-x' }] }],
        references: [{ url: 5 }, 'https://example.com/', { url: ['https://example.com/'] }, null],
      },
      adp: { metrics: [{ other: { type: 'kev', content: { dateAdded: '2024-01-01' } } }] },
    },
  });
  assert.equal(r.title, null);
  assert.equal(r.description, '');
  assert.equal(r.published, null);
  // An entry without versions says only that the product is affected.
  assert.deepEqual(r.affected, [{ origin: 'cna', vendor: '', product: 'Router', versions: [] }]);
  assert.deepEqual(r.scores, []);
  assert.deepEqual(r.cwes, []);
  assert.deepEqual(r.references, []);
  assert.equal(r.kevDateAdded, null, 'adp was an object, not an array');
});

test('an HTML description becomes plain text; a plain one keeps its tag-like words', () => {
  const html = parseCve5Record(
    record({ descriptions: [{ lang: 'en', value: '<p>Heap&nbsp;overflow in <b>libfoo</b></p><p>Fixed in 1.2.</p>' }] }),
  );
  assert.equal(html.description, 'Heap overflow in libfoo. Fixed in 1.2.');
  const plain = parseCve5Record(
    record({ descriptions: [{ lang: 'en', value: 'XSS via the <input>\n\n  element &amp; more' }] }),
  );
  assert.equal(plain.description, 'XSS via the <input> element &amp; more');
});

test('the English description is chosen (en-US too), else the first; title and description are capped', () => {
  const r = parseCve5Record(
    record({
      title: 'T'.repeat(1000),
      descriptions: [
        { lang: 'de', value: 'Deutsch' },
        { lang: 'en-US', value: 'x'.repeat(100_000) },
      ],
    }),
  );
  assert.equal(r.description.length, 4000);
  assert.ok(r.description.endsWith('…'));
  assert.equal(r.title?.length, 300);
  assert.equal(
    parseCve5Record(record({ descriptions: [{ lang: 'de', value: 'Nur Deutsch' }] })).description,
    'Nur Deutsch',
  );
});

test('version ranges read as words; unaffected entries and n/a names are left out', () => {
  const hash = 'e187690b125a297499eadeec53c32c5ed6d7436a';
  const r = parseCve5Record(
    record({
      affected: [
        {
          vendor: 'Acme',
          product: 'Router',
          defaultStatus: 'unaffected',
          versions: [
            { version: '10.2.0', lessThan: '10.2.9-h1', status: 'affected' },
            { version: '7.0.0', lessThanOrEqual: '7.0.15', status: 'affected' },
            { version: '0', lessThan: '2.0', status: 'affected' },
            { version: '*', lessThanOrEqual: '1.9.16p2', status: 'affected' },
            { version: '5.0', lessThan: '*', status: 'affected' },
            { version: '9.9', status: 'unaffected' },
            { version: '3.3.3', status: 'affected' },
            { version: 'n/a', status: 'affected' },
          ],
        },
        { vendor: 'Acme', product: 'Router', versions: [{ version: '3.3.3', status: 'affected' }, { version: '4.0' }] },
        {
          vendor: 'n/a',
          product: 'Kernel',
          versions: [{ version: '0', lessThan: hash, versionType: 'git', status: 'affected' }],
        },
        {
          vendor: 'Acme',
          product: 'Cloud',
          defaultStatus: 'unaffected',
          versions: [{ version: 'All', status: 'unaffected' }],
        },
        { vendor: 'n/a', product: 'n/a', versions: [{ version: 'n/a', status: 'affected' }] },
      ],
    }),
  );
  assert.deepEqual(r.affected, [
    {
      origin: 'cna',
      vendor: 'Acme',
      product: 'Router',
      versions: ['10.2.0 to before 10.2.9-h1', '7.0.0 to 7.0.15', 'before 2.0', '≤ 1.9.16p2', '5.0 and later', '3.3.3'],
    },
    { origin: 'cna', vendor: '', product: 'Kernel', versions: ['before e187690b125a'] },
  ]);
});

test('products are capped at 50 and versions at 20 each', () => {
  const versions = Array.from({ length: 30 }, (_, i) => ({ version: `1.${i}`, status: 'affected' }));
  const affected = Array.from({ length: 60 }, (_, i) => ({ vendor: 'Acme', product: `P${i}`, versions }));
  const r = parseCve5Record(record({ affected }));
  assert.equal(r.affected.length, 50);
  assert.equal(r.affected[0]?.versions.length, 20);
});

test('CVSS: every version kept with its origin and provider; v2 severity derived; no base score, no score', () => {
  const r = parseCve5Record(
    record(
      {
        metrics: [
          { cvssV3_1: { version: '3.1', baseScore: 9.8, baseSeverity: 'CRITICAL', vectorString: 'CVSS:3.1/AV:N' } },
          // v2 has no critical band: 9.3 is high.
          { cvssV2_0: { version: '2.0', baseScore: 9.3, vectorString: 'AV:N/AC:M/Au:N/C:C/I:C/A:C' } },
          { cvssV3_0: { baseScore: 0, baseSeverity: 'bogus' } },
          { cvssV4_0: { version: '4.0', vectorString: 'CVSS:4.0/AV:N' } },
          { other: { type: 'Red Hat severity rating', content: { value: 'Low' } } },
        ],
      },
      [{ providerMetadata: { shortName: 'CISA-ADP' }, metrics: [{ cvssV3_1: { baseScore: 4.3 } }] }],
    ),
  );
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.version, s.score, s.severity, s.vector]),
    [
      ['cna', 'acme', '3.1', 9.8, 'critical', 'CVSS:3.1/AV:N'],
      ['cna', 'acme', '2.0', 9.3, 'high', 'AV:N/AC:M/Au:N/C:C/I:C/A:C'],
      ['cna', 'acme', '3.0', 0, 'none', ''],
      ['adp', 'CISA-ADP', '3.1', 4.3, 'medium', ''],
    ],
  );
});

test('CWEs from cweId or, without one, from the description text; unique and in order', () => {
  const r = parseCve5Record(
    record(
      {
        problemTypes: [
          { descriptions: [{ cweId: 'CWE-77' }, { description: 'CWE-20 Improper Input Validation' }] },
          { descriptions: [{ description: 'n/a' }, { cweId: 'cwe-77' }] },
        ],
      },
      [{ problemTypes: [{ descriptions: [{ cweId: 'CWE-122', description: 'CWE-122 Heap-based Buffer Overflow' }] }] }],
    ),
  );
  assert.deepEqual(r.cwes, ['CWE-77', 'CWE-20', 'CWE-122']);
});

test('references: http(s) only, unique by URL with the strongest tag, at most 50', () => {
  const many = Array.from({ length: 80 }, (_, i) => ({ url: `https://example.com/${i}` }));
  const r = parseCve5Record(
    record(
      {
        references: [
          { url: 'javascript:alert(1)', tags: ['patch'] },
          { url: 'data:text/html,<b>x</b>' },
          { url: '/relative/path' },
          { url: `https://example.com/${'a'.repeat(2100)}` },
          { url: 'https://vendor.example/advisory', tags: ['vendor-advisory'] },
          { url: 'https://github.com/acme/x/commit/1', tags: ['patch', 'x_transferred'] },
          { url: 'https://cisa.gov/kev', tags: ['government-resource'] },
          { url: 'https://blog.example/writeup', tags: ['technical-description'] },
          ...many,
        ],
      },
      [{ references: [{ url: 'https://blog.example/writeup', tags: ['exploit'] }] }],
    ),
  );
  assert.equal(r.references.length, 50);
  assert.ok(r.references.every((ref) => ref.url.startsWith('https://')));
  assert.deepEqual(r.references.slice(0, 4), [
    { url: 'https://vendor.example/advisory', kind: 'advisory' },
    { url: 'https://github.com/acme/x/commit/1', kind: 'patch' },
    { url: 'https://cisa.gov/kev', kind: 'advisory' },
    { url: 'https://blog.example/writeup', kind: 'exploit' },
  ]);
});

test('a REJECTED record keeps the reason as its description and nothing else', () => {
  const r = parseCve5Record(
    record(
      {
        rejectedReasons: [{ lang: 'en', value: 'Duplicate of CVE-2099-1.' }],
        affected: [{ vendor: 'Acme', product: 'Router' }],
        metrics: [{ cvssV3_1: { baseScore: 5 } }],
      },
      [{ metrics: [{ other: { type: 'kev', content: { dateAdded: '2024-01-01' } } }] }],
      'REJECTED',
    ),
  );
  assert.equal(r.state, 'REJECTED');
  assert.equal(r.description, 'Duplicate of CVE-2099-1.');
  assert.deepEqual([r.affected, r.scores, r.references, r.kevDateAdded], [[], [], [], null]);
});

test('every real record parses, under the ID its file is named after', needsSamples, () => {
  for (const dir of ['cvelistV5', 'vulnrichment']) {
    for (const id of ['CVE-2024-3400', 'CVE-2024-5203']) assert.equal(sample(`${dir}/${id}.json`).id, id);
  }
  for (const id of ['CVE-2024-47575', 'CVE-2025-32463', 'CVE-2025-6554', 'CVE-2023-4966']) {
    assert.equal(sample(`cvelistV5/${id}.json`).id, id);
  }
  for (const id of ['CVE-2024-5732', 'CVE-2024-43836', 'CVE-2024-46632', 'CVE-2024-41927']) {
    assert.equal(sample(`vulnrichment/${id}.json`).id, id);
  }
  assert.throws(() => sample('cvelistV5/delta.json'), CveFormatError);
});

test('CVE-2024-3400: the CNA score, PAN-OS ranges from the CNA and the CISA ADP, CWEs and KEV', needsSamples, () => {
  const r = sample('cvelistV5/CVE-2024-3400.json');
  assert.equal(r.title, 'PAN-OS: Arbitrary File Creation Leads to OS Command Injection Vulnerability in GlobalProtect');
  assert.match(r.description, /^A command injection as a result of arbitrary file creation vulnerability/);
  assert.equal(r.published, '2024-04-12T07:20:00.707Z');
  assert.deepEqual(r.scores, [
    {
      origin: 'cna',
      provider: 'palo_alto',
      version: '3.1',
      score: 10,
      severity: 'critical',
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
    },
  ]);
  const ranges = ['10.2.0 to before 10.2.9-h1', '11.0.0 to before 11.0.4-h1', '11.1.0 to before 11.1.2-h3'];
  // Cloud NGFW and Prisma Access are listed as unaffected ("All"), so they are not affected products.
  assert.deepEqual(r.affected, [
    { origin: 'cna', vendor: 'Palo Alto Networks', product: 'PAN-OS', versions: ranges },
    { origin: 'adp', vendor: 'paloaltonetworks', product: 'pan-os', versions: ranges },
  ]);
  assert.deepEqual(r.cwes, ['CWE-77', 'CWE-20']);
  assert.equal(r.kevDateAdded, '2024-04-12');
  // The CVE Program container repeats the CNA's four references.
  assert.equal(r.references.length, 4);
  assert.deepEqual(r.references[0], { url: 'https://security.paloaltonetworks.com/CVE-2024-3400', kind: 'advisory' });
});

test('CVE-2025-6554: no CNA score, so the only one is the CISA ADP 8.1', needsSamples, () => {
  const r = sample('cvelistV5/CVE-2025-6554.json');
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.version, s.score, s.severity]),
    [['adp', 'CISA-ADP', '3.1', 8.1, 'high']],
  );
  assert.deepEqual(r.affected, [
    { origin: 'cna', vendor: 'Google', product: 'Chrome', versions: ['before 138.0.7204.96'] },
  ]);
  assert.deepEqual(r.cwes, ['CWE-843']);
  assert.equal(r.kevDateAdded, null, 'this version of the record has no kev metric');
});

test('CVE-2024-5732 (vulnrichment): CVSS 4.0, 3.1, 3.0 and 2.0 side by side', needsSamples, () => {
  const r = sample('vulnrichment/CVE-2024-5732.json');
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.version, s.score, s.severity]),
    [
      ['cna', 'VulDB', '4.0', 6.9, 'medium'],
      ['cna', 'VulDB', '3.1', 7.3, 'high'],
      ['cna', 'VulDB', '3.0', 7.3, 'high'],
      ['cna', 'VulDB', '2.0', 7.5, 'high'], // no baseSeverity in the record: derived from 7.5
    ],
  );
  assert.equal(r.scores[0]?.vector, 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N');
  assert.deepEqual(r.affected, [{ origin: 'cna', vendor: '', product: 'Clash', versions: ['0.20.0', '0.20.1'] }]);
  assert.deepEqual(
    r.references.map((x) => x.kind),
    ['other', 'other', 'advisory', 'exploit'],
  );
});

test('CVE-2024-5203: PUBLISHED in cvelistV5, REJECTED with its reason in vulnrichment', needsSamples, () => {
  const published = sample('cvelistV5/CVE-2024-5203.json');
  assert.equal(published.state, 'PUBLISHED');
  assert.equal(published.title, 'Keycloak: login csrf');
  assert.deepEqual(
    published.scores.map((s) => [s.score, s.severity]),
    [[3.7, 'low']],
  );
  assert.deepEqual(
    published.affected.map((a) => [a.product, a.versions]),
    [
      ['Red Hat Build of Keycloak', []],
      ['Red Hat Single Sign-On 7', []],
    ],
  );
  const rejected = sample('vulnrichment/CVE-2024-5203.json');
  assert.equal(rejected.state, 'REJECTED');
  assert.match(rejected.description, /^After careful review of CVE-2024-5203, it has been determined/);
  assert.deepEqual([rejected.affected, rejected.scores, rejected.cwes, rejected.title], [[], [], [], null]);
  assert.equal(rejected.updated, '2024-09-13T10:15:30.617Z');
});

test('CVE-2024-47575: lessThanOrEqual ranges, a vector with temporal metrics, KEV', needsSamples, () => {
  const r = sample('cvelistV5/CVE-2024-47575.json');
  assert.deepEqual(r.affected, [
    {
      origin: 'cna',
      vendor: 'Fortinet',
      product: 'FortiManager',
      versions: ['7.6.0', '7.4.0 to 7.4.4', '7.2.0 to 7.2.7', '7.0.0 to 7.0.12', '6.4.0 to 6.4.14', '6.2.0 to 6.2.12'],
    },
  ]);
  assert.equal(r.scores[0]?.vector, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:H/RL:U/RC:C');
  assert.equal(r.scores[0]?.score, 9.8);
  assert.equal(r.kevDateAdded, '2024-10-23');
  assert.deepEqual(r.cwes, ['CWE-306']);
});

test('CVE-2023-4966: Citrix build ranges ("patch" versions) read as the bulletin words them', needsSamples, () => {
  const r = sample('cvelistV5/CVE-2023-4966.json');
  const adc = r.affected.find((a) => a.product === 'NetScaler ADC');
  assert.deepEqual(adc?.versions.slice(0, 4), [
    '14.1 to before 14.1-8.50',
    '13.1 to before 13.1-49.15',
    '13.0 to before 13.0-92.19',
    '13.1-FIPS to before 13.1-37.164',
  ]);
  assert.match(r.description, /^Sensitive information disclosure in NetScaler ADC/);
  assert.equal(r.kevDateAdded, '2023-10-18');
});

test('CVE-2024-43836: git commit ranges, and the two Linux entries merged into one product', needsSamples, () => {
  const r = sample('vulnrichment/CVE-2024-43836.json');
  assert.deepEqual(r.affected, [
    {
      origin: 'cna',
      vendor: 'Linux',
      product: 'Linux',
      versions: ['4d18e3ddf427 to before e187690b125a', '4d18e3ddf427 to before 4cddb0f15ea9', '6.10'],
    },
  ]);
  assert.deepEqual(r.scores, []);
});

test('CVE-2024-46632: the CNA says n/a; the CISA ADP supplies product, score and CWE', needsSamples, () => {
  const r = sample('vulnrichment/CVE-2024-46632.json');
  assert.deepEqual(r.affected, [{ origin: 'adp', vendor: 'assimp', product: 'assimp', versions: ['5.4.3'] }]);
  assert.deepEqual(
    r.scores.map((s) => [s.origin, s.provider, s.score, s.severity]),
    [['adp', 'CISA-ADP', 4.3, 'medium']],
  );
  assert.deepEqual(r.cwes, ['CWE-122']);
});

test('CVE-2025-32463 and CVE-2024-41927: KEV from the ADP, untagged references, five products', needsSamples, () => {
  const sudo = sample('cvelistV5/CVE-2025-32463.json');
  assert.equal(sudo.kevDateAdded, '2025-09-29');
  assert.deepEqual(sudo.affected[0]?.versions, ['1.9.14 to before 1.9.17p1']);
  assert.equal(sudo.references.length, 17);
  assert.equal(sudo.references.filter((x) => x.kind === 'exploit').length, 1);
  const idec = sample('vulnrichment/CVE-2024-41927.json');
  assert.equal(idec.affected.length, 5);
  assert.deepEqual(idec.affected[2], {
    origin: 'cna',
    vendor: 'IDEC Corporation',
    product: 'FC6A Series MICROSmart Plus CPU module',
    versions: ['Ver.2.40 and earlier'],
  });
});
