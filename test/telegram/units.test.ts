// Pure pieces of the Telegram layer: error classes, pacing, the rate limiter, command parsing,
// settings parsing, quiet hours.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { quietUntil } from '../../src/news/schedule.js';
import { parseSetting } from '../../src/telegram/commands/settings.js';
import { redactToken } from '../../src/log.js';
import { classifyFailure, toApiFailure } from '../../src/telegram/errors.js';
import { Pacer } from '../../src/telegram/pacer.js';
import { UserRateLimiter } from '../../src/telegram/rate-limit.js';
import type { ChatRow } from '../../src/store/chats.js';

test('Bot API failures are classified by code and description', () => {
  const cases: Array<[number | null, string, object, string]> = [
    [429, 'Too Many Requests: retry after 5', { retryAfterSec: 5 }, 'rate_limited'],
    [502, 'Bad Gateway', {}, 'transient'],
    [null, 'ECONNRESET', {}, 'transient'],
    [403, 'Forbidden: bot was blocked by the user', {}, 'chat_gone'],
    [403, 'Forbidden: user is deactivated', {}, 'chat_gone'],
    [403, 'Forbidden: bot was kicked from the group chat', {}, 'chat_gone'],
    [403, 'Forbidden: bot is not a member of the group chat', {}, 'chat_gone'],
    [403, 'Forbidden: the group chat was deleted', {}, 'chat_gone'],
    [400, 'Bad Request: chat not found', {}, 'chat_gone'],
    [400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrateToChatId: -100 }, 'migrated'],
    [400, 'Bad Request: can\'t parse entities: Unsupported start tag "x"', {}, 'our_bug'],
    [400, 'Bad Request: message is too long', {}, 'our_bug'],
    [400, 'Bad Request: message is not modified', {}, 'not_modified'],
    [401, 'Unauthorized', {}, 'unauthorized'],
    [400, 'Bad Request: message to edit not found', {}, 'rejected'],
  ];
  for (const [code, description, extra, kind] of cases)
    assert.equal(classifyFailure({ code, description, ...extra }), kind, description);
});

test('telegraf errors and network errors become ApiFailure without the token', () => {
  const tg = toApiFailure({ response: { error_code: 429, description: 'x', parameters: { retry_after: 7 } } });
  assert.deepEqual(tg, { code: 429, description: 'x', retryAfterSec: 7, migrateToChatId: undefined });
  const net = toApiFailure(
    Object.assign(
      new Error('request to https://api.telegram.org/bot123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/sendMessage failed'),
      { code: 'ECONNRESET' },
    ),
  );
  assert.equal(net.code, null);
  assert.doesNotMatch(net.description, /AAAAAAAA/);
  assert.equal(redactToken('x 123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA y'), 'x [redacted] y');
});

test('pacing: global spacing, per-chat intervals by chat type, and 429 holds', () => {
  const p = new Pacer({ globalPerSecond: 10, privateIntervalMs: 1000, groupIntervalMs: 3000 });
  p.take(1, 'private', 0);
  assert.equal(p.globalReady(50), false);
  assert.equal(p.globalReady(100), true);
  assert.equal(p.chatReady(1, 999), false);
  assert.equal(p.chatReady(1, 1000), true);
  p.take(2, 'supergroup', 100);
  assert.equal(p.chatReady(2, 3099), false);
  assert.equal(p.chatReady(2, 3100), true);
  p.holdChat(1, 10_000);
  assert.equal(p.readyAt(1, 2000), 10_000);
  p.holdAll(20_000);
  assert.equal(p.readyAt(3, 2000), 20_000);
});

test('the per-user rate limiter answers once, then drops, then recovers', () => {
  const rl = new UserRateLimiter(3, 1);
  assert.deepEqual(
    [0, 0, 0, 0, 0].map(() => rl.check(1, 0)),
    ['ok', 'ok', 'ok', 'warn', 'drop'],
  );
  assert.equal(rl.check(2, 0), 'ok', 'other users are unaffected');
  assert.equal(rl.check(1, 1000), 'ok', 'a token comes back after a second');
});

test('settings parsing validates times, zones, modes and toggles topics', () => {
  const chat = { topics: 'apt' } as ChatRow;
  assert.deepEqual(parseSetting(chat, 'time', '08:30'), { digest_time: '08:30' });
  assert.equal(parseSetting(chat, 'time', '8:30'), 'badTime');
  assert.equal(parseSetting(chat, 'time', '24:00'), 'badTime');
  assert.deepEqual(parseSetting(chat, 'tz', 'Europe/Berlin'), { timezone: 'Europe/Berlin' });
  assert.equal(parseSetting(chat, 'tz', 'Mars/Olympus'), 'badTimezone');
  assert.equal(parseSetting(chat, 'mode', 'hourly'), null);
  assert.deepEqual(parseSetting(chat, 'topic', 'ransomware'), { topics: 'ransomware,apt' });
  assert.deepEqual(parseSetting(chat, 'topic', 'apt'), { topics: '' });
  assert.deepEqual(parseSetting(chat, 'quiet', '23:00-07:00'), { quiet_start: '23:00', quiet_end: '07:00' });
  assert.deepEqual(parseSetting(chat, 'quiet', 'off'), { quiet_start: null, quiet_end: null });
  assert.deepEqual(parseSetting(chat, 'weekly', 'on'), { weekly_day: 'mon' }, 'on: Monday, the default day');
  assert.deepEqual(parseSetting(chat, 'weekly', 'Friday'), { weekly_day: 'fri' });
  assert.deepEqual(parseSetting(chat, 'weekly', 'off'), { weekly_day: null });
  assert.equal(parseSetting(chat, 'weekly', 'someday'), null);
});

test('quiet hours wrap midnight and follow the chat time zone', () => {
  const at = (iso: string) => Date.parse(iso);
  // 23:30 in Shanghai is 15:30 UTC.
  assert.equal(quietUntil(at('2025-01-01T15:30:00Z'), 'Asia/Shanghai', '23:00', '07:00'), at('2025-01-01T23:00:00Z'));
  assert.equal(quietUntil(at('2025-01-01T12:00:00Z'), 'Asia/Shanghai', '23:00', '07:00'), null);
  assert.equal(quietUntil(at('2025-01-01T12:00:00Z'), 'UTC', '09:00', '17:00'), at('2025-01-01T17:00:00Z'));
  assert.equal(quietUntil(at('2025-01-01T12:00:00Z'), 'UTC', null, null), null);
});

test('the paid lane: late wake-ups catch up, and no second ever holds more than the rate', () => {
  const p = new Pacer({ globalPerSecond: 30, privateIntervalMs: 1000, groupIntervalMs: 3000, paidPerSecond: 1000 });
  let seed = 7;
  const random = () => (seed = (seed * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
  const starts: number[] = [];
  // A loop that wakes 1–3 ms apart, as timers do, and sends whatever the lane allows.
  for (let now = 0; now < 10_000; now += 1 + 2 * random()) {
    while (p.globalReady(now, 'paid')) {
      p.take(null, null, now, 'paid');
      starts.push(now);
    }
  }
  let most = 0;
  for (let i = 0, j = 0; i < starts.length; i++) {
    while (starts[i]! - starts[j]! >= 1000) j++;
    most = Math.max(most, i - j + 1);
  }
  assert.ok(most <= 1000, `${most} sends in one second`);
  assert.ok(starts.length / 10 >= 900, `${starts.length / 10} msg/s`);
  assert.equal(p.globalReady(0, 'free'), true, 'the free lane is untouched');
});
