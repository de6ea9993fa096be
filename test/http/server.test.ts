// /healthz and /metrics over a real loopback socket, against a real temp SQLite database, with
// the clock injected so "no cycle for 3 intervals" is tested without waiting an hour.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { parseConfig } from '../../src/config.js';
import { checkHealth, cronIntervalMs, type HealthDeps, type HealthReport } from '../../src/http/health.js';
import { lastSuccessfulCycleAt } from '../../src/store/cycles.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { ensureChat } from '../../src/store/chats.js';
import { finishCycle, startCycle } from '../../src/store/cycles.js';
import { enqueue, pendingCount } from '../../src/store/outbox.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';

const MIN = 60_000;
const T0 = Date.UTC(2025, 6, 24, 8, 0);
const INTERVAL = 20 * MIN;

interface Harness {
  t: TempDb;
  url: (path: string) => string;
  setNow: (ms: number) => void;
  bot: { state: string; fatal: string | null };
  metrics: Metrics;
  close(): Promise<void>;
}

async function harness(): Promise<Harness> {
  const t = tempDb(T0);
  let now = T0;
  const bot = { state: 'polling', fatal: null as string | null };
  const deps: HealthDeps = { db: t.db, clock: () => now, startedAt: T0, fetchIntervalMs: INTERVAL, bot: () => bot };
  const metrics = new Metrics({
    outboxPending: () => pendingCount(t.db),
    lastSuccessAt: () => lastSuccessfulCycleAt(t.db),
    paidBroadcastPerSecond: 500,
  });
  const server: HttpServer = await startHttpServer(
    { host: '127.0.0.1', port: 0, log: createLogger('silent') },
    { health: () => checkHealth(deps), metrics: () => metrics.render() },
  );
  return {
    t,
    bot,
    metrics,
    url: (path) => `http://127.0.0.1:${server.port}${path}`,
    setNow: (ms) => void (now = ms),
    async close() {
      await server.close();
      try {
        t.cleanup();
      } catch {
        // the test closed the database itself
      }
    },
  };
}

function cycle(h: Harness, finishedAt: number, feeds: number, failed: number): void {
  const id = startCycle(h.t.db, finishedAt - 5_000, feeds);
  finishCycle(h.t.db, id, { finishedAt, failed, inserted: 0 });
}

async function health(h: Harness): Promise<{ status: number; body: HealthReport }> {
  const res = await fetch(h.url('/healthz'));
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return { status: res.status, body: (await res.json()) as HealthReport };
}

test('200 and the facts when the database answers, a cycle succeeded recently and the bot polls', async () => {
  const h = await harness();
  try {
    cycle(h, T0 + 1 * MIN, 3, 1);
    ensureChat(h.t.db, { id: 42, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, T0);
    enqueue(h.t.db, [{ chatId: 42, kind: 'reply', method: 'sendMessage', payload: { text: 'hi' } }], T0);
    h.setNow(T0 + 3 * MIN);
    const { status, body } = await health(h);
    assert.equal(status, 200);
    assert.deepEqual(
      {
        ok: body.ok,
        db: body.db,
        age: body.last_cycle_age_s,
        last: body.last_cycle,
        bot: body.bot,
        pending: body.outbox_pending,
        interval: body.fetch_interval_s,
        problems: body.problems,
      },
      {
        ok: true,
        db: 'ok',
        age: 120,
        last: { age_s: 120, feeds: 3, failed: 1 },
        bot: 'polling',
        pending: 1,
        interval: 1200,
        problems: [],
      },
    );
  } finally {
    await h.close();
  }
});

test('503 when no successful cycle finished within 3 × the fetch interval', async () => {
  const h = await harness();
  try {
    // Before any cycle, start-up is the reference: 59 minutes is still within the allowance.
    h.setNow(T0 + 59 * MIN);
    assert.equal((await health(h)).status, 200);
    h.setNow(T0 + 61 * MIN);
    let r = await health(h);
    assert.equal(r.status, 503);
    assert.equal(r.body.ok, false);
    assert.equal(r.body.last_cycle_age_s, null);
    assert.match(r.body.problems.join('\n'), /no successful fetch cycle for 3660 s \(allowed: 3600 s\)/);

    cycle(h, T0 + 60 * MIN, 2, 0);
    assert.equal((await health(h)).status, 200, 'a successful cycle makes it healthy again');
    // Cycles where every feed failed, or none was due, are not successes: they do not reset the age.
    cycle(h, T0 + 100 * MIN, 2, 2);
    cycle(h, T0 + 110 * MIN, 0, 0);
    h.setNow(T0 + 121 * MIN);
    r = await health(h);
    assert.equal(r.status, 503);
    assert.equal(r.body.last_cycle_age_s, 61 * 60);
    assert.deepEqual(r.body.last_cycle, { age_s: 11 * 60, feeds: 0, failed: 0 });
  } finally {
    await h.close();
  }
});

test('503 with the error text when the database fails', async () => {
  const h = await harness();
  try {
    h.t.db.close();
    const { status, body } = await health(h);
    assert.equal(status, 503);
    assert.match(body.db, /not open/);
    assert.equal(body.outbox_pending, null);
    assert.match(body.problems[0]!, /^database: /);
    // /metrics still answers: the outbox gauge keeps its last value instead of failing the scrape.
    assert.equal((await fetch(h.url('/metrics'))).status, 200);
  } finally {
    await h.close();
  }
});

test('503 when Telegram updates are down or the token was rejected while sending', async () => {
  const h = await harness();
  try {
    cycle(h, T0, 1, 0);
    h.bot.state = 'down';
    let r = await health(h);
    assert.equal(r.status, 503);
    assert.equal(r.body.bot, 'down');
    assert.deepEqual(r.body.problems, ['Telegram updates stopped']);
    h.bot.state = 'polling';
    h.bot.fatal = 'Telegram rejected the bot token (401: Unauthorized); sending stopped';
    r = await health(h);
    assert.equal(r.status, 503);
    assert.match(r.body.problems[0]!, /rejected the bot token/);
    h.bot.fatal = null;
    h.bot.state = 'console';
    assert.equal((await health(h)).status, 200);
  } finally {
    await h.close();
  }
});

test('/metrics serves every secbrief metric, with values, plus process metrics', async () => {
  const h = await harness();
  try {
    const outcome = (status: 'new' | 'unchanged' | 'not_modified' | 'error', ms: number) => ({
      feedId: 1,
      title: 't',
      url: 'u',
      status,
      inserted: 0,
      updated: 0,
      items: 0,
      ms,
    });
    h.metrics.observeCycle({
      outcomes: [
        outcome('new', 120),
        outcome('not_modified', 30),
        outcome('not_modified', 40),
        outcome('unchanged', 50),
        outcome('error', 20_000),
      ],
      inserted: 7,
      failed: 1,
      ms: 20_000,
    });
    cycle(h, T0 + MIN, 5, 1);
    h.metrics.onSend('sent', 'digest', false);
    h.metrics.onSend('sent', 'alert', true);
    h.metrics.onSend('rateLimited', 'reply', false);
    h.metrics.onDigestClaimed({ status: 'planned', lagMs: 42_000 });
    assert.equal(
      h.metrics.timeSearch(() => 'hits'),
      'hits',
    );
    ensureChat(h.t.db, { id: 7, type: 'private', title: 'u' }, { timezone: 'UTC', digestTime: '09:00' }, T0);
    enqueue(
      h.t.db,
      [1, 2].map(() => ({ chatId: 7, kind: 'alert' as const, method: 'sendMessage' as const, payload: { text: 'x' } })),
      T0,
    );
    const res = await fetch(h.url('/metrics'));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const line of [
      'secbrief_feed_fetches_total{outcome="not_modified"} 2',
      'secbrief_feed_fetches_total{outcome="error"} 1',
      'secbrief_feed_fetch_duration_seconds_count{outcome="new"} 1',
      'secbrief_feed_not_modified_ratio 0.5',
      'secbrief_ingest_cycles_total 1',
      `secbrief_ingest_last_success_timestamp_seconds ${(T0 + MIN) / 1000}`,
      'secbrief_articles_ingested_total 7',
      'secbrief_outbox_pending 2',
      'secbrief_messages_sent_total{kind="digest"} 1',
      'secbrief_messages_sent_total{kind="reply"} 0',
      'secbrief_paid_broadcast_messages_total{kind="alert"} 1',
      'secbrief_paid_broadcast_messages_total{kind="digest"} 0',
      'secbrief_paid_broadcast_per_second 500',
      'secbrief_messages_retried_total{kind="reply"} 0',
      'secbrief_messages_rate_limited_total{kind="reply"} 1',
      'secbrief_messages_dead_total{kind="digest"} 0',
      'secbrief_chats_deactivated_total{kind="alert"} 0',
      'secbrief_digests_planned_total{status="planned"} 1',
      'secbrief_digest_lag_seconds_bucket{le="60"} 1',
      'secbrief_digest_lag_seconds_bucket{le="30"} 0',
      'secbrief_search_duration_seconds_count 1',
    ]) {
      assert.ok(text.split('\n').includes(line), `missing: ${line}`);
    }
    for (const name of [
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
    ]) {
      assert.match(text, new RegExp(`^${name} `, 'm'), name);
    }
  } finally {
    await h.close();
  }
});

test('only GET on the two paths: 404 elsewhere, 405 for other methods; query strings are ignored', async () => {
  const h = await harness();
  try {
    assert.equal((await fetch(h.url('/'))).status, 404);
    assert.equal((await fetch(h.url('/healthz/x'))).status, 404);
    assert.equal((await fetch(h.url('/__proto__'))).status, 404);
    const post = await fetch(h.url('/metrics'), { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET');
    assert.equal((await fetch(h.url('/healthz?verbose=1'))).status, 200);
  } finally {
    await h.close();
  }
});

test('a port already in use is reported as the listen error, not a crash', async () => {
  const blocker = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const port = (blocker.address() as { port: number }).port;
  try {
    await assert.rejects(
      startHttpServer(
        { host: '127.0.0.1', port, log: createLogger('silent') },
        { health: () => ({}) as HealthReport, metrics: async () => ({ contentType: '', body: '' }) },
      ),
      /EADDRINUSE/,
    );
  } finally {
    blocker.close();
  }
});

test('the fetch interval is the largest gap between cron runs', () => {
  assert.equal(cronIntervalMs('*/20 * * * *'), 20 * MIN);
  assert.equal(cronIntervalMs('*/30 * * * * *'), 30_000);
  assert.equal(cronIntervalMs('0 8,20 * * *'), 12 * 60 * MIN);
  assert.equal(cronIntervalMs('0 9 * * 1-5'), 3 * 24 * 60 * MIN, 'the weekend is not an outage');
});

test('HTTP_HOST/HTTP_PORT: defaults 127.0.0.1:9464; "off" or 0 turns the server off; a blank value is the default', () => {
  assert.deepEqual([parseConfig({}).HTTP_HOST, parseConfig({}).HTTP_PORT], ['127.0.0.1', 9464]);
  assert.equal(parseConfig({ HTTP_PORT: '' }).HTTP_PORT, 9464);
  assert.equal(parseConfig({ HTTP_PORT: 'off' }).HTTP_PORT, null);
  assert.equal(parseConfig({ HTTP_PORT: '0' }).HTTP_PORT, null);
  assert.equal(parseConfig({ HTTP_PORT: '8080', HTTP_HOST: '0.0.0.0' }).HTTP_PORT, 8080);
  assert.throws(() => parseConfig({ HTTP_PORT: 'none' }), /HTTP_PORT: must be a port \(1-65535\), or off/);
  assert.throws(() => parseConfig({ HTTP_PORT: '70000' }), /HTTP_PORT:/);
});
