// A check Telegram did not answer (TelegramUnansweredError) reaches the user as that, for a typed
// command and for a button, never as "admins only" or as the generic internal error; nothing changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { t } from '../../src/format/i18n.js';
import { ensureChat, getChat } from '../../src/store/chats.js';
import { CALLBACKS } from '../../src/telegram/callbacks.js';
import { Dispatcher } from '../../src/telegram/dispatch.js';
import { TelegramUnansweredError } from '../../src/telegram/errors.js';
import type { HandlerEnv } from '../../src/telegram/types.js';
import { botSettingsOf } from '../helpers/chats.js';
import { tempDb } from '../helpers/fixtures.js';

test('a typed command and a settings button in a group, while getChatMember gets no answer', async () => {
  const t0 = tempDb();
  try {
    const log = pino({ level: 'silent' });
    const env: HandlerEnv = {
      db: t0.db,
      clock: () => Date.now(),
      log,
      settings: botSettingsOf([]),
      isChatAdmin: async () => {
        throw new TelegramUnansweredError('getChatMember', new Error('ETIMEDOUT'));
      },
      resolveChannel: async () => null,
      validateFeedUrl: async () => ({ ok: false, reason: 'unused' }),
      summarizer: { db: t0.db, clock: () => Date.now(), log },
    };
    const group = { id: -700, type: 'supergroup' as const, title: 'SOC' };
    ensureChat(t0.db, group, { timezone: 'UTC', digestTime: '09:00' }, Date.now());
    const dispatcher = new Dispatcher(env, 'secbrief_bot');
    const msg = { chat: group, threadId: null, user: { id: 5, languageCode: 'en' }, text: '/settings tz Asia/Tokyo' };
    assert.deepEqual(await dispatcher.handleMessage(msg), [{ html: t('en', 'telegramUnanswered') }]);
    const pressed = await dispatcher.handleCallback(msg, CALLBACKS.setting.build('tz', 'Asia/Tokyo'));
    assert.deepEqual(pressed, { toast: t('en', 'telegramUnanswered') });
    assert.equal(getChat(t0.db, group.id)!.timezone, 'UTC', 'nothing changed');
  } finally {
    t0.cleanup();
  }
});
