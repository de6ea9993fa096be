// Proxy URLs (issue 13): what is accepted, what the rest of the program may see of one (its label,
// never the credentials), and how a failure at the proxy is told apart from one further away.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loggerOptions } from '../../src/app.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import {
  createOutboundProxy,
  describeProxyFailure,
  parseProxyUrl,
  proxyCredentials,
  ProxyUrlError,
} from '../../src/net/proxy.js';
import { PassThrough } from 'node:stream';

test('http, https and socks5 URLs are accepted; the label is scheme://host:port without credentials', () => {
  const cases: Array<[string, string]> = [
    ['http://127.0.0.1:7890', 'http://127.0.0.1:7890'],
    ['https://user:pw@proxy.example.test', 'https://proxy.example.test:443'],
    ['socks5://u:p@127.0.0.1:7891', 'socks5://127.0.0.1:7891'],
    ['socks5h://[::1]', 'socks5h://[::1]:1080'],
    ['http://proxy.example.test/', 'http://proxy.example.test:80'],
  ];
  for (const [raw, label] of cases) assert.equal(createOutboundProxy(raw).label, label, raw);
});

test('a bad proxy URL is refused with a reason that never repeats the URL', () => {
  for (const raw of [
    'ftp://u:hunter2secret@h:21',
    'hunter2secret',
    'http://u:hunter2secret@h:80/path',
    'socks4://h:1',
  ]) {
    assert.throws(
      () => parseProxyUrl(raw),
      (e: Error) => e instanceof ProxyUrlError && !e.message.includes('hunter2secret'),
      raw,
    );
  }
  assert.throws(
    () => parseConfig({ TELEGRAM_PROXY: 'ftp://u:hunter2secret@h', FEEDS_PROXY: 'nonsense-hunter2secret' }),
    (e: ConfigError) =>
      e.problems.length === 2 &&
      e.problems[0]!.startsWith('TELEGRAM_PROXY: must start with http://') &&
      e.problems[1]!.startsWith('FEEDS_PROXY: is not a URL') &&
      !e.message.includes('hunter2secret'),
  );
});

test('FEEDS_DIRECT_LANGUAGES is a list of language codes', () => {
  assert.deepEqual([...parseConfig({ FEEDS_DIRECT_LANGUAGES: 'zh, JA' }).FEEDS_DIRECT_LANGUAGES], ['zh', 'ja']);
  assert.equal(parseConfig({}).FEEDS_DIRECT_LANGUAGES.size, 0);
  assert.throws(() => parseConfig({ FEEDS_DIRECT_LANGUAGES: 'chinese!' }), /FEEDS_DIRECT_LANGUAGES/);
});

test('proxy credentials never reach a log line, short password or not, encoded or not', () => {
  const chunks: string[] = [];
  const destination = new PassThrough();
  destination.on('data', (c: Buffer) => chunks.push(c.toString()));
  const config = parseConfig({
    TELEGRAM_PROXY: 'socks5://ops:p%40ss@127.0.0.1:1080',
    FEEDS_PROXY: 'http://feeds:long-Feeds-Secret@10.1.2.3:3128',
  });
  const log = createLogger('info', { ...loggerOptions(config), destination });
  log.error({ err: new Error('request via http://feeds:long-Feeds-Secret@10.1.2.3:3128 failed') }, 'fetch failed');
  log.warn({ proxy: config.TELEGRAM_PROXY }, 'the whole setting, by mistake');
  log.info('a line with ops:p@ss in it, and long-Feeds-Secret alone');
  const text = chunks.join('');
  assert.match(text, /fetch failed/);
  for (const leak of ['long-Feeds-Secret', 'p%40ss', 'ops:p@ss', 'feeds:long']) assert.ok(!text.includes(leak), leak);
  assert.match(text, /http:\/\/\[redacted\]@10\.1\.2\.3:3128/);
  assert.deepEqual(proxyCredentials('http://127.0.0.1:3128'), []);
});

test('failures at the proxy are named; others are left to the caller', () => {
  const proxy = createOutboundProxy('http://u:secret-pass@127.0.0.1:3128');
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3128'), { code: 'ECONNREFUSED' });
  assert.equal(describeProxyFailure(refused, proxy), 'proxy http://127.0.0.1:3128 is unreachable (ECONNREFUSED)');
  // node-fetch wraps the socket error; the code is on the wrapper as `code` and in the message.
  const wrapped = Object.assign(new Error('request to http://x/ failed, reason: connect ETIMEDOUT 127.0.0.1:3128'), {
    name: 'FetchError',
  });
  assert.equal(describeProxyFailure(wrapped, proxy), 'proxy http://127.0.0.1:3128 is unreachable (ETIMEDOUT)');
  const socks = createOutboundProxy('socks5://127.0.0.1:1080');
  assert.equal(
    describeProxyFailure(new Error('Socks5 Authentication failed'), socks),
    'proxy socks5://127.0.0.1:1080: Socks5 Authentication failed',
  );
  assert.equal(describeProxyFailure(new Error('invalid json response body'), proxy), null);
});
