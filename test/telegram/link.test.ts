// ApiLink: the bot's own record of whether Telegram answers (issue 13), since telegraf's polling
// retries network errors quietly. One error line per distinct problem, one line on recovery.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import pino from 'pino';
import { createOutboundProxy } from '../../src/net/proxy.js';
import { ApiLink, isUnanswered } from '../../src/telegram/link.js';

function logged() {
  const stream = new PassThrough();
  const lines: Array<{ msg: string; problem?: string; downS?: number }> = [];
  stream.on('data', (c: Buffer) =>
    c
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((l) => lines.push(JSON.parse(l))),
  );
  return { log: pino({ level: 'info' }, stream), lines };
}
const tick = () => new Promise((r) => setImmediate(r));
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7890'), { code: 'ECONNREFUSED' });
const badRequest = Object.assign(new Error('400: Bad Request'), { response: { error_code: 400, description: 'x' } });

test('a network failure is recorded once, kept while it lasts, and cleared with one line on recovery', async () => {
  let now = 1_000_000;
  const { log, lines } = logged();
  const link = new ApiLink(log, () => now, createOutboundProxy('http://u:pw-secret-1@127.0.0.1:7890'));
  assert.equal(link.failed(refused), 'proxy http://127.0.0.1:7890 is unreachable (ECONNREFUSED)');
  now += 30_000;
  link.failed(refused);
  assert.deepEqual(link.current(), {
    problem: 'proxy http://127.0.0.1:7890 is unreachable (ECONNREFUSED)',
    since: 1_000_000,
  });
  now += 15_000;
  link.answered();
  await tick();
  assert.deepEqual(
    lines.map((l) => [l.msg, l.downS ?? l.problem]),
    [
      ['Telegram Bot API unreachable', 'proxy http://127.0.0.1:7890 is unreachable (ECONNREFUSED)'],
      ['Telegram Bot API reachable again', 45],
    ],
  );
  assert.deepEqual(link.current(), { problem: null, since: null });
});

test('a refusal the agent saw earlier does not turn a later 400 into an outage', () => {
  const stale = { label: 'http://127.0.0.1:7890', agent: undefined as never, lastRefusal: () => 'proxy refused: 407' };
  const link = new ApiLink(logged().log, () => 0, stale);
  assert.equal(link.failed(badRequest), null);
  const gateway = Object.assign(new Error('502: Bad Gateway'), { response: { error_code: 502, description: 'x' } });
  assert.equal(link.failed(gateway), 'proxy refused: 407', 'a 5xx right after a refusal is the refusal');
});

test("Telegram's own errors are answers, not outages; after quiet() nothing is recorded", () => {
  const { log } = logged();
  const link = new ApiLink(log, () => 0);
  assert.equal(isUnanswered(badRequest), false);
  assert.equal(isUnanswered(Object.assign(new Error('aborted'), { name: 'AbortError' })), false);
  assert.equal(link.failed(badRequest), null);
  assert.match(link.failed(refused)!, /^no answer from the Bot API \(ECONNREFUSED: connect ECONNREFUSED/);
  link.answered();
  link.quiet();
  assert.equal(link.failed(refused), null);
  assert.equal(link.current().problem, null);
});
