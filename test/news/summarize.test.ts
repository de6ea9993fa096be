import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsBoilerplate } from '../../src/news/sentences.js';
import { extractiveSummary, MAX_CHARS_CJK, MAX_CHARS_LATIN, summaryTokens } from '../../src/news/summarize.js';
import { LABELLED_TOPICS } from '../fixtures/topics-labelled.js';

const CASIO_EN = {
  title: 'Casio confirms ransomware attack exposed employee data',
  language: 'en',
  text:
    'Casio confirms ransomware attack exposed employee data. Image: Tima Miroshnichenko (Pexels) ' +
    'Cybersecurity has become a board-level topic for companies of every size in recent years. ' +
    'Japanese electronics maker Casio said on Monday that the ransomware attack on its servers in October exposed personal data of about 6,500 employees. ' +
    'The company, whose U.S. subsidiary Casio America Inc. was not affected, said it had notified regulators in Japan. ' +
    'The Underground gang claimed the attack and published stolen employee files on its leak site. ' +
    'The post Casio confirms ransomware attack appeared first on Security Affairs.',
};

const CASIO_ZH = {
  title: '卡西欧确认遭勒索软件攻击，员工数据泄露',
  language: 'zh',
  text:
    '点击上方蓝字关注我们 近年来，网络安全日益受到各行各业的重视。' +
    '日本电子产品制造商卡西欧周一表示，10月份其服务器遭受的勒索软件攻击导致约6500名员工的个人数据泄露。' +
    '公司已向日本监管机构报告。Underground勒索团伙宣称对此次攻击负责，并在其泄露网站上公布了窃取的员工文件。' +
    '[图片] 图片来源：网络 预览时标签不可点 阅读原文',
};

test('picks the central, title-overlapping sentence over a generic lead', () => {
  const en = extractiveSummary(CASIO_EN);
  assert.match(en, /^Japanese electronics maker Casio said on Monday/);
  assert.doesNotMatch(en, /board-level/);
  const zh = extractiveSummary(CASIO_ZH);
  assert.match(zh, /^日本电子产品制造商卡西欧/);
  assert.doesNotMatch(zh, /近年来/);
});

test('summaries never contain boilerplate or repeat the title', () => {
  for (const doc of [CASIO_EN, CASIO_ZH]) {
    const s = extractiveSummary(doc);
    assert.ok(s.length > 0);
    assert.equal(containsBoilerplate(s), false, s);
    assert.ok(!s.includes(doc.title), s);
    assert.doesNotMatch(s, /Pexels|appeared first|关注|阅读原文|图片/);
  }
});

test('boilerplate-only or title-only text gives an empty summary', () => {
  assert.equal(extractiveSummary({ title: 'Casio hit', text: '', language: 'en' }), '');
  assert.equal(extractiveSummary({ title: 'Casio hit', text: '   ', language: 'en' }), '');
  assert.equal(
    extractiveSummary({ title: 'Casio hit by ransomware', text: 'Casio hit by ransomware', language: 'en' }),
    '',
  );
  assert.equal(
    extractiveSummary({
      title: 'Casio hit by ransomware',
      text: 'Casio hit by ransomware. Read more »',
      language: 'en',
    }),
    '',
  );
  assert.equal(
    extractiveSummary({
      title: 'X',
      text: 'The post X appeared first on Y. [...] Continue reading X →',
      language: 'en',
    }),
    '',
  );
  assert.equal(
    extractiveSummary({
      title: '卡西欧遭攻击',
      text: '点击下方卡片关注我们 微信扫一扫 阅读原文 [图片]',
      language: 'zh',
    }),
    '',
  );
});

test('a body that starts with the title keeps only what follows it', () => {
  const s = extractiveSummary({
    title: 'Casio hit by ransomware',
    text: 'Casio hit by ransomware Casio said attackers encrypted servers at its Tokyo headquarters on Saturday.',
    language: 'en',
  });
  assert.equal(s, 'Casio said attackers encrypted servers at its Tokyo headquarters on Saturday.');
});

test('one sentence, however short, is returned whole', () => {
  assert.equal(extractiveSummary({ title: 'Casio', text: 'Casio was hit.', language: 'en' }), 'Casio was hit.');
  assert.equal(extractiveSummary({ title: '卡西欧', text: '卡西欧遭攻击。', language: 'zh' }), '卡西欧遭攻击。');
});

test('abbreviations and version numbers do not cut a sentence short', () => {
  const s = extractiveSummary({
    title: 'Acme patches VPN flaw',
    text: 'Acme Inc. said Mr. Jones of the U.S. team fixed the VPN flaw in v2.3.1, rated 9.8, on Jan. 6. Weather was nice.',
    language: 'en',
  });
  assert.equal(s, 'Acme Inc. said Mr. Jones of the U.S. team fixed the VPN flaw in v2.3.1, rated 9.8, on Jan. 6.');
});

test('two sentences when both are good and fit, in text order', () => {
  const s = extractiveSummary({
    title: 'Hospital ransomware attack diverts ambulances',
    text:
      'A ransomware attack on a hospital chain forced ambulances to be diverted on Sunday. ' +
      'The Rhysida gang claimed the hospital attack and demanded a ransom of 50 bitcoin.',
    language: 'en',
  });
  assert.equal(
    s,
    'A ransomware attack on a hospital chain forced ambulances to be diverted on Sunday. The Rhysida gang claimed the hospital attack and demanded a ransom of 50 bitcoin.',
  );
});

test('length caps: ~280 for English and ~140 for Chinese, whole sentences when one fits', () => {
  const long =
    'The attackers moved laterally through the network for weeks, ' +
    'collecting credentials, '.repeat(20) +
    'before encrypting the servers.';
  const en = extractiveSummary({
    title: 'Ransomware attack',
    text: `${long} Ransomware attack details were confirmed by the company.`,
    language: 'en',
  });
  assert.ok(en.length <= MAX_CHARS_LATIN);
  assert.equal(en, 'Ransomware attack details were confirmed by the company.');
  const cut = extractiveSummary({ title: 'Ransomware attack', text: long, language: 'en' });
  assert.ok(cut.length <= MAX_CHARS_LATIN && cut.endsWith('…'), cut);
  assert.doesNotMatch(cut, /[,\s]…$/);
  const zhLong = '攻击者在网络中潜伏数周，' + '窃取了大量凭证，'.repeat(30) + '最后加密了服务器。';
  const zh = extractiveSummary({ title: '勒索攻击', text: zhLong, language: 'zh' });
  assert.ok(zh.length <= MAX_CHARS_CJK && zh.endsWith('…'), zh);
  const unbroken = extractiveSummary({ title: 'x', text: 'ab'.repeat(400), language: 'en' });
  assert.equal(unbroken.length, MAX_CHARS_LATIN);
  assert.equal(extractiveSummary(CASIO_EN, { maxChars: 60 }).length <= 60, true);
});

test('caps hold over generated articles of mixed sentence lengths', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const words = ['ransomware', 'attack', 'server', 'data', 'the', 'company', 'said', 'U.S.', 'Inc.', 'v1.2', 'patch'];
  const han = ['勒索', '攻击', '服务器', '数据', '公司', '表示', '漏洞', '补丁'];
  for (let i = 0; i < 200; i++) {
    const en = Array.from(
      { length: 1 + rand(8) },
      () => Array.from({ length: 3 + rand(60) }, () => words[rand(words.length)]).join(' ') + '.',
    ).join(' ');
    const zh = Array.from(
      { length: 1 + rand(8) },
      () => Array.from({ length: 2 + rand(50) }, () => han[rand(han.length)]).join('') + '。',
    ).join('');
    const s1 = extractiveSummary({ title: 'Ransomware attack on company', text: en, language: 'en' });
    const s2 = extractiveSummary({ title: '公司遭勒索攻击', text: zh, language: 'zh' });
    assert.ok(s1.length > 0 && s1.length <= MAX_CHARS_LATIN, s1);
    assert.ok(s2.length > 0 && s2.length <= MAX_CHARS_CJK, s2);
  }
});

test('every labelled item summarises to its own summary text, within the cap', () => {
  for (const item of LABELLED_TOPICS) {
    const s = extractiveSummary({ title: item.title, text: item.summary, language: item.language });
    assert.equal(s, item.summary, item.title);
  }
});

test('tokens: English words without stopwords or plurals, Chinese bigrams', () => {
  assert.deepEqual(summaryTokens('The attackers encrypted servers of Casio'), [
    'attacker',
    'encrypted',
    'server',
    'casio',
  ]);
  assert.deepEqual(summaryTokens('卡西欧遭攻击 CVE-2024-3400'), [
    'cve-2024-3400',
    '卡西',
    '西欧',
    '欧遭',
    '遭攻',
    '攻击',
  ]);
});
