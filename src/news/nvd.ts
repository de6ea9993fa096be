// NVD CVE API 2.0 responses (and the 2.0 yearly feeds, which share the shape) as CveRecords. Pure.
// NVD republishes the CNA's and CISA's data beside its own; each keeps the origin it came from.
import { addAffected, CveFormatError } from './cve5.js';
import type { AffectedProduct, CveOrigin, CveRecord } from './cve-record.js';
import {
  AffectedList,
  capCwes,
  capScores,
  collectReferences,
  cveId,
  cvssScore,
  cwe,
  describe,
  englishValue,
  isObject,
  isoDate,
  list,
  objects,
  plainText,
  text,
  title,
  versionRange,
  type Json,
} from './cve-parse-util.js';

const NVD_SOURCE = 'nvd@nist.gov';
// NVD names CISA's vulnrichment ADP by its CVE Program org UUID, not by an e-mail address; its
// scores and products are the ADP's, not the CNA's.
const CISA_ADP_ORG = '134c704f-9b21-4f2e-91b3-4a467353bcc0';
const METRIC_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['cvssMetricV40', '4.0'],
  ['cvssMetricV31', '3.1'],
  ['cvssMetricV30', '3.0'],
  ['cvssMetricV2', '2.0'],
];

/** Every CVE on one page. A malformed entry is skipped; a page of nothing but malformed entries is an error. */
export function parseNvdResponse(json: unknown): CveRecord[] {
  if (!isObject(json)) throw new CveFormatError(`NVD response: not a JSON object (${describe(json)})`);
  if (json.format !== 'NVD_CVE')
    throw new CveFormatError(`NVD response: format ${describe(json.format)} is not NVD_CVE`);
  if (typeof json.version !== 'string' || !/^2(\.|$)/.test(json.version)) {
    throw new CveFormatError(`NVD response: version ${describe(json.version)} is not 2.x`);
  }
  if (!Array.isArray(json.vulnerabilities)) throw new CveFormatError('NVD response: no vulnerabilities array');
  const records: CveRecord[] = [];
  let firstError: CveFormatError | null = null;
  for (const entry of json.vulnerabilities) {
    try {
      records.push(parseNvdCve(isObject(entry) ? entry.cve : entry));
    } catch (err) {
      if (!(err instanceof CveFormatError)) throw err;
      firstError ??= err;
    }
  }
  if (records.length === 0 && firstError) {
    const n = json.vulnerabilities.length;
    throw new CveFormatError(`NVD response: none of its ${n} entries is a CVE (${firstError.message})`);
  }
  return records;
}

/** One `vulnerabilities[].cve` object. */
export function parseNvdCve(cve: unknown): CveRecord {
  if (!isObject(cve)) throw new CveFormatError(`NVD CVE: not a JSON object (${describe(cve)})`);
  const id = cveId(cve.id);
  if (!id) throw new CveFormatError(`NVD CVE: id ${describe(cve.id)} is not a CVE ID`);
  const status = text(cve.vulnStatus, 40);
  return {
    id,
    source: 'nvd',
    state: status === 'Rejected' ? 'REJECTED' : 'PUBLISHED',
    nvdStatus: status,
    title: title(cve.cisaVulnerabilityName),
    description: plainText(englishValue(cve.descriptions)),
    published: isoDate(cve.published),
    updated: isoDate(cve.lastModified),
    affected: affectedOf(cve),
    scores: scoresOf(cve.metrics),
    cwes: capCwes(
      objects(cve.weaknesses)
        .flatMap((w) => objects(w.description))
        .map((d) => cwe(d.value)),
    ),
    references: collectReferences(list(cve.references)),
    kevDateAdded: isoDate(cve.cisaExploitAdd),
  };
}

function originOf(source: unknown): CveOrigin {
  return source === NVD_SOURCE ? 'nvd' : source === CISA_ADP_ORG ? 'adp' : 'cna';
}

function scoresOf(metrics: unknown): CveRecord['scores'] {
  const byVersion = isObject(metrics) ? metrics : {};
  return capScores(
    METRIC_KEYS.flatMap(([key, version]) =>
      objects(byVersion[key]).map((m) =>
        cvssScore({
          origin: originOf(m.source),
          provider: text(m.source, 100) ?? '',
          version,
          data: m.cvssData,
          severity: m.baseSeverity,
        }),
      ),
    ),
  );
}

function affectedOf(cve: Json): AffectedProduct[] {
  const out = new AffectedList();
  for (const group of objects(cve.affected)) {
    const origin = originOf(group.source);
    for (const entry of list(group.affectedData)) addAffected(out, origin, entry);
  }
  for (const node of objects(cve.configurations).flatMap((c) => objects(c.nodes))) {
    // A negated node lists what is NOT affected.
    if (node.negate === true) continue;
    for (const match of objects(node.cpeMatch)) addCpeMatch(out, match);
  }
  return out.toArray();
}

/** One vulnerable `cpeMatch`: NVD's own analysis, so origin 'nvd'. Platforms (vulnerable: false) are skipped. */
function addCpeMatch(out: AffectedList, match: Json): void {
  if (match.vulnerable !== true || typeof match.criteria !== 'string') return;
  const fields = cpeFields(match.criteria);
  const vendor = cpeValue(fields?.[3]);
  const product = cpeValue(fields?.[4]);
  if (!vendor || !product) return;
  const startIncl = text(match.versionStartIncluding, 100);
  const startExcl = text(match.versionStartExcluding, 100);
  const endIncl = text(match.versionEndIncluding, 100);
  const endExcl = text(match.versionEndExcluding, 100);
  const range = versionRange({
    lower: startIncl ?? startExcl,
    lowerExcluded: startIncl === null && startExcl !== null,
    upper: endExcl ?? endIncl,
    upperIncluded: endExcl === null && endIncl !== null,
  });
  const version = range ?? cpeValue(fields?.[5]);
  out.add('nvd', vendor, product, version ? [version] : []);
}

/** `cpe:2.3:part:vendor:product:version:…` split on unescaped colons, with `\` escapes undone. */
function cpeFields(criteria: string): string[] | null {
  if (!criteria.startsWith('cpe:2.3:') || criteria.length > 1000) return null;
  const fields: string[] = [];
  let field = '';
  for (let i = 0; i < criteria.length; i++) {
    const ch = criteria[i]!;
    if (ch === '\\' && i + 1 < criteria.length) field += criteria[++i];
    else if (ch === ':') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** A CPE field's value; '*' (any) and '-' (not applicable) carry none. */
function cpeValue(field: string | undefined): string | null {
  return field === undefined || field === '*' || field === '-' ? null : text(field, 200);
}
