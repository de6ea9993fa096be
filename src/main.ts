// Wiring only: config → database → feed list → scheduler; clean stop on SIGINT/SIGTERM.
import { openApp, startupFailure, syncFeedsFile, type App } from './app.js';
import { runIngestCycle } from './feeds/ingest.js';
import { scheduleJob, SerialJob } from './scheduler.js';

function ingestDeps(app: App) {
  const { FETCH_TIMEOUT_MS, FETCH_MAX_BYTES, FETCH_CONCURRENCY } = app.config;
  return { db: app.db, clock: app.clock, log: app.log, fetch: { timeoutMs: FETCH_TIMEOUT_MS, maxBytes: FETCH_MAX_BYTES, concurrency: FETCH_CONCURRENCY } };
}

async function main(): Promise<void> {
  const app = openApp(process.env);
  const feeds = syncFeedsFile(app);
  const deps = ingestDeps(app);
  const ingest = new SerialJob('ingest', () => runIngestCycle(deps), app.log);
  const schedule = scheduleJob(app.config.FETCH_CRON, ingest);
  app.log.info({ feeds: feeds.total, cron: app.config.FETCH_CRON, database: app.config.DATABASE_PATH }, 'secbrief started');
  if (!app.config.TELEGRAM_BOT_TOKEN) {
    process.stdout.write(
      `secbrief is running without Telegram: fetching ${feeds.total} feeds on "${app.config.FETCH_CRON}".\n` +
        'Set TELEGRAM_BOT_TOKEN (from @BotFather) in .env to run the bot. Ctrl+C stops.\n',
    );
  }
  void ingest.trigger(); // first cycle now, not in 20 minutes

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping: waiting for the ingest cycle in flight');
    await schedule.stop();
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
    process.stderr.write(`secbrief: fatal: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  }
});
