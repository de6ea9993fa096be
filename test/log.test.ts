// Secrets never reach a log line: not by name, not inside an error message that embeds the Bot
// API URL, not JSON-escaped or URL-encoded, not in the pretty terminal format.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { loggerOptions } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { createLogger, type LogFormat } from '../src/log.js';

// 22 characters after the colon: a valid token that the generic token pattern (30+) misses, so
// only the value-based redaction can catch it.
const TOKEN = '7012345678:AAHv-q_ZsecretTOKENtail';
const WEBHOOK_SECRET = 'hook-Secret_0123456789abcdef';
// Quote and backslash: JSON escapes them, so the raw value never appears in a JSON line as is.
const LLM_API_KEY = 'sk-live-"quoted"\\key/42+x';

function capture(format: LogFormat): { log: ReturnType<typeof createLogger>; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  const config = parseConfig({ TELEGRAM_BOT_TOKEN: TOKEN, WEBHOOK_SECRET, LLM_API_KEY, LOG_FORMAT: format });
  return { log: createLogger('info', { ...loggerOptions(config), destination }), text: () => chunks.join('') };
}

function logEverything(log: ReturnType<typeof createLogger>): void {
  // What telegraf / node-fetch throw when a request fails: the URL, token included, in the message and stack.
  const err = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed, reason: socket hang up`);
  log.error({ err }, 'send failed');
  log.warn(`polling failed: GET https://api.telegram.org/bot${TOKEN}/getUpdates?offset=1`);
  log.info(
    {
      config: { TELEGRAM_BOT_TOKEN: TOKEN, WEBHOOK_SECRET, LLM_API_KEY },
      request: {
        headers: { Authorization: `Bearer ${LLM_API_KEY}`, 'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET },
      },
      url: `https://llm.example.test/v1?key=${encodeURIComponent(LLM_API_KEY)}`,
      note: `the secret is ${WEBHOOK_SECRET}`,
    },
    'objects with secrets',
  );
}

function assertNoSecret(text: string): void {
  for (const secret of [
    TOKEN,
    TOKEN.split(':')[1]!,
    WEBHOOK_SECRET,
    LLM_API_KEY,
    JSON.stringify(LLM_API_KEY).slice(1, -1),
    encodeURIComponent(LLM_API_KEY),
  ]) {
    assert.ok(!text.includes(secret), `leaked ${secret}:\n${text}`);
  }
}

test('JSON logs: the token inside a telegraf-style error message, the webhook secret and the LLM key are redacted', () => {
  const { log, text } = capture('json');
  logEverything(log);
  const out = text();
  assertNoSecret(out);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);
  assert.equal(lines.length, 3);
  assert.equal(
    lines[0]!.err.message,
    'request to https://api.telegram.org/bot[redacted]/sendMessage failed, reason: socket hang up',
  );
  assert.match(lines[0]!.err.stack, /bot\[redacted\]\/sendMessage/);
  assert.equal(lines[1]!.msg, 'polling failed: GET https://api.telegram.org/bot[redacted]/getUpdates?offset=1');
  assert.deepEqual(lines[2]!.config, {
    TELEGRAM_BOT_TOKEN: '[redacted]',
    WEBHOOK_SECRET: '[redacted]',
    LLM_API_KEY: '[redacted]',
  });
  assert.equal(lines[2]!.request.headers.Authorization, 'Bearer [redacted]');
  assert.equal(lines[2]!.url, 'https://llm.example.test/v1?key=[redacted]');
  assert.equal(lines[2]!.note, 'the secret is [redacted]');
});

test('pretty logs (what a terminal gets) are redacted too, and are not JSON', () => {
  const { log, text } = capture('pretty');
  logEverything(log);
  const out = text();
  assertNoSecret(out);
  assert.match(out, /send failed/);
  assert.match(out, /bot\[redacted\]\/sendMessage/);
  assert.throws(() => JSON.parse(out.split('\n')[0]!));
});

test('format auto: JSON lines when the destination is not a terminal', () => {
  const { log, text } = capture('auto');
  log.info({ n: 1 }, 'hello');
  assert.deepEqual(JSON.parse(text()), { level: 30, time: JSON.parse(text()).time, n: 1, msg: 'hello' });
});
