// Wiring only: config → database → feed list → scheduler → Telegram bot (or console mode);
// on SIGINT/SIGTERM: stop the cron job (waiting for a cycle in flight), stop updates, let
// in-flight sends finish (bounded), close the database.
import { openApp, startupFailure, syncFeedsFile, type App } from './app.js';
import { ingestAndNotify, planDigests } from './jobs.js';
import { scheduleJob, SerialJob } from './scheduler.js';
import { redactToken } from './telegram/errors.js';
import { startConsoleMode, startTelegramBot, type BotRuntime } from './telegram/runtime.js';

function consoleBanner(feeds: number, cron: string): string {
  return [
    `secbrief — console mode. Fetching ${feeds} feed${feeds === 1 ? '' : 's'} now and on "${cron}".`,
    'Type /help, /search ransomware, /search 勒索, /latest or /watch casio. Ctrl+C quits.',
    'To run the Telegram bot instead: Set TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env and restart.',
    '',
  ].join('\n');
}

async function startFrontEnd(app: App, feeds: number): Promise<BotRuntime> {
  const token = app.config.TELEGRAM_BOT_TOKEN;
  if (token) return startTelegramBot(app, token);
  process.stdout.write(consoleBanner(feeds, app.config.FETCH_CRON));
  return startConsoleMode(app, { input: process.stdin, output: process.stdout, languageCode: process.env.LANG });
}

async function main(): Promise<void> {
  const app = openApp(process.env);
  const feeds = syncFeedsFile(app);
  const runtime = await startFrontEnd(app, feeds.total);
  const wake = (queued: number) => queued > 0 && runtime.sender.wake();
  const ingest = new SerialJob('ingest', async () => wake((await ingestAndNotify(app)).queued), app.log);
  const digests = new SerialJob('digest', async () => wake(await planDigests(app)), app.log);
  const schedules = [scheduleJob(app.config.FETCH_CRON, ingest), scheduleJob('* * * * *', digests)];
  app.log.info({ feeds: feeds.total, cron: app.config.FETCH_CRON, database: app.config.DATABASE_PATH }, 'secbrief started');
  void ingest.trigger(); // first cycle now, not in 20 minutes

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await Promise.all(schedules.map((s) => s.stop()));
    await runtime.stop();
    app.db.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  try {
    const { message, code } = startupFailure(err);
    process.stderr.write(`secbrief: ${message}\n`);
    process.exit(code);
  } catch {
    process.stderr.write(`secbrief: fatal: ${redactToken((err as Error)?.message ?? String(err))}\n`);
    process.exit(1);
  }
});
