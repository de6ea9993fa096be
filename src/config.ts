// Configuration from the environment, validated once at start-up. The result is a frozen
// plain object passed down explicitly: no module reads process.env on its own.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validate as validateCron } from 'node-cron';
import { z } from 'zod';
import { parseProxyUrl, ProxyUrlError } from './net/proxy.js';
import { isValidTimezone } from './news/timezone.js';

// CISA's Known Exploited Vulnerabilities catalogue (JSON).
export const DEFAULT_KEV_URL = 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
export const DEFAULT_EPSS_URL = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';
// CVE records: the CVE Program's cvelistV5 on GitHub ({id}, {year}, {bucket} = number / 1000), and NVD API 2.0.
export const DEFAULT_CVE_RECORDS_URL =
  'https://raw.githubusercontent.com/CVEProject/cvelistV5/main/cves/{year}/{bucket}xxx/{id}.json';
export const DEFAULT_NVD_URL = 'https://services.nvd.nist.gov/rest/json/cves/2.0';
export const DEFAULT_FEEDS_FILE = fileURLToPath(new URL('../feeds/default-feeds.opml', import.meta.url));

const intInRange = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A proxy URL, checked here; the value is never echoed in the error (it may carry a password). */
const proxyUrl = () =>
  z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        parseProxyUrl(v);
      } catch (err) {
        if (!(err instanceof ProxyUrlError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.message });
      }
    });

const languageList = () =>
  z
    .string()
    .default('')
    .refine((v) => /^\s*([a-z]{2,3}\s*(,\s*[a-z]{2,3}\s*)*)?$/i.test(v), 'must be language codes like zh or zh,ja')
    .transform(
      (v) =>
        new Set(
          v
            .split(',')
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean),
        ),
    );

const schema = z
  .object({
    DATABASE_PATH: z.string().min(1).default('./data/secbrief.db'),
    FEEDS_FILE: z.string().min(1).default(DEFAULT_FEEDS_FILE),
    FETCH_CRON: z
      .string()
      .default('*/20 * * * *')
      .refine((v) => validateCron(v), 'is not a valid cron expression'),
    FETCH_TIMEOUT_MS: intInRange(1_000, 300_000).default(20_000),
    FETCH_MAX_BYTES: intInRange(10_000, 100_000_000).default(5_000_000),
    FETCH_CONCURRENCY: intInRange(1, 200).default(48),
    // A feed's ttl / sy:updatePeriod / Cache-Control max-age may slow its polling down to this; 0 ignores them.
    FEED_HINT_MAX_MINUTES: intInRange(0, 360).default(360),
    // Operations (issue 5): feed health alerts and archive retention. Retention below a week would
    // cut into digest and story-clustering windows, so it is 0 (keep forever) or 7 days and up.
    FEED_ALERT_HOURS: intInRange(1, 24 * 30).default(24),
    ARCHIVE_RETENTION_DAYS: intInRange(0, 36_500)
      .default(0)
      .refine((v) => v === 0 || v >= 7, 'must be 0 (keep forever) or at least 7'),
    // Sent and cancelled outbox rows older than this are deleted daily; 0 keeps them (store/outbox-retention.ts).
    OUTBOX_KEEP_DAYS: intInRange(0, 36_500).default(7),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TELEGRAM_BOT_TOKEN: z
      .string()
      .regex(/^\d+:[\w-]{20,}$/, 'does not look like a bot token (expected 123456:ABC…)')
      .optional(),
    TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
    // Outbound proxies (issue 13): http://, https:// or socks5:// with optional user:password@.
    TELEGRAM_PROXY: proxyUrl(),
    FEEDS_PROXY: proxyUrl(),
    // Feeds in these languages go direct even with FEEDS_PROXY (an outline's proxy="on" still wins).
    FEEDS_DIRECT_LANGUAGES: languageList(),
    WEBHOOK_URL: z.url({ protocol: /^https$/ }).optional(),
    WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z a-z 0-9 _ -')
      .optional(),
    WEBHOOK_HOST: z.string().min(1).default('127.0.0.1'),
    WEBHOOK_PORT: intInRange(1, 65_535).default(8443),
    DEFAULT_DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)')
      .default('09:00'),
    DEFAULT_TIMEZONE: z
      .string()
      .default('UTC')
      .refine(isValidTimezone, 'is not an IANA time zone (e.g. Asia/Shanghai)'),
    ADMIN_IDS: z
      .string()
      .default('')
      .refine(
        (v) => /^\s*(\d+\s*(,\s*\d+\s*)*)?$/.test(v),
        'must be a comma-separated list of numeric Telegram user ids',
      )
      .transform(
        (v) =>
          new Set(
            v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
              .map(Number),
          ),
      ),
    SEND_RATE_PER_SECOND: intInRange(1, 1_000).default(30),
    // Unset: enough in flight for the rate at 400 ms a call (wiring.ts sendConcurrency).
    SEND_CONCURRENCY: intInRange(1, 1_000).optional(),
    PAID_BROADCAST_PER_SECOND: intInRange(0, 1_000).default(0),
    MAX_WATCHES_PER_CHAT: intInRange(1, 1_000).default(20),
    // Per-chat feeds (issue 13): off by default, since every one is fetched by this server.
    ALLOW_CHAT_FEEDS: z.enum(['on', 'off']).default('off'),
    MAX_CHAT_FEEDS: intInRange(1, 100).default(5),
    MAX_CHAT_FEEDS_TOTAL: intInRange(1, 100_000).default(200),
    DIGEST_TOP_N: intInRange(1, 50).default(15),
    CLUSTER_WINDOW_HOURS: intInRange(1, 24 * 14).default(72),
    KEV_URL: z.union([z.literal('off'), z.url({ protocol: /^https?$/ })]).default(DEFAULT_KEV_URL),
    EPSS_URL: z.union([z.literal('off'), z.url({ protocol: /^https?$/ })]).default(DEFAULT_EPSS_URL),
    CVE_RECORDS_URL: z
      .union([z.literal('off'), z.url({ protocol: /^https?$/ })])
      .default(DEFAULT_CVE_RECORDS_URL)
      .refine((v) => v === 'off' || v.includes('{id}'), 'must contain {id} (or be off)'),
    NVD_URL: z.union([z.literal('off'), z.url({ protocol: /^https?$/ })]).default(DEFAULT_NVD_URL),
    NVD_API_KEY: z
      .string()
      .regex(/^[A-Za-z0-9-]{16,64}$/, 'does not look like an NVD API key (a UUID)')
      .optional(),
    CVE_REFRESH_DAYS: intInRange(1, 365).default(7),
    LLM_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
    LLM_API_KEY: z.string().optional(),
    LLM_MODEL: z.string().min(1).optional(),
    LLM_TIMEOUT_MS: intInRange(1_000, 300_000).default(20_000),
    LLM_DAILY_TOKENS: intInRange(0, 1_000_000_000).default(200_000),
    // --- Operations (health, metrics, logs) ---
    HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    // A blank value already means "default" (see withoutBlanks), so "no server" needs a word of its own.
    HTTP_PORT: z
      .union([z.literal('off'), intInRange(0, 65_535)], { error: 'must be a port (1-65535), or off' })
      .default(9464)
      .transform((v) => (v === 'off' || v === 0 ? null : v)),
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
  })
  .refine((c) => !c.LLM_BASE_URL || c.LLM_MODEL, {
    message: 'LLM_MODEL is required when LLM_BASE_URL is set',
    path: ['LLM_MODEL'],
  });

export type Config = Readonly<z.infer<typeof schema>>;

/** Raised with every invalid variable named; the entry points print it and exit 2. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** Blank values count as unset, so `FETCH_TIMEOUT_MS=` in .env means "use the default". */
function withoutBlanks(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v.trim();
  return out;
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = schema.safeParse(withoutBlanks(env));
  if (!result.success) {
    // The value itself is never echoed: it may be a token.
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(problems);
  }
  return Object.freeze(result.data);
}

/** Reads `.env` from the working directory when present (Node's own loader; no dependency). */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
