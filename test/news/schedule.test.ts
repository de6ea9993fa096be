// Digest times across DST: America/New_York changes twice a year; Asia/Shanghai never does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { duePeriods, localDateKey, zonedTimeToUtc } from '../../src/news/schedule.js';

const iso = (t: number) => new Date(t).toISOString();
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

test('09:00 in New York is 14:00Z in winter and 13:00Z in summer, including both DST days', () => {
  assert.equal(iso(zonedTimeToUtc(2025, 3, 8, minutes('09:00'), 'America/New_York')), '2025-03-08T14:00:00.000Z');
  assert.equal(iso(zonedTimeToUtc(2025, 3, 9, minutes('09:00'), 'America/New_York')), '2025-03-09T13:00:00.000Z');
  assert.equal(iso(zonedTimeToUtc(2025, 11, 1, minutes('09:00'), 'America/New_York')), '2025-11-01T13:00:00.000Z');
  assert.equal(iso(zonedTimeToUtc(2025, 11, 2, minutes('09:00'), 'America/New_York')), '2025-11-02T14:00:00.000Z');
});

test('a time in the spring-forward gap is sent after the gap; a repeated time once, at its first occurrence', () => {
  assert.equal(iso(zonedTimeToUtc(2025, 3, 9, minutes('02:30'), 'America/New_York')), '2025-03-09T07:30:00.000Z');
  assert.equal(iso(zonedTimeToUtc(2025, 11, 2, minutes('01:30'), 'America/New_York')), '2025-11-02T05:30:00.000Z');
});

test('Asia/Shanghai (no DST) is always UTC+8', () => {
  for (const [m, d] of [
    [1, 15],
    [3, 9],
    [7, 1],
    [11, 2],
  ] as const) {
    assert.equal(
      iso(zonedTimeToUtc(2025, m, d, minutes('09:00'), 'Asia/Shanghai')),
      `2025-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T01:00:00.000Z`,
    );
  }
});

test('the local day key follows the zone, not UTC', () => {
  assert.equal(localDateKey(Date.parse('2025-03-09T20:00:00Z'), 'Asia/Shanghai').key, '2025-03-10');
  assert.equal(localDateKey(Date.parse('2025-03-09T20:00:00Z'), 'America/New_York').key, '2025-03-09');
  assert.equal(localDateKey(Date.parse('2025-03-01T12:00:00Z'), 'UTC', -1).key, '2025-02-28');
});

test('due periods: after the local time, less than 12 h late, yesterday included after downtime', () => {
  const ny = 'America/New_York';
  assert.deepEqual(
    duePeriods(Date.parse('2025-03-09T12:59:00Z'), ny, '09:00').map((p) => p.periodKey),
    [],
  );
  assert.deepEqual(
    duePeriods(Date.parse('2025-03-09T13:00:00Z'), ny, '09:00').map((p) => p.periodKey),
    ['2025-03-09'],
  );
  // Down from 23:00 to 00:30 local: yesterday's 23:30 digest is 1 h late and still due.
  assert.deepEqual(
    duePeriods(Date.parse('2025-03-10T04:30:00Z'), ny, '23:30').map((p) => p.periodKey),
    ['2025-03-09'],
  );
  // 13 h late: dropped.
  assert.deepEqual(
    duePeriods(Date.parse('2025-03-10T02:00:00Z'), ny, '09:00').map((p) => p.periodKey),
    [],
  );
});
