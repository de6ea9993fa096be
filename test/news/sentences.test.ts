import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsBoilerplate, splitSentences, stripBoilerplate } from '../../src/news/sentences.js';

test('English abbreviations, initials and company suffixes do not end a sentence', () => {
  const text =
    'Mr. Smith and Dr. Lee of Acme Inc. met U.S. officials on Jan. 6 at No. 10 Downing St. in London. ' +
    'Attackers used several tools, e.g. Cobalt Strike, i.e. commodity kits, vs. custom ones. John F. Kennedy Airport was hit too.';
  assert.deepEqual(splitSentences(text, 'en'), [
    'Mr. Smith and Dr. Lee of Acme Inc. met U.S. officials on Jan. 6 at No. 10 Downing St. in London.',
    'Attackers used several tools, e.g. Cobalt Strike, i.e. commodity kits, vs. custom ones.',
    'John F. Kennedy Airport was hit too.',
  ]);
});

test('an abbreviation that ends a sentence still splits before a typical opener', () => {
  assert.deepEqual(
    splitSentences('Attacks rose sharply in the U.S. The agency said so. It hit Acme Corp. The firm denied it.', 'en'),
    ['Attacks rose sharply in the U.S.', 'The agency said so.', 'It hit Acme Corp.', 'The firm denied it.'],
  );
  // "No." is only an abbreviation before a number.
  assert.deepEqual(splitSentences('Was anything taken? The answer was no. Officials agreed.', 'en'), [
    'Was anything taken?',
    'The answer was no.',
    'Officials agreed.',
  ]);
});

test('decimals, version numbers, domains and mid-sentence ellipses do not split', () => {
  assert.deepEqual(
    splitSentences(
      'Version v2.3.1 of example.com scored 9.8 on CVSS 3.1. Wait... nothing happened. Then it did!',
      'en',
    ),
    ['Version v2.3.1 of example.com scored 9.8 on CVSS 3.1.', 'Wait... nothing happened.', 'Then it did!'],
  );
  assert.deepEqual(splitSentences('They waited… The patch came later.', 'en'), [
    'They waited…',
    'The patch came later.',
  ]);
});

test('quotes and brackets stay with the sentence they close', () => {
  assert.deepEqual(splitSentences('He said "patch now." Then he left (quickly.) Done.', 'en'), [
    'He said "patch now."',
    'Then he left (quickly.)',
    'Done.',
  ]);
});

test('Chinese splits on 。！？； and full-width or ASCII !? after Han, with closing quotes kept', () => {
  assert.deepEqual(
    splitSentences(
      '卡西欧遭勒索软件攻击。该公司表示：“系统已恢复。”调查仍在进行！是否有数据泄露？尚不清楚；警方已介入!后续如何?',
      'zh',
    ),
    [
      '卡西欧遭勒索软件攻击。',
      '该公司表示：“系统已恢复。”',
      '调查仍在进行！',
      '是否有数据泄露？',
      '尚不清楚；',
      '警方已介入!',
      '后续如何?',
    ],
  );
});

test('Chinese text with Latin names and version numbers', () => {
  assert.deepEqual(splitSentences('Apache Tomcat 9.0.98版本修复了CVE-2025-24813。建议用户升级到v10.1.35。', 'zh'), [
    'Apache Tomcat 9.0.98版本修复了CVE-2025-24813。',
    '建议用户升级到v10.1.35。',
  ]);
});

test('blank lines separate sentences; empty and punctuation-only text gives none', () => {
  assert.deepEqual(splitSentences('Headline without a period\n\nBody starts here. It ends here.', 'en'), [
    'Headline without a period',
    'Body starts here.',
    'It ends here.',
  ]);
  assert.deepEqual(splitSentences('', 'en'), []);
  assert.deepEqual(splitSentences(' … 。 ', 'zh'), []);
  assert.deepEqual(splitSentences('no punctuation at all', 'en'), ['no punctuation at all']);
});

test('WordPress, "[...]", read-more and continue-reading junk is removed', () => {
  const cases: Array<[string, string]> = [
    ['Casio was hit. The post Casio hit by ransomware appeared first on Security Affairs.', 'Casio was hit.'],
    ['Casio was hit. The post Casio hit appeared first on BleepingComputer.com.', 'Casio was hit.'],
    ['Attackers encrypted servers and [...]', 'Attackers encrypted servers and'],
    ['Attackers encrypted servers and […] more', 'Attackers encrypted servers and more'],
    ['Attackers encrypted servers. Read more »', 'Attackers encrypted servers.'],
    ['Attackers encrypted servers. Read the full story at The Record', 'Attackers encrypted servers.'],
    ['Attackers encrypted servers. Continue reading Casio hit by ransomware →', 'Attackers encrypted servers.'],
    ['Attackers encrypted servers. Continue reading on Medium »', 'Attackers encrypted servers.'],
    ['Attackers encrypted servers. Click here to read the full report.', 'Attackers encrypted servers.'],
    [
      'Fuzzing found the bug. The post Balancer Incident Analysis first appeared on Ackee Blockchain .',
      'Fuzzing found the bug.',
    ],
    [
      'Shai-Hulud second attack analysis submitted by /u/Fit_Wing3352 [link] [comments]',
      'Shai-Hulud second attack analysis',
    ],
  ];
  for (const [input, want] of cases) assert.equal(stripBoilerplate(input), want, input);
});

test('WeChat-mirror junk is removed and the article text kept', () => {
  const text =
    '点击上方蓝字关注我们 点击下方卡片，关注我们 微信扫一扫可打开此内容，使用完整服务 ' +
    '卡西欧遭勒索软件攻击。[图片] 图片来源：网络 该公司表示已恢复系统。预览时标签不可点 长按识别二维码 ' +
    '在小说阅读器中沉浸阅读 继续滑动看下一个 轻点两下取消赞 阅读原文';
  assert.equal(stripBoilerplate(text), '卡西欧遭勒索软件攻击。该公司表示已恢复系统。');
  assert.equal(stripBoilerplate('欢迎关注我们！漏洞已修复。点击阅读原文查看'), '漏洞已修复。');
});

test('image placeholders and credit lines go; the sentence after a credit stays', () => {
  assert.equal(
    stripBoilerplate('Image: Tima Miroshnichenko (Pexels) Japanese electronics maker Casio said it was hit.'),
    'Japanese electronics maker Casio said it was hit.',
  );
  assert.equal(stripBoilerplate('Image: Midjourney The attack began on Friday.'), 'The attack began on Friday.');
  assert.equal(
    stripBoilerplate('Photo credit: Getty Images\nThe attack began on Friday.'),
    'The attack began on Friday.',
  );
  assert.equal(stripBoilerplate('[image] The attack began [Image] on Friday.'), 'The attack began on Friday.');
});

test('ordinary prose that mentions images, posts or reading is left alone', () => {
  const prose =
    'The post office confirmed the attack. Users can read more than one report about the image library flaw.';
  assert.equal(stripBoilerplate(prose), prose);
  assert.equal(containsBoilerplate(prose), false);
  assert.equal(
    stripBoilerplate('该漏洞影响图片处理库，攻击者可读取原文件。'),
    '该漏洞影响图片处理库，攻击者可读取原文件。',
  );
});

test('containsBoilerplate sees what stripBoilerplate removes', () => {
  for (const junk of [
    'Read more',
    '[…]',
    '阅读原文',
    '微信扫一扫',
    'Image: Shutterstock',
    'The post X appeared first on Y.',
  ]) {
    assert.equal(containsBoilerplate(`Casio was hit. ${junk}`), true, junk);
  }
  assert.equal(containsBoilerplate('卡西欧遭勒索软件攻击。'), false);
});

test('paragraph breaks survive stripping', () => {
  assert.equal(stripBoilerplate('First part. Read more\n\nSecond part.'), 'First part.\n\nSecond part.');
});
