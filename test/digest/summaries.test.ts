// LLM summaries against a fake OpenAI-compatible endpoint on 127.0.0.1: caching, timeouts,
// the daily budget, headline translation, the key never leaking, and story summaries (the lead
// plus what the other sources add) with and without the LLM.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import pino from 'pino';
import {
  extractiveFor,
  extractiveStory,
  summarizeStories,
  summaryCacheKey,
  type StoryArticles,
  type SummarizerDeps,
} from '../../src/digest/summaries.js';
import { splitSentences } from '../../src/news/sentences.js';
import { completionsUrl } from '../../src/llm/client.js';
import type { AnalysedDoc } from '../../src/store/stories.js';
import { tempDb, type TempDb } from '../helpers/fixtures.js';

/** Lone articles, each a story of one source. */
const summarizeLeads = (deps: SummarizerDeps, leads: readonly StoryArticles['lead'][], lang: 'en' | 'zh') =>
  summarizeStories(
    deps,
    leads.map((lead) => ({ lead, others: [] })),
    lang,
  );

const KEY = 'sk-test-SECRET-key-0123456789';
let server: http.Server;
let base = '';
let mode: 'ok' | 'slow' | 'error' | 'verbose' = 'ok';
const requests: Array<{ auth?: string; body: { model: string; messages: Array<{ content: string }> } }> = [];
let t: TempDb;
const logs: string[] = [];

before(async () => {
  server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const c of req) raw += c;
    requests.push({ auth: req.headers.authorization, body: JSON.parse(raw) });
    if (mode === 'error') return void res.writeHead(500).end('boom');
    const headline = JSON.parse(raw).messages[1].content.split('\n')[0];
    const content =
      mode === 'verbose'
        ? `LLM: ${headline}. The Underground gang claimed it. It stole 204.9 GB. Earnings were delayed.`
        : `LLM: ${headline}`;
    const reply = () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          choices: [{ message: { content } }],
          usage: { total_tokens: 100 },
        }),
      );
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
  id,
  feedId: 1,
  source: 'S',
  title,
  summary: `${title} happened today. Officials confirmed the incident on Monday.`,
  bodyText: '',
  url: null,
  language,
  published: 0,
  cves: [],
  storyId: id,
  topics: [],
  contentHash: `hash-${id}`,
  fetchedAt: 0,
});

function deps(dailyTokens = 10_000, timeoutMs = 1000): SummarizerDeps {
  return {
    db: t.db,
    clock: () => Date.UTC(2025, 2, 10),
    log: pino({ level: 'info' }, { write: (s: string) => void logs.push(s) }),
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

// The Casio story in three reports: only the third names the gang and the stolen data.
const report = (id: number, source: string, title: string, summary: string, language = 'en'): AnalysedDoc => ({
  ...doc(id, title, language),
  feedId: id,
  source,
  summary,
  contentHash: `hash-${id}`,
});
const CASIO: StoryArticles = {
  lead: report(
    20,
    'The Record',
    'Casio says ransomware attack disrupted its systems',
    'Casio confirmed that a ransomware attack disrupted internal systems at its Tokyo headquarters.',
  ),
  others: [
    report(
      21,
      'BleepingComputer',
      'Casio discloses breach',
      'Casio disclosed that a ransomware attack disrupted its internal systems.',
    ),
    report(
      22,
      'SecurityWeek',
      'Casio data stolen',
      'Casio was hit by ransomware. The Underground gang says it stole 204.9 GB of files from the company.',
    ),
  ],
};
const WITHOUT_LLM = (): SummarizerDeps => ({ ...deps(), llm: undefined });

test('without an LLM the digest summary is the story summary: the lead plus the gang and the figure', async () => {
  const r = await summarizeStories(WITHOUT_LLM(), [CASIO], 'en');
  const s = r.summaries.get(20)!;
  assert.match(s, /^Casio confirmed that a ransomware attack disrupted internal systems/);
  assert.match(s, /Underground/);
  assert.match(s, /204\.9 GB/);
  assert.equal(s, extractiveStory(CASIO, 'en'));
  assert.equal(requests.length, 0);
  // The lead alone, without its other sources, has neither.
  const alone = await summarizeLeads(WITHOUT_LLM(), [CASIO.lead], 'en');
  assert.equal(alone.summaries.get(20), extractiveFor(CASIO.lead));
  assert.doesNotMatch(alone.summaries.get(20)!, /Underground|204\.9/);
});

test('the LLM prompt carries the lead and excerpts of the other sources', async () => {
  const r = await summarizeStories(deps(), [CASIO], 'en');
  assert.equal(r.summaries.get(20), 'LLM: Casio says ransomware attack disrupted its systems');
  assert.equal(requests.length, 1);
  const [system, user] = requests[0]!.body.messages.map((m) => m.content);
  assert.match(system!, /at most two plain sentences/);
  assert.match(system!, /what the other reports add/);
  assert.ok(user!.startsWith(`${CASIO.lead.title}\n\n${CASIO.lead.summary}`));
  assert.match(user!, /- SecurityWeek: Casio data stolen\. .*204\.9 GB/);
  assert.match(user!, /- BleepingComputer: /);
});

test('the cache key covers the set of articles: a story that gains a source is summarised afresh', async () => {
  const two: StoryArticles = { lead: CASIO.lead, others: [CASIO.others[0]!] };
  await summarizeStories(deps(), [two], 'en');
  await summarizeStories(deps(), [{ lead: two.lead, others: [...two.others] }], 'en');
  assert.equal(requests.length, 1, 'the same story is served from the cache');
  await summarizeStories(deps(), [CASIO], 'en');
  assert.equal(requests.length, 2, 'a new source, a new summary');
  assert.notEqual(summaryCacheKey(two, 'en').hash, summaryCacheKey(CASIO, 'en').hash);
  // The order the sources come in does not matter; a lone article keeps its old key.
  const reversed = { lead: CASIO.lead, others: [...CASIO.others].reverse() };
  assert.deepEqual(summaryCacheKey(reversed, 'en'), summaryCacheKey(CASIO, 'en'));
  assert.deepEqual(summaryCacheKey({ lead: CASIO.lead, others: [] }, 'en'), { hash: 'hash-20', kind: 'summary:en' });
  assert.notDeepEqual(summaryCacheKey(CASIO, 'en'), summaryCacheKey(CASIO, 'zh'));
});

test('an LLM answer is held to two sentences; a failing LLM falls back to the extractive story summary', async () => {
  mode = 'verbose';
  const r = await summarizeStories(deps(), [CASIO], 'en');
  const s = r.summaries.get(20)!;
  assert.equal(splitSentences(s, 'en').length, 2, s);
  assert.equal(s, 'LLM: Casio says ransomware attack disrupted its systems. The Underground gang claimed it.');
  mode = 'error';
  const story = { lead: { ...CASIO.lead, contentHash: 'fresh' }, others: CASIO.others };
  const failed = await summarizeStories(deps(), [story], 'en');
  assert.equal(failed.fallbacks, 1);
  assert.equal(failed.summaries.get(20), extractiveStory(story, 'en'));
  assert.match(failed.summaries.get(20)!, /204\.9 GB/);
});
