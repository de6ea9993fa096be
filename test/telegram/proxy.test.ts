// The bot through TELEGRAM_PROXY (issue 13): real telegraf long-polls the fake Bot API through a
// real loopback HTTP CONNECT or SOCKS5 proxy with credentials; replies, a file download and an
// upload all go the same way. A proxy that dies, or is dead at start-up, is a bot-state problem
// with the proxy named and its password nowhere, never a crash.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { checkHealth } from '../../src/http/health.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { UploadedFile } from '../helpers/fake-bot-api.js';
import { opml } from '../helpers/fixtures.js';
import { say } from '../helpers/private-chat.js';
import { startConnectProxy, startSocks5Proxy, type TestProxy } from '../helpers/proxy-servers.js';

const ADMIN = 900;
const AUTH = { user: 'ops', pass: 'tg-Proxy-pa55word' };
const LIST = opml([{ url: 'https://therecord.media/feed', title: 'The Record', language: 'en' }]);

function logSink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join('') };
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const apiPort = (h: BotHarness) => new URL(h.api.apiRoot).port;

const kinds: Array<[string, typeof startConnectProxy]> = [
  ['HTTP CONNECT', startConnectProxy],
  ['SOCKS5', startSocks5Proxy],
];

for (const [kind, start] of kinds) {
  describe(`the bot through a ${kind} proxy`, () => {
    test('polls, replies, downloads and uploads through it; when it dies the bot says so', async () => {
      const proxy = await start({ auth: AUTH });
      const log = logSink();
      const h = await startBotHarness({ TELEGRAM_PROXY: proxy.url, ADMIN_IDS: String(ADMIN) }, undefined, log.stream);
      try {
        const reply = await say(h.api, ADMIN, '/help');
        assert.ok(reply.ok, reply.error);
        const imported = await sendDocument(h, LIST, 'mine.opml');
        assert.match(String(imported.payload.text), /Imported 1 feed/);
        const exported = await say(h.api, ADMIN, '/export', 'sendDocument');
        assert.ok(exported.payload.document instanceof UploadedFile, 'the OPML went up as a multipart upload');
        assert.ok(proxy.tunnelled.length > 0);
        assert.ok(
          proxy.requested.every((target) => target.endsWith(`:${apiPort(h)}`)),
          'every tunnel went to the Bot API',
        );
        assert.equal(proxy.authFailures, 0);
        assert.equal(h.runtime.problem(), null);

        await proxy.close();
        await until('the dead proxy to be noticed', () => h.runtime.problem() !== null);
        assert.match(h.runtime.problem()!, new RegExp(`proxy \\w+://127\\.0\\.0\\.1:${proxy.port}`));
        assert.match(log.text(), /Telegram Bot API unreachable/);
        assert.doesNotMatch(log.text() + h.runtime.problem(), new RegExp(AUTH.pass));
      } finally {
        await proxy.close();
        await h.close();
      }
    });
  });
}

async function sendDocument(h: BotHarness, content: string, name: string) {
  const seen = h.api.calls.length;
  h.api.pushUpdate({
    message: {
      message_id: 10_000 + seen,
      date: Math.floor(Date.now() / 1000),
      chat: { id: ADMIN, type: 'private', first_name: 'u' },
      from: { id: ADMIN, is_bot: false, first_name: 'u', language_code: 'en' },
      document: h.api.addFile(content, name, 'text/x-opml'),
    },
  });
  await until('the import reply', () =>
    h.api.calls.slice(seen).some((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === ADMIN),
  );
  return h.api.calls.slice(seen).find((c) => c.method === 'sendMessage')!;
}

test('a proxy dead at start-up: the bot waits in state "unreachable", /healthz says why, nothing crashes', async () => {
  const dead: TestProxy = await startConnectProxy({ auth: AUTH });
  await dead.close();
  const log = logSink();
  const h = await startBotHarness({ TELEGRAM_PROXY: dead.url }, undefined, log.stream);
  try {
    assert.equal(h.runtime.state(), 'unreachable');
    const problem = h.runtime.problem();
    assert.equal(problem, `proxy http://127.0.0.1:${dead.port} is unreachable (ECONNREFUSED)`);
    const health = checkHealth({
      db: h.t.db,
      clock: () => Date.now(),
      startedAt: Date.now(),
      fetchIntervalMs: 1_200_000,
      bot: () => ({ state: h.runtime.state(), fatal: null, problem: h.runtime.problem() }),
    });
    assert.equal(health.ok, false);
    assert.ok(health.problems.includes(`Telegram Bot API unreachable: ${problem}`), health.problems.join('; '));
    assert.match(log.text(), /Telegram not reachable yet; fetching feeds meanwhile/);
    assert.doesNotMatch(log.text(), new RegExp(`${AUTH.pass}|${AUTH.user}:`));
    assert.equal(h.api.calls.filter((c) => c.method === 'getMe').length, 0, 'nothing reached the Bot API directly');
  } finally {
    await h.close();
  }
});
