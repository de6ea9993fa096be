// Ranking and CVE tags in digests: an exploited (KEV) or likely exploited (EPSS) CVE lifts its
// story, and the tag shows severity, KEV and EPSS.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DigestBuilder } from '../../src/digest/build.js';
import { renderDigest } from '../../src/digest/render.js';
import type { CveBadgeFacts } from '../../src/news/cve-record.js';
import type { AnalysedDoc } from '../../src/store/stories.js';

const NOW = Date.UTC(2026, 8, 29, 8);

const doc = (id: number, cves: string[]): AnalysedDoc => ({
  id,
  feedId: id,
  source: `Feed ${id}`,
  title: `Story ${id}`,
  summary: '',
  bodyText: '',
  url: `https://x.test/${id}`,
  language: 'en',
  // The story without a CVE is the freshest: only the CVE lift can put the others above it.
  published: NOW - (4 - id) * 3_600_000,
  cves,
  storyId: id,
  topics: ['vuln'],
  contentHash: `h${id}`,
  fetchedAt: NOW,
});

const settings = { languages: ['en'], topics: [], topN: 10, uiLanguage: 'en' as const, hiddenFeeds: [] };
const badge = (id: string, over: Partial<CveBadgeFacts>): CveBadgeFacts => ({
  id,
  cvss: null,
  kev: false,
  epss: null,
  ...over,
});

test('KEV lifts a story most, a likely exploitation (EPSS ≥ 0.5) next; a critical score alone does not', () => {
  const docs = [doc(1, ['CVE-2024-0001']), doc(2, ['CVE-2024-0002']), doc(3, ['CVE-2024-0003']), doc(4, [])];
  const badges = new Map([
    ['CVE-2024-0001', badge('CVE-2024-0001', { epss: 0.62 })],
    ['CVE-2024-0002', badge('CVE-2024-0002', { kev: true })],
    ['CVE-2024-0003', badge('CVE-2024-0003', { cvss: { score: 9.8, severity: 'critical' }, epss: 0.004 })],
  ]);
  const model = new DigestBuilder(docs, badges, { start: NOW - 86_400_000, end: NOW, now: NOW }).build(settings);
  assert.deepEqual(
    model.stories.map((s) => s.storyId),
    [2, 1, 4, 3],
  );
  const none = new DigestBuilder(docs, new Map(), { start: NOW - 86_400_000, end: NOW, now: NOW }).build(settings);
  assert.deepEqual(
    none.stories.map((s) => s.storyId),
    [4, 3, 2, 1],
    'without the badges, freshness decides',
  );
  assert.equal(model.exploited, 1);
});

test('the digest shows badges for the CVEs that have facts, most urgent first, and ids for the rest', () => {
  const ids = Array.from({ length: 12 }, (_, i) => `CVE-2024-${String(1000 + i)}`);
  const badges = new Map([
    ['CVE-2024-1003', badge('CVE-2024-1003', { cvss: { score: 10, severity: 'critical' }, kev: true, epss: 0.9434 })],
    ['CVE-2024-1007', badge('CVE-2024-1007', { cvss: { score: 7.5, severity: 'high' } })],
  ]);
  const model = new DigestBuilder([doc(1, ids)], badges, { start: NOW - 86_400_000, end: NOW, now: NOW }).build(
    settings,
  );
  const [text] = renderDigest(model, { lang: 'en', timezone: 'UTC', summaries: new Map(), date: NOW });
  const tags = text!.split('\n').filter((l) => l.includes('🏷'));
  assert.deepEqual(tags, [
    '  🏷 <code>CVE-2024-1003</code> · 10.0 critical · ⚠ KEV · EPSS 94%',
    '  🏷 <code>CVE-2024-1007</code> · 7.5 high',
    '  🏷 <code>CVE-2024-1000</code> <code>CVE-2024-1001</code> <code>CVE-2024-1002</code> ' +
      '<code>CVE-2024-1004</code> <code>CVE-2024-1005</code> <code>CVE-2024-1006</code> +4',
  ]);
  const [zh] = renderDigest(model, { lang: 'zh', timezone: 'UTC', summaries: new Map(), date: NOW });
  assert.match(zh!, /<code>CVE-2024-1003<\/code> · 10\.0 严重 · ⚠ KEV · EPSS 94%/);
});
