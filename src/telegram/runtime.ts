// Starts the Telegram side (bot + sender) or console mode, and gives main.ts one object to stop.
import { randomBytes } from 'node:crypto';
import { summarizerDeps, type App } from '../app.js';
import { decodeFeedBytes } from '../feeds/decode.js';
import { FeedError } from '../feeds/errors.js';
import { fetchFeed } from '../feeds/fetch.js';
import { parseFeedText } from '../feeds/parse.js';
import { createAddressGuard } from '../feeds/ssrf.js';
import { createTelegraf, installHandlers, redactError, registerCommands } from './bot.js';
import { CONSOLE_CHAT_ID, htmlToConsole, runConsole } from './console.js';
import { Dispatcher } from './dispatch.js';
import { Sender, type BotTransport } from './sender.js';
import type { BotSettings, HandlerEnv } from './types.js';

export interface BotRuntime {
  sender: Sender;
  /** 'polling' | 'webhook' | 'console' | 'down' — for health checks. */
  state(): string;
  stop(): Promise<void>;
}

export function botSettings(app: App): BotSettings {
  const c = app.config;
  return { defaultTimezone: c.DEFAULT_TIMEZONE, defaultDigestTime: c.DEFAULT_DIGEST_TIME, adminIds: c.ADMIN_IDS, maxWatchesPerChat: c.MAX_WATCHES_PER_CHAT, digestTopN: c.DIGEST_TOP_N };
}

/** /addfeed: one test fetch through the SSRF guard; the feed must parse. */
export function feedValidator(app: App): HandlerEnv['validateFeedUrl'] {
  const guard = createAddressGuard();
  return async (url) => {
    try {
      const res = await fetchFeed(url, { timeoutMs: app.config.FETCH_TIMEOUT_MS, maxBytes: app.config.FETCH_MAX_BYTES, guard });
      if (res.kind !== 'ok') return { ok: false, reason: 'the server answered 304 to an unconditional request' };
      const feed = await parseFeedText(decodeFeedBytes(res.body, res.contentType).text);
      return { ok: true, title: feed.title?.trim().slice(0, 200) || new URL(url).hostname };
    } catch (err) {
      if (err instanceof FeedError) return { ok: false, reason: err.summary };
      app.log.error({ err, url }, 'feed validation failed unexpectedly');
      return { ok: false, reason: 'internal error while checking the feed' };
    }
  };
}

function pacing(app: App) {
  return { globalPerSecond: app.config.SEND_RATE_PER_SECOND, privateIntervalMs: 1_000, groupIntervalMs: 3_000 };
}

export async function startTelegramBot(app: App, token: string): Promise<BotRuntime> {
  const bot = createTelegraf(token, app.config.TELEGRAM_API_ROOT);
  const transport: BotTransport = { call: (method, payload) => bot.telegram.callApi(method as never, payload as never) };
  const sender = new Sender({ db: app.db, transport, clock: app.clock, log: app.log, pacing: pacing(app), concurrency: app.config.SEND_CONCURRENCY });
  bot.botInfo = await bot.telegram.getMe();
  installHandlers(bot, { db: app.db, clock: app.clock, log: app.log, settings: botSettings(app), sender, validateFeedUrl: feedValidator(app), summarizer: summarizerDeps(app) });
  await registerCommands(bot, app.log);
  sender.start();
  let state = 'starting';
  const webhook = app.config.WEBHOOK_URL ? new URL(app.config.WEBHOOK_URL) : null;
  const launchOptions = webhook
    ? {
        webhook: {
          domain: webhook.origin, path: webhook.pathname, host: app.config.WEBHOOK_HOST, port: app.config.WEBHOOK_PORT,
          // Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; telegraf rejects updates without it.
          secretToken: app.config.WEBHOOK_SECRET ?? randomBytes(24).toString('hex'),
        },
      }
    : {};
  const launched = bot.launch(launchOptions, () => (state = webhook ? 'webhook' : 'polling'));
  launched.then(
    () => (state = state === 'stopping' ? 'stopped' : state),
    (err: unknown) => {
      state = 'down';
      app.log.fatal({ err: redactError(err) }, 'Telegram updates stopped (bad token, or another instance is polling with it)');
    },
  );
  app.log.info({ bot: bot.botInfo.username, mode: webhook ? 'webhook' : 'polling' }, 'Telegram bot started');
  return {
    sender,
    state: () => state,
    async stop() {
      state = 'stopping';
      try {
        bot.stop('shutdown');
      } catch {
        // not running (launch failed): nothing to stop
      }
      await sender.stop();
    },
  };
}

/** Console mode: the same handlers on stdin/stdout; alerts and digests print through a console "transport". */
export function startConsoleMode(
  app: App,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; languageCode?: string },
): BotRuntime & { closed: Promise<void> } {
  const color = (io.output as NodeJS.WriteStream).isTTY === true;
  const transport: BotTransport = {
    async call(_method, payload) {
      io.output.write(`${htmlToConsole(String(payload.text ?? ''), color)}\n\n`);
      return { message_id: 0 };
    },
  };
  const sender = new Sender({ db: app.db, transport, clock: app.clock, log: app.log, pacing: { globalPerSecond: 1000, privateIntervalMs: 0, groupIntervalMs: 0 } });
  const env: HandlerEnv = {
    db: app.db, clock: app.clock, log: app.log, settings: { ...botSettings(app), adminIds: new Set([CONSOLE_CHAT_ID]) },
    isChatAdmin: async () => true,
    resolveChannel: async () => null,
    validateFeedUrl: feedValidator(app),
    summarizer: summarizerDeps(app),
  };
  const { closed } = runConsole(new Dispatcher(env), { input: io.input, output: io.output, languageCode: io.languageCode, color });
  sender.start();
  return { sender, closed, state: () => 'console', stop: () => sender.stop() };
}
