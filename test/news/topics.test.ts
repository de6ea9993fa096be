import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TOPIC_KEYS, type Topic } from '../../src/news/article.js';
import { classifyTopics, evaluateTopics, TITLE_FACTOR, TOPIC_THRESHOLD, TOPIC_WEIGHT } from '../../src/news/topics.js';
import { HELD_OUT_TOPICS, LABELLED_TOPICS } from '../fixtures/topics-labelled.js';

const primary = (title: string, summary = '') => classifyTopics({ title, summary }).primary;

test('English terms match on word boundaries only', () => {
  assert.equal(primary('Courier firm improves dispatch times'), 'other');
  assert.equal(primary('Teams adapt laptop policies'.replace('policies', 'habits')), 'other');
  assert.equal(primary('APT28 targets logistics firms'), 'apt');
  assert.equal(primary('APT-C-35 resurfaces'), 'apt');
  assert.equal(primary('Apple patched Safari'), 'advisory');
  assert.equal(primary('Hackers exploit unpatched Citrix appliances'), 'vuln');
});

test('Latin names glued to Chinese text still match', () => {
  assert.equal(primary('LockBit团伙宣称入侵某银行'), 'ransomware');
  assert.equal(primary('APT29组织近期活动分析'), 'apt');
});

test('Chinese terms match as substrings', () => {
  assert.equal(primary('某医院遭勒索攻击'), 'ransomware');
  assert.equal(primary('僵尸网络感染大量路由器'), 'malware');
  assert.equal(primary('网信办发布新规'), 'policy');
});

test('a title hit counts TITLE_FACTOR times a summary hit', () => {
  const inTitle = classifyTopics({ title: 'Phishing wave', summary: 'Nothing else here.' });
  const inSummary = classifyTopics({ title: 'Nothing else here', summary: 'Phishing wave.' });
  assert.equal(inTitle.scores.malware, TITLE_FACTOR * inSummary.scores.malware);
  assert.ok(inSummary.scores.malware > 0);
});

test('nothing above the threshold is "other", with "other" as the only topic', () => {
  const r = classifyTopics({ title: 'Weekly roundup', summary: 'Here is what happened this week.' });
  assert.equal(r.primary, 'other');
  assert.deepEqual(r.topics, ['other']);
  // One weak hint in the summary is not enough for a topic.
  const weak = classifyTopics({ title: 'Weekly roundup', summary: 'Some accounts were hacked.' });
  assert.ok(weak.scores.breach > 0 && weak.scores.breach < TOPIC_THRESHOLD);
  assert.equal(weak.primary, 'other');
});

test('topics lists every topic above the threshold, primary first, then by score', () => {
  const r = classifyTopics({
    title: 'Casio confirms ransomware attack led to data breach',
    summary: 'The gang published stolen data on its leak site and demanded a ransom.',
  });
  assert.equal(r.primary, 'ransomware');
  assert.ok(r.topics.includes('breach'));
  assert.equal(r.topics[0], 'ransomware');
  for (const t of r.topics) assert.ok(r.scores[t] >= TOPIC_THRESHOLD, t);
  for (const t of TOPIC_KEYS) if (!r.topics.includes(t)) assert.ok(r.scores[t] < TOPIC_THRESHOLD, t);
  const rest = r.topics.slice(1).map((t) => r.scores[t]);
  assert.deepEqual(
    rest,
    [...rest].sort((a, b) => b - a),
  );
});

test('a patch story is an advisory even though it describes the vulnerability', () => {
  assert.equal(primary('Apple patches actively exploited WebKit zero-day flaw'), 'advisory');
  assert.equal(primary('Researchers disclose actively exploited WebKit zero-day flaw'), 'vuln');
  assert.equal(primary('FCC fines carrier over data breach'), 'policy');
});

test('TOPIC_WEIGHT ranks what readers act on above business news', () => {
  for (const t of TOPIC_KEYS) assert.ok(TOPIC_WEIGHT[t] > 0 && TOPIC_WEIGHT[t] <= 1, t);
  for (const t of ['ransomware', 'vuln', 'apt'] as const) {
    assert.ok(TOPIC_WEIGHT[t] > TOPIC_WEIGHT.policy && TOPIC_WEIGHT[t] > TOPIC_WEIGHT.other, t);
  }
  assert.equal(Math.min(...TOPIC_KEYS.map((t) => TOPIC_WEIGHT[t])), TOPIC_WEIGHT.other);
});

test('the labelled set is big, bilingual and covers every topic', () => {
  assert.ok(LABELLED_TOPICS.length >= 150);
  const zh = LABELLED_TOPICS.filter((i) => i.language === 'zh').length;
  assert.ok(zh >= LABELLED_TOPICS.length * 0.4 && zh <= LABELLED_TOPICS.length * 0.6);
  for (const t of TOPIC_KEYS) assert.ok(LABELLED_TOPICS.filter((i) => i.topic === t).length >= 12, t);
  const titles = new Set(LABELLED_TOPICS.map((i) => i.title));
  assert.equal(titles.size, LABELLED_TOPICS.length, 'no duplicate titles');
});

// The lexicon was tuned on LABELLED_TOPICS (macro-F1 0.81 before tuning, 0.96 after), so the
// bar there is a regression guard: 0.9 allows a few items to drift, not a topic to collapse.
// HELD_OUT_TOPICS was never tuned on; with 5 items per topic one miss costs ~0.03 macro-F1.
test('labelled set: macro-F1 >= 0.9 and every topic recall >= 0.8', () => {
  const m = evaluateTopics(LABELLED_TOPICS);
  assert.ok(m.macroF1 >= 0.9, `macro-F1 ${m.macroF1.toFixed(3)}`);
  for (const t of TOPIC_KEYS) {
    assert.ok(m.perTopic[t].recall >= 0.8, `${t} recall ${m.perTopic[t].recall.toFixed(3)}`);
    assert.ok(m.perTopic[t].precision >= 0.8, `${t} precision ${m.perTopic[t].precision.toFixed(3)}`);
  }
});

test('held-out set: macro-F1 >= 0.85 and every topic recall >= 0.6', () => {
  const m = evaluateTopics(HELD_OUT_TOPICS);
  assert.ok(m.macroF1 >= 0.85, `macro-F1 ${m.macroF1.toFixed(3)}`);
  for (const t of TOPIC_KEYS) assert.ok(m.perTopic[t].recall >= 0.6, `${t} recall ${m.perTopic[t].recall.toFixed(3)}`);
});

test('the metric can fail: shuffled labels score far below the bar', () => {
  const rotate = (t: Topic): Topic => TOPIC_KEYS[(TOPIC_KEYS.indexOf(t) + 1) % TOPIC_KEYS.length]!;
  const m = evaluateTopics(LABELLED_TOPICS.map((i) => ({ ...i, topic: rotate(i.topic) })));
  assert.ok(m.macroF1 < 0.2, `macro-F1 ${m.macroF1.toFixed(3)}`);
});

test('evaluateTopics computes precision, recall and F1 per topic', () => {
  const m = evaluateTopics([
    { title: 'Ransomware hits hospital', summary: '', topic: 'ransomware' },
    { title: 'Ransomware gang leaks files', summary: '', topic: 'breach' },
    { title: 'Phishing wave', summary: '', topic: 'malware' },
  ]);
  assert.deepEqual(m.perTopic.ransomware, { precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
  assert.deepEqual(m.perTopic.breach, { precision: 0, recall: 0, f1: 0, support: 1 });
  assert.equal(m.perTopic.malware.f1, 1);
  assert.equal(m.accuracy, 2 / 3);
});
