// Starts the front end, the Telegram bot and its sender or console mode, and gives main.ts one
// object to stop. Composition: it joins telegraf, the handlers and the sender with the wiring.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { App } from './app.js';
import { INLINE_PHOTO_KEY, type InlinePhoto } from './format/payload.js';
import { setTimeout as delay } from 'node:timers/promises';
import type { Telegraf } from 'telegraf';
import type { OutboundProxy } from './net/proxy.js';
import { createTelegraf, installHandlers, redactError, registerCommands } from './telegram/bot.js';
import { ApiLink, isUnanswered, observeApi } from './telegram/link.js';
import { CONSOLE_CHAT_ID, htmlToConsole, runConsole } from './telegram/console.js';
import { Dispatcher } from './telegram/dispatch.js';
import { fileDownloader, inlinePhotoBytes } from './telegram/files.js';
import { reusingUploads } from './telegram/uploads.js';
import { photoBytes, photoStore } from './store/photos.js';
import { Sender, type BotTransport } from './telegram/sender.js';
import { INLINE_DOCUMENT_KEY, type InlineDocument, type SearchTimer } from './telegram/types.js';
import { handlerDeps, sendConcurrency, senderDeps, telegramPacing, telegramProxy } from './wiring.js';

export interface BotRuntime {
  sender: Sender;
  /** 'polling' | 'webhook' | 'console' | 'unreachable' | 'down' — for health checks. */
  state(): string;
  /** Why the Bot API is not answering (network, proxy), while that lasts. */
  problem(): string | null;
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

/** getMe again after a network failure at start-up: 5 s, doubling to 5 minutes. */
const RECONNECT_MIN_MS = 5_000;
const RECONNECT_MAX_MS = 300_000;

type BotInfo = NonNullable<Telegraf['botInfo']>;

/**
 * Tries getMe until Telegram answers. A wrong token (401) is the operator's to fix: it rejects, and
 * start-up fails with it. No answer at all (the network, the proxy) keeps trying, for ever, while
 * the feeds are fetched and /healthz says why the bot is not there yet.
 */
function reachTelegram(bot: Telegraf, link: ApiLink, stopped: () => boolean): Promise<BotInfo | null> {
  return new Promise((resolve, reject) => {
    const attempt = (delayMs: number) => {
      bot.telegram.getMe().then(resolve, (err: unknown) => {
        if (stopped()) return resolve(null);
        if (!isUnanswered(err)) return reject(err);
        const next = Math.min(delayMs * 2, RECONNECT_MAX_MS);
        setTimeout(() => (stopped() ? resolve(null) : attempt(next)), delayMs).unref();
      });
    };
    attempt(RECONNECT_MIN_MS);
  });
}

export async function startTelegramBot(app: App, token: string, searchTimer?: SearchTimer): Promise<BotRuntime> {
  const proxy = telegramProxy(app);
  const bot = createTelegraf(token, app.config.TELEGRAM_API_ROOT, proxy?.agent);
  const link = new ApiLink(app.log, app.clock, proxy);
  observeApi(bot, link);
  const transport = reusingUploads(
    (method, payload) => bot.telegram.callApi(method as never, payload as never),
    photoStore(app.db, app.clock),
  );
  const sender = new Sender(senderDeps(app, transport, telegramPacing(app), sendConcurrency(app)));
  let state = 'starting';
  const stopped = () => state === 'stopping';
  // launch() resolves when polling ends, and in webhook mode as soon as the hook is set: only the
  // former, after stop(), means stopped. Nothing else changes the state once stopping.
  const moveTo = (next: string) => {
    if (next === 'ended') state = stopped() ? 'stopped' : state;
    else if (!stopped()) state = next;
  };
  const begin = (me: BotInfo) => {
    bot.botInfo = me;
    state = 'starting';
    return launchBot(app, bot, { sender, searchTimer, proxy }, moveTo);
  };
  const reached = reachTelegram(bot, link, stopped);
  // The first answer decides how start-up goes: a bad token fails it, no answer only delays the bot.
  const first = await Promise.race([
    reached,
    delay(RECONNECT_MIN_MS / 2, undefined, { ref: false }).then(() => 'waiting' as const),
  ]);
  if (first === 'waiting') {
    state = 'unreachable';
    app.log.warn({ problem: link.current().problem }, 'Telegram not reachable yet; fetching feeds meanwhile');
    reached.then((me) => me && begin(me)).catch((err: unknown) => fatalLaunch(app, err, (s) => (state = s)));
  } else if (first) await begin(first);
  return {
    sender,
    state: () => state,
    problem: () => link.current().problem,
    async stop() {
      state = 'stopping';
      link.quiet(); // the last getUpdates of a shutdown may find the API gone: not an outage
      try {
        bot.stop('shutdown');
      } catch {
        // not running (launch failed or never reached Telegram): nothing to stop
      }
      await sender.stop();
    },
  };
}

function fatalLaunch(app: App, err: unknown, setState: (s: string) => void): void {
  setState('down');
  app.log.fatal(
    { err: redactError(err) },
    'Telegram updates stopped (bad token, or another instance is polling with it)',
  );
}

/** Handlers, the command menu, the sender and the update loop, once getMe has answered. */
async function launchBot(
  app: App,
  bot: Telegraf,
  parts: { sender: Sender; searchTimer?: SearchTimer; proxy?: OutboundProxy },
  setState: (s: string) => void,
): Promise<void> {
  const { sender, searchTimer, proxy } = parts;
  const downloadFile = fileDownloader(bot, app.config.FETCH_TIMEOUT_MS, proxy?.agent);
  installHandlers(bot, { ...handlerDeps(app), sender, searchTimer, downloadFile });
  await registerCommands(bot, app.log);
  sender.start();
  const { webhook, options } = launchOptions(app);
  bot
    .launch(options, () => setState(webhook ? 'webhook' : 'polling'))
    .then(
      () => setState('ended'),
      (err: unknown) => fatalLaunch(app, err, setState),
    );
  app.log.info({ bot: bot.botInfo?.username, mode: webhook ? 'webhook' : 'polling' }, 'Telegram bot started');
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
function consoleTransport(
  output: NodeJS.WritableStream,
  color: boolean,
  chartDir: string,
  photos: (sha256: string) => Buffer | undefined,
): BotTransport {
  return {
    async call(_method, payload) {
      const caption = htmlToConsole(String(payload.caption ?? ''), color);
      const doc = payload[INLINE_DOCUMENT_KEY] as InlineDocument | undefined;
      const photo = payload[INLINE_PHOTO_KEY] as InlinePhoto | undefined;
      if (doc) output.write(`${caption}\n--- ${doc.filename} ---\n${doc.text}\n`);
      else if (photo) output.write(`${caption}\n🖼 ${await savePhoto(chartDir, photo, photos)}\n\n`);
      else output.write(`${htmlToConsole(String(payload.text ?? ''), color)}\n\n`);
      return { message_id: 0 };
    },
  };
}

/** Writes the chart beside the database (`<data dir>/charts/`), never over an earlier one; returns its path. */
async function savePhoto(
  dir: string,
  photo: InlinePhoto,
  photos: (sha256: string) => Buffer | undefined,
): Promise<string> {
  const png = inlinePhotoBytes(photo, photos);
  await mkdir(dir, { recursive: true });
  const stem = basename(photo.filename, '.png');
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? `${stem}.png` : `${stem}-${n}.png`);
    try {
      await writeFile(path, png, { flag: 'wx' });
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
  const sender = new Sender(
    senderDeps(
      app,
      consoleTransport(io.output, color, chartDir, (sha256) => photoBytes(app.db, sha256)),
      pacing,
    ),
  );
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
  return { sender, closed, state: () => 'console', problem: () => null, stop: () => sender.stop() };
}
