import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { contentTokens } from '../../src/news/facts.js';
import { articleFeatures } from '../../src/news/story-features.js';
import { STORY_STOPWORDS } from '../../src/news/stopwords.js';
import { summaryTokens } from '../../src/news/summarize.js';

const storyTerms = (title: string) =>
  Object.keys(
    articleFeatures({
      id: 1,
      feedId: 1,
      source: 's',
      title,
      summary: '',
      bodyText: '',
      url: null,
      language: 'en',
      published: 0,
      cves: [],
    }).terms,
  ).sort();

test('story features drop exactly the words the pair model was fitted without', () => {
  const digest = createHash('sha256')
    .update([...STORY_STOPWORDS].sort().join(' '))
    .digest('hex');
  assert.equal(
    digest,
    '340fd0b2d8c65bda7c391b5067477b508796e6a2503fe4725f8d853b3682adbd',
    'STORY_STOPWORDS changed: refit (npm run fit:stories -- --write), compare npm run eval, then update this digest',
  );
});

test('summaries and follow-up overlap drop the same English stopwords', () => {
  for (const word of ['these', 'their', 'will', 'very', 'us']) {
    assert.deepEqual(summaryTokens(`${word} ransomware`), ['ransomware'], word);
    assert.deepEqual([...contentTokens(`${word} ransomware`)], ['ransomware'], word);
  }
});

test('headline filler is a stopword for stories only: summaries keep "several" and "today"', () => {
  assert.deepEqual(storyTerms('Several ransomware attacks today'), ['attack', 'ransomware']);
  assert.deepEqual(summaryTokens('several ransomware attacks today'), ['several', 'ransomware', 'attack', 'today']);
});
