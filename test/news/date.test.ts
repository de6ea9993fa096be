import assert from 'node:assert/strict';
import { test } from 'node:test';
import { effectivePublished, parseFeedDate } from '../../src/news/date.js';

const en = { naiveOffset: 'Z', cstIsChina: false };
const zh = { naiveOffset: '+08:00', cstIsChina: true };
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

test('RFC 822 with numeric offsets and zone names', () => {
  assert.equal(iso(parseFeedDate('Wed, 23 Jul 2025 10:00:00 +0800', en)), '2025-07-23T02:00:00.000Z');
  assert.equal(iso(parseFeedDate('Wed, 23 Jul 2025 10:00:00 EDT', en)), '2025-07-23T14:00:00.000Z');
  assert.equal(iso(parseFeedDate('23 Jul 2025 10:00 GMT', en)), '2025-07-23T10:00:00.000Z');
  assert.equal(iso(parseFeedDate('Sun, 19 May 02 15:21:36 GMT', en)), '2002-05-19T15:21:36.000Z');
});

test('month-first US style with a glued offset', () => {
  assert.equal(iso(parseFeedDate('Jul 23, 2025 00:00:00-0500', en)), '2025-07-23T05:00:00.000Z');
  assert.equal(iso(parseFeedDate('Wednesday, July 23, 2025 10:00 PM', en)), '2025-07-23T22:00:00.000Z');
});

test('naive times are Asia/Shanghai in Chinese feeds and UTC elsewhere; CST follows the feed', () => {
  assert.equal(iso(parseFeedDate('2025-07-23 10:00:00', zh)), '2025-07-23T02:00:00.000Z');
  assert.equal(iso(parseFeedDate('2025-07-23 10:00:00', en)), '2025-07-23T10:00:00.000Z');
  assert.equal(iso(parseFeedDate('2025年07月23日 10:00', zh)), '2025-07-23T02:00:00.000Z');
  assert.equal(iso(parseFeedDate('Wed, 23 Jul 2025 10:00:00 CST', zh)), '2025-07-23T02:00:00.000Z');
  assert.equal(iso(parseFeedDate('Wed, 23 Jul 2025 10:00:00 CST', en)), '2025-07-23T16:00:00.000Z');
});

test('ISO 8601 with fractions and offsets', () => {
  assert.equal(iso(parseFeedDate('2025-07-23T10:00:00.123456Z', en)), '2025-07-23T10:00:00.123Z');
  assert.equal(iso(parseFeedDate('2003-12-13T18:30:02+01:00', en)), '2003-12-13T17:30:02.000Z');
});

test('impossible dates, unknown zones and junk are rejected, not guessed', () => {
  for (const bad of [
    'Tue, 31 Jun 2025 10:00:00 GMT',
    'Mon, 1 Jan 2024 10:00:00 XYZ',
    'garbage',
    '',
    '2025-13-01',
    'x'.repeat(500),
  ]) {
    assert.equal(parseFeedDate(bad, en), null, bad);
  }
});

test('missing dates become first-seen, future dates are clamped to now', () => {
  const now = Date.UTC(2025, 6, 24);
  assert.equal(effectivePublished(null, now), now);
  assert.equal(effectivePublished(now + 86_400_000, now), now);
  assert.equal(effectivePublished(now - 1000, now), now - 1000);
  assert.equal(effectivePublished(Date.UTC(1970, 0, 2), now), now, 'epoch-ish placeholders count as missing');
});
