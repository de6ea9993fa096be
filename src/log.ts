// The one logger factory. Secrets are redacted twice: by path (pino's `redact`, for objects that
// carry them under a known name) and by value on every finished line, because libraries put
// them where no path reaches: telegraf errors embed the API URL `…/bot<TOKEN>/getMe` in their
// message and stack, and an error from an LLM client may echo its request headers.
import type { WriteStream } from 'node:tty';
import pino, { type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

export type { Logger };

export type LogFormat = 'auto' | 'json' | 'pretty';

export interface LoggerOptions {
  destination?: NodeJS.WritableStream;
  /** Values that must never appear in a log line: bot token, webhook secret, LLM key. */
  secrets?: ReadonlyArray<string | undefined>;
  /** 'auto' (default): human-readable when the destination is a terminal, JSON lines otherwise. */
  format?: LogFormat;
}

export const CENSOR = '[redacted]';

/**
 * Bot tokens inside URLs or messages become [redacted] (telegraf only redacts some paths), and so
 * does the user:password of any URL (a proxy's, or a feed's own basic auth).
 */
export function redactToken(text: string): string {
  return text.replace(/\d{5,}:[\w-]{30,}/g, CENSOR).replace(/(\b[a-z][a-z\d+.-]*:\/\/)[^\s/?#@"']+@/gi, `$1${CENSOR}@`);
}
// A shorter value is a placeholder, not a secret (local LLM servers accept any key); replacing
// it everywhere would mangle ordinary words in every line.
export const MIN_SECRET_LENGTH = 8;

const SECRET_PATHS = [
  'TELEGRAM_BOT_TOKEN',
  'WEBHOOK_SECRET',
  'LLM_API_KEY',
  'token',
  'apiKey',
  'secretToken',
  'authorization',
];

/** Each form a secret can take inside a JSON line: raw, JSON-escaped, URL-encoded. Longest first. */
function secretForms(secrets: ReadonlyArray<string | undefined>): string[] {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Replaces the given secrets, and anything shaped like a bot token, with [redacted]. Applied to
 * whole serialized lines, so it reaches messages, stacks and nested objects alike.
 */
export function secretRedactor(secrets: ReadonlyArray<string | undefined>): (line: string) => string {
  const forms = secretForms(secrets);
  return (line) => {
    let out = redactToken(line);
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(CENSOR);
    return out;
  };
}

function wantsPretty(format: LogFormat, destination: NodeJS.WritableStream): boolean {
  if (format !== 'auto') return format === 'pretty';
  return (destination as WriteStream).isTTY === true;
}

/**
 * A pino destination that redacts each line before it is written (and, for a terminal, before it
 * is prettified: pino-pretty runs in-process here, not as a worker transport, so a fatal line
 * is on screen before process.exit).
 */
function redactingDestination(
  destination: NodeJS.WritableStream,
  redact: (line: string) => string,
  pretty: boolean,
): pino.DestinationStream {
  const color = (destination as WriteStream).isTTY === true;
  const prettify = pretty
    ? prettyFactory({ colorize: color, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
    : null;
  return {
    write(line: string) {
      const safe = redact(line);
      destination.write(prettify ? prettify(safe) : safe);
    },
  };
}

export function createLogger(level: string, options: LoggerOptions | NodeJS.WritableStream = {}): Logger {
  const opts: LoggerOptions = 'write' in options ? { destination: options } : options;
  const destination = opts.destination ?? process.stderr;
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: SECRET_PATHS.flatMap((p) => [p, `*.${p}`]), censor: CENSOR },
    },
    redactingDestination(
      destination,
      secretRedactor(opts.secrets ?? []),
      wantsPretty(opts.format ?? 'auto', destination),
    ),
  );
}
