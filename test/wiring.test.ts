// Config → dependencies: how many sends may be in flight, the paid-broadcast lane, and which fetches use which proxy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { App } from '../src/app.js';
import { ConfigError, parseConfig } from '../src/config.js';
import {
  cveRecordDeps,
  epssDeps,
  ingestDeps,
  kevDeps,
  sendConcurrency,
  telegramPacing,
  telegramProxy,
} from '../src/wiring.js';

const app = (env: Record<string, string>) => ({ config: parseConfig(env) }) as unknown as App;

test('in flight: 16 by default, 0.4 s of the paid rate with paid broadcasts, or as set', () => {
  assert.equal(sendConcurrency(app({})), 16);
  assert.equal(sendConcurrency(app({ PAID_BROADCAST_PER_SECOND: '1000' })), 400);
  assert.equal(sendConcurrency(app({ PAID_BROADCAST_PER_SECOND: '20' })), 16);
  assert.equal(sendConcurrency(app({ PAID_BROADCAST_PER_SECOND: '1000', SEND_CONCURRENCY: '50' })), 50);
  assert.equal(sendConcurrency(app({ SEND_CONCURRENCY: '1' })), 1);
});

test('paid broadcasts are off unless set, and capped at Telegram’s 1000/s', () => {
  assert.equal(telegramPacing(app({})).paidPerSecond, 0);
  assert.equal(telegramPacing(app({ PAID_BROADCAST_PER_SECOND: '500' })).paidPerSecond, 500);
  assert.throws(
    () => parseConfig({ PAID_BROADCAST_PER_SECOND: '5000' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /PAID_BROADCAST_PER_SECOND/);
      return true;
    },
  );
  assert.throws(() => parseConfig({ SEND_CONCURRENCY: '0' }), /SEND_CONCURRENCY/);
});

test('FEEDS_PROXY reaches feeds, KEV, EPSS and CVE records; TELEGRAM_PROXY only the bot; unset means direct', () => {
  const env = { FEEDS_PROXY: 'socks5://127.0.0.1:7891', TELEGRAM_PROXY: 'http://127.0.0.1:7890' };
  const withDb = (e: Record<string, string>) => ({ ...app(e), db: null, clock: () => 0, log: null }) as unknown as App;
  const on = withDb(env);
  assert.equal(ingestDeps(on).proxy?.via.label, 'socks5://127.0.0.1:7891');
  assert.equal(kevDeps(on)?.fetch.proxy?.label, 'socks5://127.0.0.1:7891');
  assert.equal(epssDeps(on)?.fetch.proxy?.label, 'socks5://127.0.0.1:7891');
  assert.equal(cveRecordDeps(on)?.fetch.proxy?.label, 'socks5://127.0.0.1:7891');
  assert.equal(telegramProxy(on)?.label, 'http://127.0.0.1:7890');
  const off = withDb({});
  assert.equal(ingestDeps(off).proxy, undefined);
  assert.equal(kevDeps(off)?.fetch.proxy, undefined);
  assert.equal(telegramProxy(off), undefined);
});
