// The real bot (telegraf, long polling) against the fake Bot API on 127.0.0.1, over a temp
// database: what the end-to-end bot tests share.
import pino from 'pino';
import { loggerOptions, type App } from '../../src/app.js';
import { createLogger } from '../../src/log.js';
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

/**
 * `seed` runs on the database before the bot starts; `env` adds configuration. With `logTo`, log
 * lines go there through the product's own logger and redaction (loggerOptions), else nowhere.
 */
export async function startBotHarness(
  env: Record<string, string>,
  seed?: (t: TempDb) => void,
  logTo?: NodeJS.WritableStream,
): Promise<BotHarness> {
  const api = await new FakeBotApi({ maxPollMs: 200 }).start();
  const t = tempDb();
  seed?.(t);
  const config = parseConfig({
    ...OFFLINE_SOURCES,
    TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...env,
  });
  const log = logTo
    ? createLogger('info', { ...loggerOptions(config), destination: logTo })
    : pino({ level: 'silent' });
  const app: App = { config, db: t.db, log, clock: () => Date.now() };
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
