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
  id,
  feedId: id,
  source,
  title,
  summary: 'Summary with <tags> & "quotes".',
  bodyText: '',
  url: `https://x.test/${id}?a=1&b="2"`,
  language: 'en',
  published: NOW - id * 60_000,
  cves: [],
  storyId: 1,
  topics: ['vuln'],
  contentHash: `h${id}`,
  fetchedAt: NOW,
});

const story: DigestStory = {
  storyId: 1,
  topic: 'vuln',
  lead: doc(1, HOSTILE_FEED, HOSTILE_TITLE),
  others: [doc(2, `${HOSTILE_FEED} 2`, 'Other')],
  cves: [{ id: 'CVE-2024-3400', cvss: { score: 10, severity: 'critical' }, kev: true, epss: 0.9434 }],
  sources: 2,
  score: 1,
};
const model: DigestModel = {
  windowStart: NOW - 86_400_000,
  windowEnd: NOW,
  stories: [story],
  groups: [{ topic: 'vuln', stories: [story] }],
  sources: 2,
  exploited: 1,
} as DigestModel;
const opts: RenderOptions = {
  lang: 'en',
  timezone: 'UTC',
  summaries: new Map([[1, 'Gang <X> stole 204.9 GB & more']]),
};

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

test('the messages carry the feed name and titles escaped exactly once, never as raw tags', () => {
  const feedHtml = 'A&lt;b&gt;&amp;c &quot;d&quot;';
  const titleHtml = 'Exploit for &lt;script&gt; &amp; &lt;Confluence&gt; &amp;amp; more';
  const scriptTitle = { ...doc(4, HOSTILE_FEED, '<script>alert(1)</script> patched &amp; safe'), storyId: 2 };
  const second: DigestStory = { ...story, storyId: 2, lead: scriptTitle, others: [] };
  const update = { storyHeadline: HOSTILE_TITLE, article: scriptTitle };
  const stories = [story, second];
  const both = { ...model, stories, groups: [{ topic: 'vuln', stories }] } as DigestModel;
  for (const [name, messages, source] of [
    ['digest', renderDigest(both, opts), `<i>(${feedHtml})</i>`],
    ['instant', renderInstant([story, second], opts), `<i>(${feedHtml})</i>`],
    ['updates', renderUpdates([update], 'en'), `<i>${feedHtml}</i>`],
  ] as const) {
    const out = messages.join('\n');
    assert.ok(out.includes(source), `${name}: feed name escaped`);
    assert.ok(out.includes('&lt;script&gt;alert(1)&lt;/script&gt; patched &amp;amp; safe'), `${name}: title escaped`);
    if (name !== 'updates') assert.ok(out.includes(`>${titleHtml}</a>`), `${name}: the first lead's title escaped`);
    assert.doesNotMatch(
      out,
      /<script>|<b>&c|<Confluence>|&amp;(lt|gt|quot);|&amp;amp;amp;/,
      `${name}: no raw tag, no double escape`,
    );
    visible([...messages]); // only tags Telegram allows, all closed
  }
  const digest = renderDigest(both, opts).join('\n');
  assert.ok(digest.includes('Gang &lt;X&gt; stole 204.9 GB &amp; more'), 'the summary escaped');
  assert.ok(digest.includes(`${feedHtml} 2</a>`), 'the other source escaped in the "also" line');
  const updateHtml = renderUpdates([update], 'en').join('\n');
  assert.ok(updateHtml.includes(`<b>Update</b> · ${titleHtml}: <a href=`), 'the story headline escaped in an update');
});
