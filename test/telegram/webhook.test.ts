// Webhook mode: telegraf serves the hook; updates without Telegram's secret header are refused.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import pino from 'pino';
import { parseConfig } from '../../src/config.js';
import { startTelegramBot } from '../../src/runtime.js';
import { FAKE_TOKEN, FakeBotApi } from '../helpers/fake-bot-api.js';
import { OFFLINE_SOURCES } from '../helpers/offline.js';
import { tempDb } from '../helpers/fixtures.js';

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test('webhook mode registers the hook with a secret and rejects updates without it', async () => {
  const api = await new FakeBotApi().start();
  const t = tempDb();
  const port = await freePort();
  const secret = 'S3cret_token_for_tests_0123456789';
  const config = parseConfig({
    ...OFFLINE_SOURCES,
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    WEBHOOK_URL: 'https://bot.example.test/tg/hook',
    WEBHOOK_SECRET: secret,
    WEBHOOK_PORT: String(port),
  });
  const runtime = await startTelegramBot(
    { config, db: t.db, log: pino({ level: 'silent' }), clock: Date.now },
    FAKE_TOKEN,
  );
  try {
    for (let i = 0; i < 100 && !api.calls.some((c) => c.method === 'setWebhook'); i++)
      await new Promise((r) => setTimeout(r, 20));
    const hook = api.calls.find((c) => c.method === 'setWebhook')!;
    assert.equal(hook.payload.url, 'https://bot.example.test/tg/hook');
    assert.equal(hook.payload.secret_token, secret);
    assert.equal(runtime.state(), 'webhook');
    const update = (id: number) =>
      JSON.stringify({
        update_id: id,
        message: {
          message_id: 1,
          date: 0,
          chat: { id: 31, type: 'private' },
          from: { id: 31, is_bot: false, first_name: 'u' },
          text: '/help',
        },
      });
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const forged = await post(update(1), { 'x-telegram-bot-api-secret-token': 'wrong' });
    assert.equal(forged.status, 403);
    const missing = await post(update(2), {});
    assert.equal(missing.status, 403);
    const real = await post(update(3), { 'x-telegram-bot-api-secret-token': secret });
    assert.equal(real.status, 200);
    for (let i = 0; i < 100 && !api.sent().length; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(api.sent().length, 1, 'only the genuine update was answered');
    assert.equal(api.sent()[0]!.payload.chat_id, 31);
  } finally {
    await runtime.stop();
    await api.close();
    t.cleanup();
  }
});
