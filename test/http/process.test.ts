// The real daemon as a child process, the way an operator runs it: `curl 127.0.0.1:PORT/healthz`
// and `/metrics` answer, the bot (on a fake Bot API on loopback) polls, and SIGTERM exits 0 with
// the endpoint closed. Everything stays on 127.0.0.1.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import type { HealthReport } from '../../src/http/health.js';
import { ensureChat } from '../../src/store/chats.js';
import { migrate, openDatabase } from '../../src/store/db.js';
import { enqueue } from '../../src/store/outbox.js';
import { FAKE_TOKEN, FakeBotApi } from '../helpers/fake-bot-api.js';
import { startFeedServer, staticRoute } from '../helpers/feed-server.js';
import { opml, rss, tempDir } from '../helpers/fixtures.js';
import { spawnMain } from '../helpers/process.js';

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Polls /healthz until `ready` holds for its body (the daemon needs a moment to start). */
async function waitForHealth(
  base: string,
  ready: (b: HealthReport) => boolean,
  timeoutMs = 30_000,
): Promise<{ status: number; body: HealthReport }> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/healthz`);
      const body = (await res.json()) as HealthReport;
      if (ready(body)) return { status: res.status, body };
      last = JSON.stringify(body);
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`healthz never became ready; last: ${last}`);
}

test('the real process serves /healthz and /metrics, reports the first cycle, and exits 0 on SIGTERM', async () => {
  const feeds = await startFeedServer({
    '/feed': staticRoute(rss([{ title: 'Casio ransomware', link: 'http://example.test/1', guid: '1' }])),
  });
  const api = await new FakeBotApi({ maxPollMs: 200 }).start();
  const dir = tempDir();
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(feedsFile, opml([{ url: feeds.url('/feed'), title: 'loopback' }]));
  const dbPath = join(dir, 'db.sqlite');
  // One digest message already waiting: the sender metrics must count it once sent.
  const db = openDatabase(dbPath);
  migrate(db, Date.now());
  ensureChat(db, { id: 5, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, Date.now());
  enqueue(
    db,
    [{ chatId: 5, kind: 'digest', method: 'sendMessage', payload: { text: 'digest', parse_mode: 'HTML' } }],
    Date.now(),
  );
  db.close();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnMain(
    {
      DATABASE_PATH: dbPath,
      FEEDS_FILE: feedsFile,
      HTTP_PORT: String(port),
      TELEGRAM_BOT_TOKEN: FAKE_TOKEN,
      TELEGRAM_API_ROOT: api.apiRoot,
    },
    dir,
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    const { status, body } = await waitForHealth(
      base,
      (b) => b.last_cycle_age_s !== null && b.bot === 'polling' && b.outbox_pending === 0,
    );
    assert.equal(status, 200);
    assert.equal(body.ok, true);
    assert.equal(body.db, 'ok');
    assert.deepEqual(body.last_cycle && { feeds: body.last_cycle.feeds, failed: body.last_cycle.failed }, {
      feeds: 1,
      failed: 0,
    });
    assert.equal(body.fetch_interval_s, 1200);

    const metrics = await fetch(`${base}/metrics`);
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    for (const line of [
      'secbrief_feed_fetches_total{outcome="new"} 1',
      'secbrief_articles_ingested_total 1',
      'secbrief_ingest_cycles_total 1',
      'secbrief_messages_sent_total{kind="digest"} 1',
      'secbrief_outbox_pending 0',
    ]) {
      assert.ok(text.split('\n').includes(line), `missing: ${line}\n${text.slice(0, 3000)}`);
    }
    assert.match(text, /^process_resident_memory_bytes \d+/m);
    assert.equal((await fetch(`${base}/nope`)).status, 404);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, stderr);
    await assert.rejects(fetch(`${base}/healthz`), 'the endpoint is closed after exit');
    assert.match(stderr, /"msg":"health and metrics endpoint listening"/);
    assert.match(stderr, /"msg":"stopped"/);
    assert.ok(!stderr.includes(FAKE_TOKEN.split(':')[1]!), 'the token never reaches the logs');
  } finally {
    child.kill('SIGKILL');
    await api.close();
    await feeds.close();
  }
});

test('HTTP_PORT already taken: a clear start-up error and exit 2', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  const { port } = blocker.address() as AddressInfo;
  const dir = tempDir();
  const feedsFile = join(dir, 'feeds.opml');
  writeFileSync(feedsFile, opml([]));
  const child = spawnMain(
    { DATABASE_PATH: join(dir, 'db.sqlite'), FEEDS_FILE: feedsFile, HTTP_PORT: String(port) },
    dir,
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  try {
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 2, stderr);
    assert.match(
      stderr,
      new RegExp(
        `secbrief: invalid configuration:\\n {2}- HTTP_PORT: cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\); choose another port, or set HTTP_PORT=off\\n$`,
      ),
    );
  } finally {
    child.kill('SIGKILL');
    blocker.close();
  }
});
