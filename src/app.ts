// Shared start-up for the daemon and the CLI: config → logger → database → migrations →
// feed list. Errors here are the operator's to fix, so they come out as one clear line.
import { readFileSync } from 'node:fs';
import { ConfigError, loadDotEnv, parseConfig, type Config } from './config.js';
import { parseOpml } from './feeds/opml.js';
import { proxyCredentials } from './net/proxy.js';
import { createLogger, type Logger, type LoggerOptions } from './log.js';
import { DatabaseOpenError, migrate, openDatabase, type Db } from './store/db.js';
import { syncFileFeedsEnabled, upsertFeeds } from './store/feeds.js';

export interface App {
  config: Config;
  db: Db;
  log: Logger;
  clock: () => number;
  /** Migrations applied while opening (empty when the schema was current). */
  migrated?: string[];
}

export const EXIT_CONFIG = 2;
export const EXIT_DATABASE = 3;

/** Every secret the config holds is redacted by value from every log line. */
export function loggerOptions(config: Config): LoggerOptions {
  const proxies = [config.TELEGRAM_PROXY, config.FEEDS_PROXY].flatMap((p) => (p ? proxyCredentials(p) : []));
  const secrets = [config.TELEGRAM_BOT_TOKEN, config.WEBHOOK_SECRET, config.LLM_API_KEY, ...proxies];
  return { secrets, format: config.LOG_FORMAT };
}

/** Config and logger only: for commands that never touch the database (`feed test`). */
export function loadRuntime(env: NodeJS.ProcessEnv, opts: { logLevel?: string } = {}): Omit<App, 'db'> {
  loadDotEnv();
  const config = parseConfig(env);
  return {
    config,
    log: createLogger(opts.logLevel ?? config.LOG_LEVEL, loggerOptions(config)),
    clock: () => Date.now(),
  };
}

export function openApp(env: NodeJS.ProcessEnv, opts: { logLevel?: string } = {}): App {
  const { config, log, clock } = loadRuntime(env, opts);
  const db = openDatabase(config.DATABASE_PATH);
  try {
    const migrated = migrate(db, clock());
    return { config, db, log, clock, migrated };
  } catch (err) {
    db.close();
    throw new DatabaseOpenError(config.DATABASE_PATH, err);
  }
}

/** Upserts FEEDS_FILE into the feeds table; a missing or broken file is a config error. */
export function syncFeedsFile(app: App): { added: number; updated: number; total: number } {
  let xml: string;
  try {
    xml = readFileSync(app.config.FEEDS_FILE, 'utf8');
  } catch (err) {
    throw new ConfigError([
      `FEEDS_FILE: cannot read ${app.config.FEEDS_FILE} (${(err as NodeJS.ErrnoException).code ?? err})`,
    ]);
  }
  let specs;
  try {
    specs = parseOpml(xml);
  } catch (err) {
    throw new ConfigError([`FEEDS_FILE: ${app.config.FEEDS_FILE} is ${(err as Error).message}`]);
  }
  const r = upsertFeeds(app.db, specs, 'file', app.clock());
  syncFileFeedsEnabled(
    app.db,
    specs.map((s) => s.url),
  );
  return { ...r, total: specs.length };
}

/** Maps start-up errors to a message and exit code; anything else is a bug and rethrown. */
export function startupFailure(err: unknown): { message: string; code: number } {
  if (err instanceof ConfigError) return { message: err.message, code: EXIT_CONFIG };
  if (err instanceof DatabaseOpenError) return { message: err.message, code: EXIT_DATABASE };
  throw err;
}
