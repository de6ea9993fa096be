// Callback data: what each builder writes its parser reads back, the wire format stays the one
// buttons already in chats carry, and garbled data is null (an expired button), never a throw.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALLBACK_DATA_MAX_BYTES } from '../../src/format/payload.js';
import { CALLBACKS, parseCallback, SETTING_FIELDS } from '../../src/telegram/callbacks.js';
import { parseSetting, settingsView } from '../../src/telegram/commands/settings.js';
import { chatRowOf } from '../helpers/chats.js';

test('every format round-trips: build, then parse, gives back what was built', () => {
  for (const field of SETTING_FIELDS) {
    for (const value of ['08:00', 'America/Los_Angeles', 'x', 'v'.repeat(48)]) {
      const data = CALLBACKS.setting.build(field, value);
      assert.deepEqual(parseCallback(data), { kind: 'setting', field, value }, data);
    }
  }
  for (const [searchId, offset] of [
    [1, 10],
    [999_999_999_999, 490],
    [0, 0],
  ] as const) {
    const data = CALLBACKS.searchPage.build(searchId, offset);
    assert.deepEqual(parseCallback(data), { kind: 'searchPage', searchId, offset }, data);
  }
});

test('the wire format is the one buttons already sent carry', () => {
  assert.equal(CALLBACKS.setting.build('tz', 'Asia/Tokyo'), 'set:tz:Asia/Tokyo');
  assert.equal(CALLBACKS.searchPage.build(12, 20), 's:12:20');
  assert.deepEqual(parseCallback('set:quiet:22:00-07:00'), { kind: 'setting', field: 'quiet', value: '22:00-07:00' });
  assert.deepEqual(parseCallback('set:langs:en,zh'), { kind: 'setting', field: 'langs', value: 'en,zh' });
  assert.deepEqual(parseCallback('s:7:10'), { kind: 'searchPage', searchId: 7, offset: 10 });
});

test('every button of the settings keyboard parses to a change the settings accept', () => {
  const chats = [
    chatRowOf(),
    chatRowOf({
      timezone: 'UTC',
      delivery_mode: 'both',
      content_languages: 'zh',
      topics: 'apt',
      quiet_start: '23:00',
      quiet_end: '08:00',
      ui_language: 'zh',
    }),
  ];
  for (const row of chats) {
    for (const lang of ['en', 'zh'] as const) {
      for (const button of settingsView(row, lang).keyboard!.flat()) {
        const pressed = parseCallback(button.callbackData!);
        assert.equal(pressed?.kind, 'setting', button.callbackData);
        if (pressed?.kind !== 'setting') continue;
        const change = parseSetting(row, pressed.field, pressed.value);
        assert.ok(change !== null && typeof change !== 'string', `${button.callbackData}: ${String(change)}`);
      }
    }
  }
});

test('garbled, foreign or oversized data is null, never a throw', () => {
  const garbled = [
    'set:tz:',
    's:abc:1',
    'zz',
    '',
    's:',
    'set:',
    ':::',
    's:1:',
    's:1:10:',
    's:-1:0',
    's:1234567890123:0',
    's:1:12345',
    'set:__proto__:x',
    'set:empty:note',
    'set:tz:a\nb',
    `set:tz:${'x'.repeat(49)}`,
    'x'.repeat(65),
    `set:tz:${'时'.repeat(20)}`,
    '\u0000',
    'S:1:10',
    'set:TZ:UTC',
  ];
  for (const data of garbled) assert.equal(parseCallback(data), null, JSON.stringify(data));
  // 27 characters, as the value pattern allows, but 67 bytes: over what Telegram takes.
  assert.ok(Buffer.byteLength(`set:tz:${'时'.repeat(20)}`) > CALLBACK_DATA_MAX_BYTES);
});

test('a builder refuses data its parser or Telegram would not take', () => {
  assert.throws(() => CALLBACKS.setting.build('tz', ''), /would not parse back/);
  assert.throws(() => CALLBACKS.setting.build('tz', 'x'.repeat(49)), /would not parse back/);
  assert.throws(() => CALLBACKS.setting.build('tz', '时'.repeat(20)), /would not parse back/);
  assert.throws(() => CALLBACKS.searchPage.build(1, 10_000), /would not parse back/);
  assert.throws(() => CALLBACKS.searchPage.build(-1, 0), /would not parse back/);
  assert.equal(CALLBACKS.setting.build('tz', '时'.repeat(19)).length, 26, '64 bytes is still fine');
});
