// `secbrief cve` as an operator runs it: a real CLI process fetching the record from a loopback
// server, printing the card or JSON, and refusing bad ids with exit 2 and unknown CVEs with exit 1.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { cve5Json, NVD_EMPTY } from './helpers/cve.js';
import { startFeedServer, staticRoute, type FeedServer } from './helpers/feed-server.js';
import { tempDir } from './helpers/fixtures.js';
import { runCli } from './helpers/process.js';

let server: FeedServer;
let env: Record<string, string>;
let dir: string;
const KEY = '0a1b2c3d-4e5f-6789-abcd-ef0123456789';

before(async () => {
  server = await startFeedServer({
    '/cves/2024/47xxx/CVE-2024-47575.json': staticRoute(JSON.stringify(cve5Json()), {
      'content-type': 'application/json',
    }),
    '/nvd': staticRoute(JSON.stringify(NVD_EMPTY), { 'content-type': 'application/json' }),
  });
  dir = tempDir();
  env = {
    DATABASE_PATH: join(dir, 'db.sqlite'),
    CVE_RECORDS_URL: server.url('/cves/{year}/{bucket}xxx/{id}.json'),
    NVD_URL: server.url('/nvd'),
    NVD_API_KEY: KEY,
    LOG_LEVEL: 'debug',
  };
});
after(() => server.close());

test('the card in the terminal, in English or Chinese, and as JSON', async () => {
  const text = await runCli(['cve', 'cve-2024-47575'], env, dir);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^🛡 CVE-2024-47575 · 9\.8 critical — FortiManager missing authentication in fgfmsd/);
  assert.match(text.stdout, /CVSS 3\.1 9\.8 critical CVSS:3\.1\/AV:N/);
  assert.doesNotMatch(text.stdout, /<b>|<code>/, 'plain text, not Telegram HTML');
  const zh = await runCli(['cve', 'CVE-2024-47575', '--lang', 'zh'], env, dir);
  assert.match(zh.stdout, /9\.8 严重/);
  const json = await runCli(['cve', 'CVE-2024-47575', '--json'], env, dir);
  const card = JSON.parse(json.stdout) as { id: string; records: Array<{ source: string }>; pending: boolean };
  assert.equal(card.id, 'CVE-2024-47575');
  assert.deepEqual(
    card.records.map((r) => r.source),
    ['cve5'],
  );
  assert.equal(card.pending, false);
  assert.equal(server.requests.filter((r) => r.path.startsWith('/cves/')).length, 1, 'later runs use the cache');
  for (const r of [text, zh, json]) assert.ok(!`${r.stdout}${r.stderr}`.includes(KEY), 'the API key is never printed');
});

test('a malformed id exits 2 with usage, an unknown CVE exits 1 with one line', async () => {
  const bad = await runCli(['cve', 'CVE-24-1'], env, dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"CVE-24-1" is not a CVE id, e\.g\. CVE-2024-3400/);
  const unknown = await runCli(['cve', 'CVE-2099-0001'], env, dir);
  assert.equal(unknown.code, 1);
  assert.match(
    unknown.stderr,
    /^secbrief: nothing is known about CVE-2099-0001: no record, KEV entry, EPSS score or article\n$/,
  );
});
