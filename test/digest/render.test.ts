// Feed strings that look like HTML reach the chat as text in every rendered message, and every message is
// HTML that Telegram accepts (a feed titled `A<b>&c "d"` would otherwise make Telegram reject the digest).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DigestModel, DigestStory } from '../../src/digest/build.js';
import { renderDigest, renderInstant, renderUpdates, type RenderOptions } from '../../src/digest/render.js';
import type { AnalysedDoc } from '../../src/store/stories.js';
import { parseTelegramHtml } from '../helpers/telegram-html.js';

const NOW = Date.UTC(2026, 0, 10, 8);
const HOSTILE_FEED = 'A<b>&c "d"';
const HOSTILE_TITLE = 'Exploit for <script> & <Confluence> &amp; more';

const doc = (id: number, source: string, title: string): AnalysedDoc => ({
  id, feedId: id, source, title, summary: 'Summary with <tags> & "quotes".', bodyText: '',
  url: `https://x.test/${id}?a=1&b="2"`, language: 'en', published: NOW - id * 60_000, cves: [], storyId: 1,
  topics: ['vuln'], contentHash: `h${id}`, fetchedAt: NOW,
});

const story: DigestStory = {
  storyId: 1, topic: 'vuln', lead: doc(1, HOSTILE_FEED, HOSTILE_TITLE), others: [doc(2, `${HOSTILE_FEED} 2`, 'Other')],
  cves: [{ id: 'CVE-2024-3400', exploited: true }], sources: 2, score: 1,
};
const model: DigestModel = {
  windowStart: NOW - 86_400_000, windowEnd: NOW, stories: [story], groups: [{ topic: 'vuln', stories: [story] }],
  sources: 2, exploited: 1,
} as DigestModel;
const opts: RenderOptions = { lang: 'en', timezone: 'UTC', summaries: new Map([[1, 'Gang <X> stole 204.9 GB & more']]) };

function visible(messages: string[]): string {
  return messages.map((m) => parseTelegramHtml(m)).join('\n'); // throws where Telegram would reject it
}

test('digest, instant and update messages escape feed names, titles and summaries', () => {
  for (const [name, messages] of [
    ['digest', renderDigest(model, opts)],
    ['instant', renderInstant([story], opts)],
    ['updates', renderUpdates([{ storyHeadline: HOSTILE_TITLE, article: doc(3, HOSTILE_FEED, HOSTILE_TITLE) }], 'en')],
  ] as const) {
    const text = visible([...messages]);
    assert.ok(text.includes(HOSTILE_FEED), `${name}: the feed name as written`);
    assert.ok(text.includes(HOSTILE_TITLE), `${name}: the title as written`);
  }
  assert.ok(visible(renderDigest(model, opts)).includes('Gang <X> stole 204.9 GB & more'), 'the summary as written');
});
