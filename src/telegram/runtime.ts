// Starts the Telegram side (bot + sender) or console mode, and gives main.ts one object to stop.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { summarizerDeps, type App } from '../app.js';
import { decodeFeedBytes } from '../feeds/decode.js';
import { FeedError } from '../feeds/errors.js';
import { fetchFeed } from '../feeds/fetch.js';
import { parseFeedText } from '../feeds/parse.js';
import { createAddressGuard } from '../feeds/ssrf.js';
import type { Telegraf } from 'telegraf';
import { createTelegraf, installHandlers, redactError, registerCommands } from './bot.js';
import { CONSOLE_CHAT_ID, htmlToConsole, runConsole } from './console.js';
import { Dispatcher } from './dispatch.js';
import { Sender, type BotTransport } from './sender.js';
import { INLINE_DOCUMENT_KEY, type BotSettings, type HandlerEnv, type InlineDocument, type SearchTimer } from './types.js';

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

/**
 * Outbox rows stay JSON: a document (an /export) is stored as its text under
 * INLINE_DOCUMENT_KEY and becomes an upload only here. telegraf sends a payload holding
 * { source: Buffer, filename } as multipart/form-data; a retry uploads the same bytes again.
 */
export function withInputFile(payload: Record<string, unknown>): Record<string, unknown> {
  const doc = payload[INLINE_DOCUMENT_KEY] as InlineDocument | undefined;
  if (!doc) return payload;
  const { [INLINE_DOCUMENT_KEY]: _inline, ...rest } = payload;
  return { ...rest, document: { source: Buffer.from(doc.text, 'utf8'), filename: doc.filename } };
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`file is over ${maxBytes} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * getFile, then the download. A local Bot API server (--local) answers with a path on its own
 * disk, which telegraf turns into a file: URL. Error messages never carry the URL (it holds the token).
 */
export function fileDownloader(bot: Telegraf, timeoutMs: number): NonNullable<HandlerEnv['downloadFile']> {
  return async (fileId, maxBytes) => {
    const url = await bot.telegram.getFileLink(fileId);
    if (url.protocol === 'file:') {
      if ((await stat(url)).size > maxBytes) throw new Error(`file is over ${maxBytes} bytes`);
      return readFile(url);
    }
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok || !res.body) throw new Error(`file download answered HTTP ${res.status}`);
    return readCapped(res.body, maxBytes);
  };
}

function pacing(app: App) {
  return { globalPerSecond: app.config.SEND_RATE_PER_SECOND, privateIntervalMs: 1_000, groupIntervalMs: 3_000 };
}

export async function startTelegramBot(app: App, token: string, searchTimer?: SearchTimer): Promise<BotRuntime> {
  const bot = createTelegraf(token, app.config.TELEGRAM_API_ROOT);
  const transport: BotTransport = { call: (method, payload) => bot.telegram.callApi(method as never, withInputFile(payload) as never) };
  const sender = new Sender({ db: app.db, transport, clock: app.clock, log: app.log, pacing: pacing(app), concurrency: app.config.SEND_CONCURRENCY });
  bot.botInfo = await bot.telegram.getMe();
  installHandlers(bot, { db: app.db, clock: app.clock, log: app.log, settings: botSettings(app), sender, validateFeedUrl: feedValidator(app), summarizer: summarizerDeps(app), searchTimer, downloadFile: fileDownloader(bot, app.config.FETCH_TIMEOUT_MS) });
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
  searchTimer?: SearchTimer,
): BotRuntime & { closed: Promise<void> } {
  const color = (io.output as NodeJS.WriteStream).isTTY === true;
  const transport: BotTransport = {
    async call(_method, payload) {
      const doc = payload[INLINE_DOCUMENT_KEY] as InlineDocument | undefined;
      if (doc) io.output.write(`${htmlToConsole(String(payload.caption ?? ''), color)}\n--- ${doc.filename} ---\n${doc.text}\n`);
      else io.output.write(`${htmlToConsole(String(payload.text ?? ''), color)}\n\n`);
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
    searchTimer,
  };
  const { closed } = runConsole(new Dispatcher(env), { input: io.input, output: io.output, languageCode: io.languageCode, color });
  sender.start();
  return { sender, closed, state: () => 'console', stop: () => sender.stop() };
}
