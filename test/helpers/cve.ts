// Small CVE records in the real formats (CVE JSON 5.1 as cvelistV5 publishes it, NVD API 2.0 as NIST
// answers), for tests that must run without ../shared/cve-samples; the field names and shapes are
// those of the samples (CVE-2024-47575, FortiManager).
import type { CveRecord } from '../../src/news/cve-record.js';

export function cve5Json(
  id = 'CVE-2024-47575',
  over: { vendor?: string; product?: string; score?: number; published?: string; title?: string } = {},
) {
  return {
    dataType: 'CVE_RECORD',
    dataVersion: '5.1',
    cveMetadata: {
      cveId: id,
      assignerShortName: 'fortinet',
      state: 'PUBLISHED',
      datePublished: over.published ?? '2024-10-23T14:50:39.624Z',
      dateUpdated: '2024-10-24T03:55:26.573Z',
    },
    containers: {
      cna: {
        providerMetadata: { orgId: '6abe59d8-c742-4dff-8ce8-9b0ca1073da8', shortName: 'fortinet' },
        title: over.title ?? 'FortiManager missing authentication in fgfmsd',
        descriptions: [{ lang: 'en-US', value: 'A missing authentication for critical function in FortiManager.' }],
        affected: [
          {
            vendor: over.vendor ?? 'Fortinet',
            product: over.product ?? 'FortiManager',
            defaultStatus: 'unaffected',
            versions: [{ version: '7.6.0', status: 'affected', lessThanOrEqual: '7.6.0', versionType: 'semver' }],
          },
        ],
        metrics: [
          {
            format: 'CVSS',
            cvssV3_1: {
              version: '3.1',
              baseScore: over.score ?? 9.8,
              baseSeverity: 'CRITICAL',
              vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:H/RL:U/RC:C',
            },
          },
        ],
        problemTypes: [{ descriptions: [{ lang: 'en', type: 'CWE', cweId: 'CWE-306', description: 'Escalation' }] }],
        references: [{ url: 'https://fortiguard.fortinet.com/psirt/FG-IR-24-423', tags: ['vendor-advisory'] }],
      },
    },
  };
}

export function nvdJson(id = 'CVE-2024-47575', score = 9.8) {
  return {
    resultsPerPage: 1,
    startIndex: 0,
    totalResults: 1,
    format: 'NVD_CVE',
    version: '2.0',
    timestamp: '2024-11-14T10:00:00.000',
    vulnerabilities: [
      {
        cve: {
          id,
          sourceIdentifier: 'psirt@fortinet.com',
          published: '2024-10-23T15:15:12.887',
          lastModified: '2024-10-25T12:56:36.827',
          vulnStatus: 'Analyzed',
          cisaExploitAdd: '2024-10-23',
          cisaActionDue: '2024-11-13',
          cisaVulnerabilityName: 'Fortinet FortiManager Missing Authentication Vulnerability',
          descriptions: [{ lang: 'en', value: 'A missing authentication for critical function in FortiManager.' }],
          metrics: {
            cvssMetricV31: [
              {
                source: 'nvd@nist.gov',
                type: 'Primary',
                cvssData: {
                  version: '3.1',
                  vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
                  baseScore: score,
                  baseSeverity: 'CRITICAL',
                },
              },
            ],
          },
          weaknesses: [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: 'CWE-306' }] }],
          configurations: [
            {
              nodes: [
                {
                  operator: 'OR',
                  negate: false,
                  cpeMatch: [
                    {
                      vulnerable: true,
                      criteria: 'cpe:2.3:a:fortinet:fortimanager:*:*:*:*:*:*:*:*',
                      versionStartIncluding: '7.6.0',
                      versionEndExcluding: '7.6.1',
                    },
                  ],
                },
              ],
            },
          ],
          references: [{ url: 'https://fortiguard.fortinet.com/psirt/FG-IR-24-423', source: 'psirt@fortinet.com' }],
        },
      },
    ],
  };
}

export const NVD_EMPTY = {
  resultsPerPage: 0,
  startIndex: 0,
  totalResults: 0,
  format: 'NVD_CVE',
  version: '2.0',
  timestamp: '2024-11-14T10:00:00.000',
  vulnerabilities: [],
};

/** A CveRecord with nothing in it but what the test sets. */
export const recordOf = (id: string, over: Partial<CveRecord> = {}): CveRecord => ({
  id,
  source: 'cve5',
  state: 'PUBLISHED',
  nvdStatus: null,
  title: `title of ${id}`,
  description: '',
  published: null,
  updated: null,
  affected: [],
  scores: [],
  cwes: [],
  references: [],
  kevDateAdded: null,
  ...over,
});
