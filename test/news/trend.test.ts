// Stories per local day for /trend and the weekly chart: days in the chat's zone (DST included),
// each story once, the change against the period before, and the command's arguments.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localDays, parseTrendArgs, periodChange, storiesPerDay, TrendArgsError } from '../../src/news/trend.js';

const HOUR = 3_600_000;

test('local days follow the time zone, and a DST day is 25 hours long', () => {
  // 2026-11-01 is the day New York falls back (EDT → EST).
  const now = Date.UTC(2026, 10, 3, 15);
  const ny = localDays(now, 'America/New_York', 7);
  assert.deepEqual(
    ny.map((d) => d.key),
    ['2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03'],
  );
  assert.equal(ny[4]!.end - ny[4]!.start, 25 * HOUR);
  assert.equal(ny[0]!.start, Date.UTC(2026, 9, 28, 4), 'midnight EDT');
  for (let i = 1; i < ny.length; i++) assert.equal(ny[i]!.start, ny[i - 1]!.end, 'days touch');
  const sh = localDays(Date.UTC(2026, 10, 30, 17), 'Asia/Shanghai', 1);
  assert.deepEqual(sh, [{ key: '2026-12-01', start: Date.UTC(2026, 10, 30, 16), end: Date.UTC(2026, 11, 1, 16) }]);
});

test('a story counts once, on its first day in the period, under its first topic', () => {
  const days = localDays(Date.UTC(2026, 10, 30, 12), 'UTC', 3); // 28, 29, 30 Nov
  const at = (day: number, hour = 9) => Date.UTC(2026, 10, day, hour);
  const counted = storiesPerDay(
    [
      { storyId: 1, at: at(29), topic: 'ransomware' },
      { storyId: 1, at: at(28, 23), topic: 'breach' }, // the same story, reported a day earlier elsewhere
      { storyId: 1, at: at(30), topic: 'ransomware' },
      { storyId: 2, at: at(30), topic: 'vuln' },
      { storyId: 3, at: at(27), topic: 'vuln' }, // before the period
      { storyId: 4, at: at(30, 23), topic: 'apt' },
    ],
    days,
    ['ransomware', 'vuln', 'breach'],
  );
  assert.equal(counted.total, 3);
  assert.deepEqual(counted.totals, [1, 0, 2]);
  assert.deepEqual(
    [...counted.byTopic],
    [
      ['ransomware', [0, 0, 0]],
      ['vuln', [0, 0, 1]],
      ['breach', [1, 0, 0]],
      ['apt', [0, 0, 1]],
    ],
  );
});

test('the change against the period before, and none when there was nothing before', () => {
  assert.equal(periodChange(118, 100), 0.18);
  assert.equal(periodChange(50, 100), -0.5);
  assert.equal(periodChange(5, 0), null);
});

test('/trend arguments: a query and an optional 7d, 30d or 90d', () => {
  assert.deepEqual(parseTrendArgs('lockbit 30d'), { query: 'lockbit', days: 30 });
  assert.deepEqual(parseTrendArgs(' 勒索  90d '), { query: '勒索', days: 90 });
  assert.deepEqual(parseTrendArgs('casio ransomware'), { query: 'casio ransomware', days: 30 });
  assert.deepEqual(parseTrendArgs('7D'), { query: null, days: 7 });
  assert.deepEqual(parseTrendArgs(''), { query: null, days: 30 });
  assert.throws(
    () => parseTrendArgs('lockbit 14d'),
    (e: unknown) => e instanceof TrendArgsError && /7d, 30d or 90d/.test(e.message),
  );
});
