// LLM summaries against a fake OpenAI-compatible endpoint on 127.0.0.1: caching, timeouts,
// the daily budget, headline translation, and the key never leaking.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import pino from 'pino';
import { extractiveFor, summarizeLeads, type SummarizerDeps } from '../../src/digest/summaries.js';
import { completionsUrl } from '../../src/llm/client.js';
import type { AnalysedDoc } from '../../src/store/stories.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';

const KEY = 'sk-test-SECRET-key-0123456789';
let server: http.Server;
let base = '';
let mode: 'ok' | 'slow' | 'error' = 'ok';
const requests: Array<{ auth?: string; body: { model: string; messages: Array<{ content: string }> } }> = [];
let t: TempDb;
const logs: string[] = [];

before(async () => {
  server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    requests.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
    if (mode === 'error') return void res.writeHead(500).end('boom');
    const reply = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      choices: [{ message: { content: `LLM: ${JSON.parse(raw).messages[1].content.split('\n')[0]}` } }], usage: { total_tokens: 100 },
    }));
    if (mode === 'slow') setTimeout(reply, 1500);
    else reply();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  t = tempDb();
  requests.length = 0;
  logs.length = 0;
  mode = 'ok';
});
afterEach(() => t.cleanup());

const doc = (id: number, title: string, language = 'en'): AnalysedDoc => ({
  id, feedId: 1, source: 'S', title, summary: `${title} happened today. Officials confirmed the incident on Monday.`, bodyText: '', url: null,
  language, published: 0, cves: [], storyId: id, topics: [], contentHash: `hash-${id}`, fetchedAt: 0,
});

function deps(dailyTokens = 10_000, timeoutMs = 1000): SummarizerDeps {
  return {
    db: t.db, clock: () => Date.UTC(2025, 2, 10), log: pino({ level: 'info' }, { write: (s: string) => void logs.push(s) }),
    llm: { baseUrl: base, apiKey: KEY, model: 'test-model', timeoutMs, dailyTokens },
  };
}

test('the endpoint URL accepts a base with or without /v1', () => {
  assert.equal(completionsUrl('https://api.deepseek.com'), 'https://api.deepseek.com/v1/chat/completions');
  assert.equal(completionsUrl('http://localhost:11434/v1/'), 'http://localhost:11434/v1/chat/completions');
});

test('summaries come from the LLM and are cached: a second digest makes no new calls', async () => {
  const leads = [doc(1, 'Casio confirms ransomware attack'), doc(2, 'Ivanti patches flaw')];
  const first = await summarizeLeads(deps(), leads, 'en');
  assert.equal(first.summaries.get(1), 'LLM: Casio confirms ransomware attack');
  assert.equal(requests.length, 2);
  assert.equal(requests[0]!.auth, `Bearer ${KEY}`);
  assert.equal(requests[0]!.body.model, 'test-model');
  const second = await summarizeLeads(deps(), leads, 'en');
  assert.equal(requests.length, 2, 'served from the cache');
  assert.deepEqual([...second.summaries], [...first.summaries]);
});

test('a headline in another language is translated for the chat', async () => {
  const r = await summarizeLeads(deps(), [doc(3, '卡西欧遭勒索软件攻击', 'zh')], 'en');
  assert.equal(r.headlines.get(3), 'LLM: 卡西欧遭勒索软件攻击');
  assert.equal(requests.length, 2, 'one summary, one headline');
});

test('a timeout or an error falls back to the extractive summary, and the key is never logged', async () => {
  mode = 'slow';
  const d = doc(4, 'Slow endpoint story');
  const slow = await summarizeLeads(deps(10_000, 300), [d], 'en');
  assert.equal(slow.summaries.get(4), extractiveFor(d));
  assert.equal(slow.fallbacks, 1);
  mode = 'error';
  const failed = await summarizeLeads(deps(), [doc(5, 'Broken endpoint story')], 'en');
  assert.equal(failed.fallbacks, 1);
  assert.ok(logs.some((l) => /HTTP 500/.test(l)));
  assert.ok(logs.every((l) => !l.includes(KEY)));
});

test('the daily token budget is respected', async () => {
  const leads = Array.from({ length: 5 }, (_, i) => doc(10 + i, `Budget story ${i}`));
  // A call is reserved at its worst case (prompt/3 + 200 output tokens, ~290) and billed 100 by
  // the fake: a 450-token budget affords the first calls, then extractive takes over.
  const r = await summarizeLeads(deps(450), leads, 'en');
  assert.ok(requests.length >= 1 && requests.length < 5, `${requests.length} calls`);
  assert.equal(r.fallbacks, 5 - requests.length);
  const used = t.db.prepare('SELECT tokens FROM llm_usage').pluck().get() as number;
  assert.ok(used <= 450);
});
