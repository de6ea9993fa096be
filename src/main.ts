// Wiring only: config → database → feed list → health/metrics endpoint → Telegram bot (or
// console mode) → scheduler. The shutdown order is in stopAll below.
import { openApp, startupFailure, syncFeedsFile, type App } from './app.js';
import { ConfigError } from './config.js';
import { checkHealth } from './http/health.js';
import { lastSuccessfulCycleAt } from './store/cycles.js';
import { startHttpServer, type HttpServer } from './http/server.js';
import { ingestAndNotify, maintain, planDigests } from './jobs.js';
import { Metrics } from './metrics.js';
import { scheduleJob, SerialJob, type Schedule } from './scheduler.js';
import { pendingCount } from './store/outbox.js';
import { redactToken } from './log.js';
import { startConsoleMode, startTelegramBot, type BotRuntime } from './runtime.js';
import { healthDeps } from './wiring.js';

function consoleBanner(feeds: number, cron: string, quiet: boolean): string {
  return [
    `secbrief — console mode. Fetching ${feeds} feed${feeds === 1 ? '' : 's'} now and on "${cron}".`,
    'Type /help, /search ransomware, /search 勒索, /latest or /watch casio. Ctrl+C quits.',
    'To run the Telegram bot instead: Set TELEGRAM_BOT_TOKEN=<token from @BotFather> in .env and restart.',
    ...(quiet ? ['Logs show errors only here; /sources shows feed health, LOG_LEVEL=info shows everything.'] : []),
    '',
  ].join('\n');
}

async function startFrontEnd(app: App, feeds: number, metrics: Metrics): Promise<BotRuntime> {
  const token = app.config.TELEGRAM_BOT_TOKEN;
  if (token) return startTelegramBot(app, token, metrics);
  // Someone typing at the prompt should not have it buried under per-feed log lines; an
  // explicit LOG_LEVEL (shell or .env) always wins, and piped/non-interactive runs keep info.
  const quiet = process.stdin.isTTY === true && process.env.LOG_LEVEL === undefined;
  if (quiet) app.log.level = 'error';
  process.stdout.write(consoleBanner(feeds, app.config.FETCH_CRON, quiet));
  return startConsoleMode(
    app,
    { input: process.stdin, output: process.stdout, languageCode: process.env.LANG },
    metrics,
  );
}

/** /healthz and /metrics, unless HTTP_PORT=off. A port already taken is a start-up error (exit 2). */
async function startOperations(
  app: App,
  metrics: Metrics,
  startedAt: number,
  runtime: () => BotRuntime | null,
): Promise<HttpServer | null> {
  const { HTTP_HOST: host, HTTP_PORT: port } = app.config;
  if (port === null) return null;
  const health = healthDeps(app, startedAt, () => {
    const r = runtime();
    return { state: r ? r.state() : 'starting', fatal: r?.sender.fatal ?? null, problem: r?.problem() ?? null };
  });
  let server: HttpServer;
  try {
    server = await startHttpServer(
      { host, port, log: app.log },
      { health: () => checkHealth(health), metrics: () => metrics.render() },
    );
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code ?? String(err);
    throw new ConfigError([
      `HTTP_PORT: cannot listen on ${host}:${port} (${code}); choose another port, or set HTTP_PORT=off`,
    ]);
  }
  app.log.info(
    { url: `http://${host.includes(':') ? `[${host}]` : host}:${server.port}` },
    'health and metrics endpoint listening',
  );
  return server;
}

/**
 * Shutdown, in this order:
 * 1. the cron jobs, waiting for a cycle in flight, so nothing new is queued;
 * 2. Telegram: stop polling (or the webhook), then let in-flight sends finish (bounded);
 * 3. the HTTP endpoint: it stays up until here so a supervisor or scraper can watch the drain,
 *    and closes before the database so no request reads a closed handle;
 * 4. the database.
 */
async function stopAll(app: App, schedules: Schedule[], runtime: BotRuntime, http: HttpServer | null): Promise<void> {
  await Promise.all(schedules.map((s) => s.stop()));
  await runtime.stop();
  await http?.close();
  app.db.close();
}

async function main(): Promise<void> {
  const app = openApp(process.env);
  const startedAt = app.clock();
  const feeds = syncFeedsFile(app);
  const metrics = new Metrics({
    outboxPending: () => pendingCount(app.db),
    lastSuccessAt: () => lastSuccessfulCycleAt(app.db),
    paidBroadcastPerSecond: app.config.PAID_BROADCAST_PER_SECOND,
  });
  let runtime: BotRuntime | null = null;
  const http = await startOperations(app, metrics, startedAt, () => runtime);
  const front = (runtime = await startFrontEnd(app, feeds.total, metrics));
  front.sender.observe(metrics.onSend);
  const wake = (queued: number) => queued > 0 && front.sender.wake();
  const ingest = new SerialJob('ingest', async () => wake((await ingestAndNotify(app, { metrics })).queued), app.log);
  const digests = new SerialJob('digest', async () => wake(await planDigests(app, metrics)), app.log);
  const maintenance = new SerialJob('maintenance', () => maintain(app), app.log);
  // Retention runs at 04:17 server time: off the hour, away from most digest times.
  const schedules = [
    scheduleJob(app.config.FETCH_CRON, ingest),
    scheduleJob('* * * * *', digests),
    scheduleJob('17 4 * * *', maintenance),
  ];
  app.log.info(
    { feeds: feeds.total, cron: app.config.FETCH_CRON, database: app.config.DATABASE_PATH },
    'secbrief started',
  );
  void ingest.trigger(); // first cycle now, not in 20 minutes

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    let code = 0;
    try {
      await stopAll(app, schedules, front, http);
      app.log.info('stopped');
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      code = 1;
    }
    process.exit(code);
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
