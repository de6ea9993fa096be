// Config → sender settings: how many sends may be in flight, and the paid-broadcast lane.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { App } from '../src/app.js';
import { ConfigError, parseConfig } from '../src/config.js';
import { sendConcurrency, telegramPacing } from '../src/wiring.js';

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
