// CVE JSON 5.x records (CVE Program cvelistV5, CISA vulnrichment, the CVE Services API) as a
// CveRecord. Pure. The CNA's container and each ADP's are read alike and keep their origin, so a
// CISA-ADP score never passes for the CNA's own.
import type { AffectedProduct, CveOrigin, CveRecord, CvssScore } from './cve-record.js';
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
  MAX_VERSIONS,
  objects,
  plainText,
  productName,
  text,
  title,
  versionRange,
  type Json,
} from './cve-parse-util.js';

/** The input is not a CVE record (CVE JSON 5) or not an NVD 2.0 response. */
export class CveFormatError extends Error {
  override readonly name = 'CveFormatError';
}

const STATES = new Set(['PUBLISHED', 'REJECTED', 'RESERVED']);
const METRIC_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['cvssV4_0', '4.0'],
  ['cvssV3_1', '3.1'],
  ['cvssV3_0', '3.0'],
  ['cvssV2_0', '2.0'],
];

interface Container {
  c: Json;
  origin: CveOrigin;
  provider: string;
}

export function parseCve5Record(json: unknown): CveRecord {
  if (!isObject(json)) throw new CveFormatError(`CVE record: not a JSON object (${describe(json)})`);
  const meta = metadata(json);
  const id = cveId(meta.cveId);
  if (!id) throw new CveFormatError(`CVE record: cveMetadata.cveId ${describe(meta.cveId)} is not a CVE ID`);
  const state = typeof meta.state === 'string' ? meta.state.trim().toUpperCase() : '';
  if (!STATES.has(state)) throw new CveFormatError(`${id}: state ${describe(meta.state)} is not a CVE record state`);
  const containers = isObject(json.containers) ? json.containers : {};
  const cna = isObject(containers.cna) ? containers.cna : {};
  const record: CveRecord = {
    id,
    source: 'cve5',
    state,
    nvdStatus: null,
    title: null,
    description: '',
    published: isoDate(meta.datePublished),
    updated: isoDate(meta.dateUpdated),
    affected: [],
    scores: [],
    cwes: [],
    references: [],
    kevDateAdded: null,
  };
  // A rejected record keeps only why; a reserved one (CVE Services API) has nothing yet.
  if (state !== 'PUBLISHED') return { ...record, description: plainText(englishValue(cna.rejectedReasons)) };
  const adps = objects(containers.adp);
  const all: Container[] = [
    { c: cna, origin: 'cna', provider: providerOf(cna) ?? text(meta.assignerShortName, 100) ?? '' },
    ...adps.map((c): Container => ({ c, origin: 'adp', provider: providerOf(c) ?? '' })),
  ];
  return {
    ...record,
    title: title(cna.title),
    description: plainText(englishValue(cna.descriptions)),
    affected: affectedOf(all),
    scores: capScores(all.flatMap(scoresOf)),
    cwes: capCwes(all.flatMap((x) => cwesOf(x.c))),
    references: collectReferences(all.flatMap((x) => list(x.c.references))),
    kevDateAdded: adps.map(kevDateOf).find((d) => d !== null) ?? null,
  };
}

function metadata(json: Json): Json {
  const { dataType, dataVersion, cveMetadata } = json;
  if (dataType !== undefined && dataType !== 'CVE_RECORD') {
    throw new CveFormatError(`CVE record: dataType ${describe(dataType)} is not CVE_RECORD`);
  }
  if (dataVersion !== undefined && !/^5(\.|$)/.test(String(dataVersion).slice(0, 10))) {
    throw new CveFormatError(`CVE record: dataVersion ${describe(dataVersion)} is not 5.x`);
  }
  if (!isObject(cveMetadata)) throw new CveFormatError('CVE record: no cveMetadata object');
  return cveMetadata;
}

function providerOf(container: Json): string | null {
  return isObject(container.providerMetadata) ? text(container.providerMetadata.shortName, 100) : null;
}

function affectedOf(containers: Container[]): AffectedProduct[] {
  const out = new AffectedList();
  for (const { c, origin } of containers) for (const entry of list(c.affected)) addAffected(out, origin, entry);
  return out.toArray();
}

/**
 * One CVE 5 `affected[]` entry (NVD's `affectedData[]` has the same shape). A product whose every
 * listed version is unaffected (Cloud NGFW in CVE-2024-3400: "All", unaffected) is left out: it is
 * listed to say it is safe. One listed without versions is kept, its versions unknown.
 */
export function addAffected(out: AffectedList, origin: CveOrigin, entry: unknown): void {
  if (!isObject(entry)) return;
  const product = productName(entry.product) ?? productName(entry.packageName);
  if (!product) return;
  const versions = objects(entry.versions);
  const affected = versions.filter((v) => (v.status ?? entry.defaultStatus) === 'affected');
  const listed =
    affected.length > 0 ||
    entry.defaultStatus === 'affected' ||
    (versions.length === 0 && entry.defaultStatus !== 'unaffected');
  // Only MAX_VERSIONS are kept, so reading further would be work thrown away (Cisco lists hundreds).
  const ranges = affected
    .slice(0, MAX_VERSIONS)
    .map(rangeOf)
    .filter((r): r is string => r !== null);
  if (listed) out.add(origin, productName(entry.vendor) ?? '', product, ranges);
}

// Words CNAs write where a version has nothing to say, and the lower bounds that mean "from the start".
const NO_VERSION = /^(n\/?a|unspecified|unknown|\*|-)$/i;
const OPEN_LOWER = /^(n\/?a|unspecified|unknown|all|\*|-|0(\.0)*)$/i;

/** '10.2.0 to before 10.2.9-h1', '7.0.0 to 7.0.15', 'before 138.0.7204.96', '6.10'. */
function rangeOf(v: Json): string | null {
  const git = v.versionType === 'git';
  // Commit hashes are identifiers, not something a reader compares: 12 characters identify one.
  const clean = (x: unknown) => {
    const s = text(x, 100);
    return s && git && /^[0-9a-f]{13,64}$/i.test(s) ? s.slice(0, 12) : s;
  };
  const version = clean(v.version);
  const lessThan = clean(v.lessThan);
  const upper = lessThan ?? clean(v.lessThanOrEqual);
  const upperIncluded = lessThan === null && upper !== null;
  if (upper === null) return version && !NO_VERSION.test(version) ? version : null;
  const lower = version && !OPEN_LOWER.test(version) ? version : null;
  if (upper === '*') return lower ? `${lower} and later` : 'all versions';
  // Chrome writes {version: X, lessThan: X}: everything before X.
  if (lower === upper) return upperIncluded ? lower : `before ${upper}`;
  // Citrix's versionType 'patch' bounds a build within a release line: {version: '13.1-FIPS', lessThan:
  // '37.164'} is build 13.1-37.164, as the bulletin words it, not a range from 13.1 down to 37.164.
  const line = v.versionType === 'patch' && lower ? /^\d+(\.\d+)*/.exec(lower)?.[0] : undefined;
  const build = line && !upper.startsWith(line) ? `${line}-${upper}` : upper;
  return versionRange({ lower, upper: build, upperIncluded });
}

function scoresOf({ c, origin, provider }: Container): Array<CvssScore | null> {
  return objects(c.metrics).flatMap((m) =>
    METRIC_KEYS.filter(([key]) => key in m).map(([key, version]) =>
      cvssScore({ origin, provider, version, data: m[key] }),
    ),
  );
}

function cwesOf(container: Json): Array<string | null> {
  return objects(container.problemTypes)
    .flatMap((p) => objects(p.descriptions))
    .map((d) => cwe(d.cweId) ?? cwe(d.description, true));
}

function kevDateOf(adp: Json): string | null {
  for (const m of objects(adp.metrics)) {
    const other = isObject(m.other) ? m.other : null;
    const date = other?.type === 'kev' && isObject(other.content) ? isoDate(other.content.dateAdded) : null;
    if (date) return date;
  }
  return null;
}
