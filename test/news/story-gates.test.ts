import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArticleDoc } from '../../src/news/article.js';
import { clusterArticles, DEFAULT_WINDOW_MS } from '../../src/news/cluster.js';
import { articleFeatures } from '../../src/news/story-features.js';
import { differentFlaws, flawKinds } from '../../src/news/story-kinds.js';
import { scorePair } from '../../src/news/story-score.js';
import { DEFAULT_WINDOW_OPTIONS, StoryWindow } from '../../src/news/story-window.js';
import { chineseWords } from '../../src/news/zh-words.js';
import { LABELLED } from '../fixtures/cluster-labelled.js';

const HOUR = 3_600_000,
  T0 = LABELLED[0]!.published,
  ID = 100_000;
const opts = { windowMs: DEFAULT_WINDOW_MS };
// Ids above the labelled set's, feeds of their own.
const post = (id: number, feedId: number, title: string, summary: string, hours = id, language = 'zh'): ArticleDoc => ({
  id: ID + id,
  feedId: ID + feedId,
  source: `feed ${feedId}`,
  title,
  summary,
  bodyText: '',
  url: null,
  language,
  published: T0 + hours * HOUR,
  cves: [],
});

/** How many stories the posts form, clustered among the labelled set (a window of realistic term rarity). */
function storiesOf(...posts: ArticleDoc[]): number {
  const groups = clusterArticles([...LABELLED, ...posts], opts);
  return new Set(posts.map((p) => groups.findIndex((g) => g.includes(p.id)))).size;
}

/** Pair evidence with term rarity from the labelled set plus the pair, as a window holding them would give. */
function evidence(a: ArticleDoc, b: ArticleDoc) {
  const win = new StoryWindow({ ...DEFAULT_WINDOW_OPTIONS, windowMs: 1e13 });
  for (const d of [...LABELLED, a, b]) {
    win.advance(d.published);
    win.add(articleFeatures(d), d.id);
  }
  return scorePair(articleFeatures(a), articleFeatures(b), win);
}

test('Chinese features are dictionary words, not character bigrams', () => {
  const words = chineseWords('黑客正在利用微信客户端漏洞上传文件');
  for (const w of ['黑客', '微信', '客户端', '漏洞', '上传', '文件'])
    assert.ok(words.includes(w), `${w} in ${words.join('|')}`);
  for (const fragment of ['信客', '洞上']) assert.ok(!words.includes(fragment), `no cross-word ${fragment}`);
  assert.ok(
    words.every((w) => w.length >= 2),
    'single characters are dropped',
  );
  // A name jieba cannot place falls into single characters; in a headline they are kept as one term.
  assert.deepEqual(chineseWords('金和'), []);
  assert.deepEqual(chineseWords('金和', true), ['金和']);
});

test('vulnerability classes: code execution is compatible with what leads to it, other classes are not', () => {
  const [rce, fileRead, sqli, xss] = [
    '用友U9 Cloud 远程代码执行漏洞',
    '用友U9 接口存在任意文件读取漏洞',
    'FortiWeb SQL注入漏洞',
    'Stored XSS in the admin panel',
  ].map(flawKinds);
  assert.ok(differentFlaws(rce!, fileRead!));
  assert.ok(differentFlaws(sqli!, xss!));
  assert.ok(!differentFlaws(rce!, sqli!), 'SQL injection to RCE is one bug told two ways');
  assert.ok(!differentFlaws(rce!, rce!));
  assert.ok(!differentFlaws(rce!, flawKinds('用友U9 Cloud 漏洞已复现')), 'a headline without a class decides nothing');
});

test('two advisories for one product that name different vulnerability classes are two stories', () => {
  const about = '用友U9 Cloud 是一款企业云ERP产品，';
  const a = post(
    1,
    1,
    '漏洞通告 | 用友U9 Cloud 远程代码执行漏洞',
    `${about}近日被披露存在远程代码执行漏洞，攻击者无需登录即可执行任意命令，建议尽快升级。`,
  );
  const b = post(
    2,
    2,
    '用友U9 Cloud 接口存在任意文件读取漏洞',
    `${about}其导出接口存在任意文件读取漏洞，攻击者可读取服务器上的配置文件，附POC。`,
  );
  const c = post(
    3,
    3,
    '【已复现】用友U9 Cloud 存在远程代码执行漏洞',
    `${about}我们已复现该远程代码执行漏洞，攻击者无需登录即可控制服务器，请尽快修复。`,
  );
  assert.equal(evidence(a, b).gate, 'different-flaws');
  assert.equal(storiesOf(a, b), 2);
  assert.equal(storiesOf(a, c), 1, 'the same class from two accounts is one story');
});

test('analyses of one threat actor by different vendors are separate events', () => {
  const a = post(
    1,
    1,
    '银狐木马最新免杀样本分析',
    '最近银狐黑产团伙非常活跃，本文分析其最新免杀样本的加载流程与远控功能。',
  );
  const b = post(
    2,
    2,
    '银狐远控暗桩分析及去除所有暗桩',
    '银狐远控源码已经公开，本文从静态和动态两方面分析其中的暗桩并去除。',
  );
  assert.equal(evidence(a, b).gate, 'actor-only');
  assert.equal(storiesOf(a, b), 2);
});

test('a research release published as one post per CVE is one story; other CVEs of the feed are not', () => {
  const text =
    'CWE-78 OS command injection. An OS command injection vulnerability exists due to improper input ' +
    'validation in the web interface. Zenitel recommends users upgrade to version 9.3.3.0 or later.';
  const page = (id: number, cve: string, minutes: number) => post(id, 7, cve, `${text} (${cve})`, minutes / 60, 'en');
  const batch = [page(1, 'CVE-2025-64126', 0), page(2, 'CVE-2025-64127', 2), page(3, 'CVE-2025-64128', 4)];
  assert.equal(evidence(batch[0]!, batch[1]!).gate, 'cve-batch');
  assert.equal(storiesOf(...batch), 1);
  const later = page(4, 'CVE-2025-64129', 180),
    far = page(5, 'CVE-2025-10234', 6);
  assert.equal(evidence(batch[0]!, later).gate, 'disjoint-cves', 'three hours later: another release');
  assert.equal(evidence(batch[0]!, far).gate, 'disjoint-cves', 'a CVE from another block');
  assert.equal(evidence(batch[0]!, { ...batch[1]!, feedId: 8 }).gate, 'disjoint-cves', 'two feeds: two advisories');
});

test('two posts of a link aggregator are two sources; two posts of one blog are one feed', () => {
  const reddit = (id: number, title: string) =>
    post(id, 3, title, 'submitted by /u/someone [link] [comments]', id, 'en');
  const a = reddit(1, 'Shai-Hulud returns: over 300 npm packages infected via fake Bun runtime');
  const b = reddit(2, 'Shai-Hulud second coming: hundreds of npm packages infected, fake Bun runtime');
  assert.equal(articleFeatures(a).aggregated, true);
  assert.equal(evidence(a, b).sameFeed, false);
  assert.notEqual(evidence(a, b).gate, 'same-feed');
  const blog = (d: ArticleDoc) => ({ ...d, summary: 'Our analysis of the campaign, with indicators.' });
  assert.equal(articleFeatures(blog(a)).aggregated, false);
  assert.equal(evidence(blog(a), blog(b)).sameFeed, true);
});

test('a repost of a member joins its story even where another member of its feed would veto it', () => {
  // Account 5's own post on the WeChat bug shares no headline word with the repost that account 5 also runs,
  // which alone would keep account 5's repost out of the story.
  const repostText =
    '今日热传：微信客户端3.9版本 1click RCE 的 TSRC 最终处置结果，腾讯安全应急响应中心确认已修复，影响范围有限，请用户尽快升级客户端。';
  const own = post(1, 5, 'WX漏洞', '微信 3.9 版本 RCE 漏洞，点击恶意链接即可执行代码，已有复现视频流传。');
  const original = post(2, 6, '【吃瓜】今日热传：微信客户端3.9版本 1click RCE的TSRC最终处置结果', repostText);
  const related = post(
    3,
    7,
    '微信3.9 RCE漏洞 听说已有受害者',
    '微信 3.9 版本 RCE 漏洞，点击恶意链接即可执行代码，TSRC 已处置。',
  );
  const repost = post(4, 5, '【吃瓜】今日热传：微信客户端3.9版本 1click RCE的TSRC最终处置结果', repostText);
  const groups = clusterArticles([...LABELLED, own, original, related, repost], opts);
  const storyOf = (d: ArticleDoc) => groups.findIndex((g) => g.includes(d.id));
  assert.equal(storyOf(own), storyOf(original), "the story holds account 5's own post");
  assert.equal(storyOf(repost), storyOf(original));
});

test("one vendor's batch of fixes told by several outlets is one story; a single advisory of it is another", () => {
  // Two outlets' words for one Critical Patch Update: little shared but the vendor and "many flaws".
  const qax = post(
    1,
    1,
    'Oracle 2025年7月补丁日多产品高危漏洞安全风险通告',
    '漏洞概述 影响产品 Oracle WebLogic Server、MySQL Server等 公开时间 2025-07-16 影响对象数量级 百万级 评级 高危 利用可能性 中',
  );
  const cnnvd = post(
    2,
    2,
    'CNNVD关于Oracle多个安全漏洞的通报',
    '近日，Oracle官方发布多个安全漏洞的公告，其中产品本身漏洞79个，涉及Siebel CRM、E-Business Suite、Financial Services等。',
  );
  const weblogic = post(
    3,
    3,
    'Oracle WebLogic Server 未授权访问漏洞(CVE-2025-30762)',
    'Oracle WebLogic Server 存在未授权访问漏洞（CVE-2025-30762），攻击者可远程获取敏感信息，已在7月补丁中修复。',
  );
  assert.equal(articleFeatures(qax).bundle, true);
  assert.equal(storiesOf(qax, cnnvd), 1);
  // In a week full of Oracle news every word of theirs is common and the model alone would not link them.
  const common = { idf: () => 1, maxIdf: () => 8, generation: 0 };
  const e = scorePair(articleFeatures(qax), articleFeatures(cnnvd), common);
  assert.ok(e.score >= e.needed, `score ${e.score} ≥ ${e.needed}`);
  assert.equal(evidence(qax, weblogic).gate, 'bundle-and-advisory');
  assert.equal(storiesOf(qax, cnnvd, weblogic), 2);
  // A KEV addition of two CVEs lists each product; an advisory for one of them is another event.
  const kev = post(
    5,
    5,
    'CISA Adds Two Known Exploited Vulnerabilities to Catalog',
    'CISA has added two new vulnerabilities to its Known Exploited Vulnerabilities (KEV) Catalog: CVE-2025-11371 ' +
      'Gladinet CentreStack and Triofox Files or Directories Accessible Vulnerability; CVE-2025-48703 CWP Control Web ' +
      'Panel OS Command Injection Vulnerability.',
    5,
    'en',
  );
  const cwp = post(
    6,
    6,
    'A Vulnerability in CWP (Control Web Panel) Could Allow for Remote Code Execution',
    'A vulnerability has been discovered in CWP (aka Control Web Panel), which could allow code execution.',
    6,
    'en',
  );
  assert.equal(evidence(kev, cwp).gate, 'bundle-and-advisory');
  // Bulletins by one issuer about two vendors' batches are two events.
  const ms = post(
    4,
    4,
    'CNNVD 紧急通报，微软多个安全漏洞',
    '近日，微软官方发布了多个安全漏洞的公告，涉及Windows、Office等产品，建议尽快更新。',
  );
  assert.equal(storiesOf(cnnvd, ms), 2);
});

test('headlines that report no event: opinion, webinars, pentest write-ups, adverts, two-story digests', () => {
  for (const title of [
    'Why password management defines PCI DSS success',
    'Webinar: Learn to spot risks and patch',
    '记一次实战小程序漏洞测试到严重漏洞',
    '乐橙SRC专属福利大放送！！',
    '.NET 内网攻防实战电子报刊',
    '研究显示：美国青少年使用AI伴侣；CNNVD关于Oracle多个安全漏洞的通报',
  ]) {
    assert.equal(articleFeatures(post(1, 1, title, '')).noEvent, true, title);
  }
  // 《华尔街日报》 is a newspaper's name, not a 日报 digest.
  for (const title of [
    'Quttera launches evidence-as-code API for PCI DSS compliance',
    '微信3.9 RCE漏洞 听说已有受害者',
    '《华尔街日报》称美国多家电信运营商遭入侵，涉“盐台风”',
  ]) {
    assert.equal(articleFeatures(post(1, 1, title, '')).noEvent, false, title);
  }
});

test('two bundles of one feed that differ by a number word are two events', () => {
  const bundle = (id: number, n: string) =>
    post(
      id,
      9,
      `CISA Releases ${n} Industrial Control Systems Advisories`,
      'CISA released industrial control systems advisories today, on current security issues.',
      id,
      'en',
    );
  const [five, four] = [bundle(1, 'Five'), bundle(2, 'Four')];
  assert.deepEqual(articleFeatures(five).marks, ['5']);
  assert.equal(evidence(five, four).gate, 'same-feed');
  assert.equal(storiesOf(five, four), 2);
});

test("one publisher's feeds count as one feed; platforms that host many publishers do not", () => {
  const summary = 'Microsoft Sentinel data lake brings hunting and automation to security teams.';
  const blog = (id: number, feedId: number, path: string, title: string) => ({
    ...post(id, feedId, title, summary, id, 'en'),
    url: `https://techcommunity.microsoft.com/t5/${path}`,
  });
  const a = blog(
    1,
    1,
    'microsoft-security-community/unlocking',
    'Unlocking developer innovation with Sentinel data lake',
  );
  const b = blog(2, 2, 'microsoft-sentinel-blog/automating', 'Automating IOC hunts in Microsoft Sentinel data lake');
  assert.equal(articleFeatures(a).publisher, 'techcommunity.microsoft.com');
  assert.equal(evidence(a, b).gate, 'same-feed');
  const wechat = (d: ArticleDoc) => ({ ...d, url: `https://mp.weixin.qq.com/s?__biz=${d.feedId}` });
  assert.equal(articleFeatures(wechat(a)).publisher, '');
  assert.equal(evidence(wechat(a), wechat(b)).sameFeed, false);
});

test("a big story's next report joins it through the words the story itself made common", () => {
  // Ten accounts on one WeChat bug make 微信 and 3.9 too common in the window to find candidates by; the next
  // report shares little else with them.
  const variants = [
    '微信3.9 RCE漏洞预警',
    '微信3.9版本RCE漏洞复现',
    '微信 3.9 一键RCE漏洞分析',
    '微信3.9 RCE漏洞处置结果',
    '微信3.9客户端RCE漏洞',
    '关于微信3.9 RCE漏洞',
    '微信3.9 RCE漏洞已修复',
    '微信3.9 RCE漏洞细节',
    '微信3.9 RCE 漏洞通报',
    '微信3.9 RCE漏洞来了',
  ];
  const reports = variants.map((title, k) =>
    post(
      20 + k,
      20 + k,
      title,
      `微信 3.9 版本客户端存在RCE漏洞，点击恶意链接即可在电脑上执行代码，腾讯已发布修复版本（第${k + 1}篇）。`,
      20 + k / 4,
    ),
  );
  const next = post(
    40,
    40,
    '【安全圈】赶快升级！微信Windows端安全漏洞曝光 黑客可执行远程代码',
    '微信 Windows 端被曝存在安全漏洞，黑客可借此执行远程代码，用户应尽快升级到 3.9 最新版本。',
    24,
  );
  assert.equal(storiesOf(...reports), 1, 'the ten reports are one story');
  assert.equal(storiesOf(...reports, next), 1);
});
