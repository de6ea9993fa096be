// The real bot (telegraf, long polling) against the fake Bot API on 127.0.0.1, over a temp
// database: what the end-to-end bot tests share.
import pino from 'pino';
import type { App } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import { startTelegramBot, type BotRuntime } from '../../src/runtime.js';
import { FAKE_TOKEN, FakeBotApi } from './fake-bot-api.js';
import { tempDb, type TempDb } from './fixtures.js';
import { OFFLINE_SOURCES } from './offline.js';

export interface BotHarness {
  api: FakeBotApi;
  t: TempDb;
  app: App;
  runtime: BotRuntime;
  close(): Promise<void>;
}

/** `seed` runs on the database before the bot starts; `env` adds configuration. */
export async function startBotHarness(env: Record<string, string>, seed?: (t: TempDb) => void): Promise<BotHarness> {
  const api = await new FakeBotApi({ maxPollMs: 200 }).start();
  const t = tempDb();
  seed?.(t);
  const config = parseConfig({
    ...OFFLINE_SOURCES,
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...env,
  });
  const app: App = { config, db: t.db, log: pino({ level: 'silent' }), clock: () => Date.now() };
  const runtime = await startTelegramBot(app, FAKE_TOKEN);
  return {
    api,
    t,
    app,
    runtime,
    async close() {
      await runtime.stop();
      await api.close();
      t.cleanup();
    },
  };
}
