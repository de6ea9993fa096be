// Starts the front end, the Telegram bot and its sender or console mode, and gives main.ts one
// object to stop. Composition: it joins telegraf, the handlers and the sender with the wiring.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { App } from './app.js';
import { INLINE_PHOTO_KEY, type InlinePhoto } from './format/payload.js';
import { createTelegraf, installHandlers, redactError, registerCommands } from './telegram/bot.js';
import { CONSOLE_CHAT_ID, htmlToConsole, runConsole } from './telegram/console.js';
import { Dispatcher } from './telegram/dispatch.js';
import { fileDownloader, withInputFile } from './telegram/files.js';
import { Sender, type BotTransport } from './telegram/sender.js';
import { INLINE_DOCUMENT_KEY, type InlineDocument, type SearchTimer } from './telegram/types.js';
import { handlerDeps, sendConcurrency, senderDeps, telegramPacing } from './wiring.js';

export interface BotRuntime {
  sender: Sender;
  /** 'polling' | 'webhook' | 'console' | 'down' — for health checks. */
  state(): string;
  stop(): Promise<void>;
}

function launchOptions(app: App) {
  const webhook = app.config.WEBHOOK_URL ? new URL(app.config.WEBHOOK_URL) : null;
  if (!webhook) return { webhook: null, options: {} };
  const options = {
    webhook: {
      domain: webhook.origin,
      path: webhook.pathname,
      host: app.config.WEBHOOK_HOST,
      port: app.config.WEBHOOK_PORT,
      // Telegram sends it back in X-Telegram-Bot-Api-Secret-Token; telegraf rejects updates without it.
      secretToken: app.config.WEBHOOK_SECRET ?? randomBytes(24).toString('hex'),
    },
  };
  return { webhook, options };
}

export async function startTelegramBot(app: App, token: string, searchTimer?: SearchTimer): Promise<BotRuntime> {
  const bot = createTelegraf(token, app.config.TELEGRAM_API_ROOT);
  const transport: BotTransport = {
    call: (method, payload) => bot.telegram.callApi(method as never, withInputFile(payload) as never),
  };
  const sender = new Sender(senderDeps(app, transport, telegramPacing(app), sendConcurrency(app)));
  bot.botInfo = await bot.telegram.getMe();
  const downloadFile = fileDownloader(bot, app.config.FETCH_TIMEOUT_MS);
  installHandlers(bot, { ...handlerDeps(app), sender, searchTimer, downloadFile });
  await registerCommands(bot, app.log);
  sender.start();
  let state = 'starting';
  const { webhook, options } = launchOptions(app);
  bot
    .launch(options, () => (state = webhook ? 'webhook' : 'polling'))
    .then(
      () => (state = state === 'stopping' ? 'stopped' : state),
      (err: unknown) => {
        state = 'down';
        app.log.fatal(
          { err: redactError(err) },
          'Telegram updates stopped (bad token, or another instance is polling with it)',
        );
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

interface ConsoleIo {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  languageCode?: string;
}

/**
 * Prints what the sender would send to Telegram: messages as text, documents inline, and charts
 * written as PNG files under `chartDir` with their path printed (a terminal shows no pictures).
 */
function consoleTransport(output: NodeJS.WritableStream, color: boolean, chartDir: string): BotTransport {
  return {
    async call(_method, payload) {
      const caption = htmlToConsole(String(payload.caption ?? ''), color);
      const doc = payload[INLINE_DOCUMENT_KEY] as InlineDocument | undefined;
      const photo = payload[INLINE_PHOTO_KEY] as InlinePhoto | undefined;
      if (doc) output.write(`${caption}\n--- ${doc.filename} ---\n${doc.text}\n`);
      else if (photo) output.write(`${caption}\n🖼 ${await savePhoto(chartDir, photo)}\n\n`);
      else output.write(`${htmlToConsole(String(payload.text ?? ''), color)}\n\n`);
      return { message_id: 0 };
    },
  };
}

/** Writes the chart beside the database (`<data dir>/charts/`), never over an earlier one; returns its path. */
async function savePhoto(dir: string, photo: InlinePhoto): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stem = basename(photo.filename, '.png');
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? `${stem}.png` : `${stem}-${n}.png`);
    try {
      await writeFile(path, Buffer.from(photo.base64, 'base64'), { flag: 'wx' });
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Console mode: the same handlers on stdin/stdout; alerts and digests print through a console "transport". */
export function startConsoleMode(
  app: App,
  io: ConsoleIo,
  searchTimer?: SearchTimer,
): BotRuntime & { closed: Promise<void> } {
  const color = (io.output as NodeJS.WriteStream).isTTY === true;
  // No flood limits on a terminal.
  const pacing = { globalPerSecond: 1000, privateIntervalMs: 0, groupIntervalMs: 0 };
  const chartDir = join(dirname(app.config.DATABASE_PATH), 'charts');
  const sender = new Sender(senderDeps(app, consoleTransport(io.output, color, chartDir), pacing));
  const common = handlerDeps(app);
  const dispatcher = new Dispatcher({
    ...common,
    settings: { ...common.settings, adminIds: new Set([CONSOLE_CHAT_ID]) },
    isChatAdmin: async () => true,
    resolveChannel: async () => null,
    searchTimer,
  });
  const { closed } = runConsole(dispatcher, {
    input: io.input,
    output: io.output,
    languageCode: io.languageCode,
    color,
  });
  sender.start();
  return { sender, closed, state: () => 'console', stop: () => sender.stop() };
}
