// One topic name per topic and language, the same in the digest and in /settings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DigestModel, DigestStory } from '../../src/digest/build.js';
import { renderDigest } from '../../src/digest/render.js';
import { topicLabel, type UiLanguage } from '../../src/format/i18n.js';
import { TOPIC_KEYS } from '../../src/news/article.js';
import type { AnalysedDoc } from '../../src/store/stories.js';
import { settingsView } from '../../src/telegram/commands/settings.js';
import { chatRowOf } from '../helpers/chats.js';

const LANGS: UiLanguage[] = ['en', 'zh'];

test('every topic has its own name in each language', () => {
  for (const lang of LANGS) {
    const names = TOPIC_KEYS.map((k) => topicLabel(lang, k));
    for (const [i, name] of names.entries())
      assert.notEqual(name, TOPIC_KEYS[i], `${lang}: ${TOPIC_KEYS[i]} has no name`);
    assert.equal(new Set(names).size, names.length, `${lang}: two topics share a name`);
  }
  assert.equal(topicLabel('en', 'legacy'), 'legacy', 'a stored key that is no longer a topic is shown as it is');
  assert.equal(topicLabel('en', '__proto__'), '__proto__');
});

test('/settings names topics as the digest headings do, in its summary and its buttons', () => {
  const en = settingsView(chatRowOf({ topics: 'vuln,legacy' }), 'en');
  assert.match(en.html, /Vulnerabilities &amp; exploits, legacy/);
  const buttons = en.keyboard!.flat().map((b) => b.text);
  assert.ok(buttons.includes('✅ Vulnerabilities & exploits'), buttons.join(' | '));
  assert.ok(buttons.includes('▫️ APT / nation-state'), buttons.join(' | '));
  const zh = settingsView(chatRowOf({ topics: 'vuln' }), 'zh');
  assert.match(zh.html, /漏洞与利用/);
  assert.ok(zh.keyboard!.flat().some((b) => b.text === '✅ 漏洞与利用'));
});

test('digest headings use the same names', () => {
  const lead = {
    id: 1,
    feedId: 1,
    source: 'S',
    title: 'T',
    summary: '',
    bodyText: '',
    url: null,
    language: 'en',
    published: 0,
    cves: [],
    storyId: 1,
    topics: ['apt'],
    contentHash: 'h',
    fetchedAt: 0,
  } as AnalysedDoc;
  const story = { storyId: 1, topic: 'apt', lead, others: [], cves: [], sources: 1, score: 1 } as DigestStory;
  const model = {
    windowStart: 0,
    windowEnd: 1,
    stories: [story],
    groups: [{ topic: 'apt', stories: [story] }],
    sources: 1,
    exploited: 0,
  } as DigestModel;
  for (const lang of LANGS) {
    const text = renderDigest(model, { lang, timezone: 'UTC', summaries: new Map() }).join('\n');
    assert.ok(text.includes(`<b>${topicLabel(lang, 'apt')}</b>`), text);
  }
});
