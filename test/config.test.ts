import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DEFAULT_FEEDS_FILE, parseConfig } from '../src/config.js';
import { tempDir } from './helpers/fixtures.js';
import { runCli } from './helpers/process.js';

test('defaults apply when nothing is set, and blank values mean "default"', () => {
  const c = parseConfig({ FETCH_TIMEOUT_MS: '' });
  assert.equal(c.DATABASE_PATH, './data/secbrief.db');
  assert.equal(c.FEEDS_FILE, DEFAULT_FEEDS_FILE);
  assert.equal(c.FETCH_CRON, '*/20 * * * *');
  assert.equal(c.FETCH_TIMEOUT_MS, 20_000);
  assert.equal(c.TELEGRAM_BOT_TOKEN, undefined);
  assert.ok(Object.isFrozen(c));
});

test('every invalid variable is named in one error, and secret values are never echoed', () => {
  const secret = 'not-a-token-but-secret-value';
  try {
    parseConfig({
      FETCH_CRON: 'every minute',
      FETCH_TIMEOUT_MS: 'soon',
      FETCH_CONCURRENCY: '0',
      LOG_LEVEL: 'loud',
      TELEGRAM_BOT_TOKEN: secret,
      TELEGRAM_API_ROOT: 'ftp://x',
      MAX_CHAT_FEEDS_TOTAL: '0',
      OUTBOX_KEEP_DAYS: 'week',
    });
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    for (const name of [
      'FETCH_CRON',
      'FETCH_TIMEOUT_MS',
      'FETCH_CONCURRENCY',
      'LOG_LEVEL',
      'TELEGRAM_BOT_TOKEN',
      'TELEGRAM_API_ROOT',
      'MAX_CHAT_FEEDS_TOTAL',
      'OUTBOX_KEEP_DAYS',
    ]) {
      assert.match(err.message, new RegExp(`${name}:`), name);
    }
    assert.equal(err.problems.length, 8);
    assert.doesNotMatch(err.message, new RegExp(secret));
  }
});

test('the CLI exits 2 with one clear message on bad configuration', async () => {
  const dir = tempDir();
  const r = await runCli(['search', 'x'], { FETCH_TIMEOUT_MS: 'soon', DATABASE_PATH: `${dir}/db.sqlite` }, dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^secbrief: invalid configuration:\n {2}- FETCH_TIMEOUT_MS: /);
  assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
});

test('CVE record settings: a template without {id} and a malformed NVD key are refused, the key never echoed', () => {
  assert.throws(
    () => parseConfig({ CVE_RECORDS_URL: 'https://cve.test/records' }),
    /CVE_RECORDS_URL: must contain \{id\}/,
  );
  const key = 'not a key, but secret-looking';
  assert.throws(
    () => parseConfig({ NVD_API_KEY: key }),
    (err: Error) => /NVD_API_KEY: does not look like an NVD API key/.test(err.message) && !err.message.includes(key),
  );
  const c = parseConfig({ CVE_RECORDS_URL: 'off', NVD_URL: 'off' });
  assert.deepEqual([c.CVE_RECORDS_URL, c.NVD_URL, c.CVE_REFRESH_DAYS], ['off', 'off', 7]);
});
