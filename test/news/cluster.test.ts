import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArticleDoc } from '../../src/news/article.js';
import { assignToStories, clusterArticles, DEFAULT_WINDOW_MS } from '../../src/news/cluster.js';
import { articleFeatures } from '../../src/news/story-features.js';
import { scorePair } from '../../src/news/story-score.js';
import { DEFAULT_WINDOW_OPTIONS, StoryWindow } from '../../src/news/story-window.js';
import { evaluateClustering, LABELLED, type LabelledDoc } from '../fixtures/cluster-labelled.js';

const HOUR = 3_600_000;
const opts = { windowMs: DEFAULT_WINDOW_MS };

function doc(story: string, source: string): LabelledDoc {
  const found = LABELLED.find((d) => d.story === story && d.source === source);
  assert.ok(found, `${story}/${source} in the labelled set`);
  return found;
}

const groupOf = (groups: number[][], id: number) => groups.findIndex((g) => g.includes(id));

/** Pair evidence with term rarity from the whole labelled set, as a window holding it would give. */
function evidence(a: ArticleDoc, b: ArticleDoc) {
  const win = new StoryWindow({ ...DEFAULT_WINDOW_OPTIONS, windowMs: 1e12 });
  for (const d of LABELLED) {
    win.advance(d.published);
    win.add(articleFeatures(d), d.id);
  }
  return scorePair(articleFeatures(a), articleFeatures(b), win);
}

test('labelled set: pairwise precision ≥ 0.95 and recall ≥ 0.8', () => {
  const r = evaluateClustering();
  assert.ok(LABELLED.length >= 120 && new Set(LABELLED.map((d) => d.story)).size >= 25);
  assert.ok(r.precision >= 0.95, `precision ${r.precision.toFixed(3)}`);
  assert.ok(r.recall >= 0.8, `recall ${r.recall.toFixed(3)}`);
});

test('every article lands in exactly one group', () => {
  const groups = clusterArticles(LABELLED, opts);
  assert.deepEqual(
    groups.flat().sort((a, b) => a - b),
    LABELLED.map((d) => d.id).sort((a, b) => a - b),
  );
  assert.deepEqual(clusterArticles([], opts), []);
});

test('Casio: The Record, BleepingComputer, SecurityWeek and 安全内参 are one story; Nidec stays apart', () => {
  const groups = clusterArticles(LABELLED, opts);
  const casio = ['The Record', 'BleepingComputer', 'SecurityWeek', '安全内参'].map((s) => doc('casio', s).id);
  const g = groupOf(groups, casio[0]!);
  for (const id of casio) assert.equal(groupOf(groups, id), g);
  for (const d of LABELLED.filter((x) => x.story === 'nidec')) assert.notEqual(groupOf(groups, d.id), g);
});

test('"X hit by ransomware" vs "Y hit by ransomware" stays apart even in a batch of two', () => {
  for (const [a, b] of [
    [doc('casio', 'BleepingComputer'), doc('nidec', 'BleepingComputer')],
    [doc('casio', '安全内参'), doc('nidec', 'FreeBuf')],
    [doc('port-seattle', 'The Record'), doc('umc-health', 'The Record')],
  ] as const) {
    assert.equal(clusterArticles([a, b], opts).length, 2, `${a.title} / ${b.title}`);
  }
});

test('two Fortinet CVEs are two stories: headlines naming different CVEs never link', () => {
  const base = {
    feedId: 1,
    source: 'A',
    bodyText: '',
    url: null,
    language: 'en',
    published: LABELLED[0]!.published,
    cves: [],
  };
  const a: ArticleDoc = {
    ...base,
    id: 1,
    title: 'Fortinet FortiManager flaw CVE-2024-47575 exploited',
    summary: 'Fortinet warns of attacks on FortiManager.',
  };
  const b: ArticleDoc = {
    ...base,
    id: 2,
    feedId: 2,
    title: 'Fortinet FortiOS flaw CVE-2024-23113 exploited',
    summary: 'Fortinet warns of attacks on FortiOS.',
  };
  const e = evidence(a, b);
  assert.equal(e.cve, 'disjoint');
  assert.equal(e.score, 0);
  assert.equal(clusterArticles([a, b], opts).length, 2);
});

test('a 50-CVE roundup does not glue the stories whose CVEs it lists', () => {
  const roundup = LABELLED.find((d) => d.story === 'noise-weekly-roundup')!;
  assert.ok(roundup.cves.length >= 50);
  assert.deepEqual(
    clusterArticles(LABELLED, opts).find((g) => g.includes(roundup.id)),
    [roundup.id],
  );
});

const zhAdvisory = (id: number, feedId: number, title: string, summary: string, hours = id): ArticleDoc => ({
  id,
  feedId,
  source: `account ${feedId}`,
  title,
  summary,
  bodyText: '',
  url: null,
  language: 'zh',
  published: LABELLED[0]!.published + hours * HOUR,
  cves: [],
});

test('one CVE, many outlets: advisories that name it in the headline are one story', () => {
  const titles = [
    '【漏洞通告】Linux sudo 本地提权漏洞（CVE-2025-32463）',
    'sudo chroot 提权漏洞 CVE-2025-32463 复现',
    'CVE-2025-32463：sudo 权限提升漏洞分析',
    '【高危预警】sudo本地权限提升漏洞(CVE-2025-32463)安全风险通告',
    '漏洞预警 | Sudo chroot选项本地提权漏洞（CVE-2025-32463）',
  ];
  const docs = titles.map((t, k) =>
    zhAdvisory(k + 1, k + 1, t, `${t}。攻击者可利用该漏洞获取root权限，建议尽快升级。`),
  );
  assert.equal(clusterArticles(docs, opts).length, 1);
});

test("a repost by several accounts is one story; one feed's series posts are not", () => {
  const text =
    '某安全团队发布研究报告，披露一款新型窃密木马通过伪装成即时通讯软件安装包传播，已感染超过两千台终端，窃取浏览器凭据与加密货币钱包。';
  const reposts = [1, 2, 3].map((k) =>
    zhAdvisory(k, k, '新型窃密木马伪装即时通讯软件传播', `点击上方蓝字关注我们 ${text}`),
  );
  assert.equal(clusterArticles(reposts, opts).length, 1);
  const series = ['漏洞预警 | 信呼OA SQL注入漏洞', '漏洞预警 | 金和OA SQL注入漏洞'].map((t, k) =>
    zhAdvisory(10 + k, 9, t, `${t}。0x01 危险等级 高危 0x02 漏洞概述 未经身份验证的攻击者可以获取数据库敏感信息。`),
  );
  assert.equal(clusterArticles(series, opts).length, 2);
  const episodes = [
    'ISC Stormcast For Monday, November 24th, 2025',
    'ISC Stormcast For Tuesday, November 25th, 2025',
  ].map((t, k): ArticleDoc => ({
    ...zhAdvisory(20 + k, 7, t, 'Daily podcast with the security news of the day. Listen now.', 24 * k),
    language: 'en',
  }));
  assert.equal(clusterArticles(episodes, opts).length, 2);
});

test("a follow-up joins while the story's latest article is within the window, measured from it", () => {
  // Reposts by three accounts 60 h apart: each is within the window of the one before, not of the first.
  const text =
    '研究人员披露一款新型后门程序通过伪造的驱动更新包传播，已在多个行业的终端上发现，攻击者借此长期潜伏并窃取内网凭据。';
  const post = (id: number, hours: number) => zhAdvisory(id, id, '新型后门伪装驱动更新包传播', text, hours);
  assert.equal(
    clusterArticles([post(1, 0), post(2, 60), post(3, 120)], opts).length,
    1,
    'the third is 120 h after the first',
  );
  assert.equal(clusterArticles([post(1, 0), post(2, 73)], opts).length, 2, 'beyond the window of the latest article');
});

test('features are a function of the article alone and survive a JSON round trip', () => {
  const d = doc('casio', '安全内参');
  const f = articleFeatures(d);
  assert.deepEqual(articleFeatures({ ...d }), f);
  assert.deepEqual(JSON.parse(JSON.stringify(f)), f);
  assert.ok(f.anchors.includes('casio'), 'the lexicon maps 卡西欧 to casio');
});

test('batch and trickle give the same stories', () => {
  const sorted = [...LABELLED].sort((x, y) => x.published - y.published);
  const batch = clusterArticles(sorted, opts);
  const storyOf = new Map<number, number>(),
    recent: Array<ArticleDoc & { storyId: number }> = [];
  let next = 1;
  for (let start = sorted[0]!.published; recent.length < sorted.length; start += 3 * HOUR) {
    const slice = sorted.filter((d) => d.published >= start && d.published < start + 3 * HOUR);
    const { stories } = assignToStories(slice, recent, opts);
    for (const d of slice) {
      const s = stories.get(d.id)!;
      const id = s === null ? next++ : s > 0 ? s : storyOf.get(-s)!;
      storyOf.set(d.id, id);
      recent.push({ ...d, storyId: id });
    }
  }
  const key = (groups: number[][]) => groups.map((g) => [...g].sort((x, y) => x - y).join(',')).sort();
  const trickle = new Map<number, number[]>();
  for (const [id, s] of storyOf) (trickle.get(s) ?? trickle.set(s, []).get(s)!).push(id);
  assert.deepEqual(key([...trickle.values()]), key(batch));
});

test('assignToStories joins recent stories, opens new ones and links new articles of one batch', () => {
  const recent = [
    ...['The Record', 'BleepingComputer', 'SecurityWeek'].map((s) => ({ ...doc('casio', s), storyId: 10 })),
    ...['BleepingComputer', 'The Record'].map((s) => ({ ...doc('nidec', s), storyId: 20 })),
  ];
  const casioZh = doc('casio', '安全内参'),
    nidecZh = doc('nidec', 'FreeBuf');
  const okta1 = doc('okta', 'BleepingComputer'),
    okta2 = doc('okta', 'SecurityWeek'),
    lone = doc('noise-funding', 'SecurityWeek');
  const { stories, features } = assignToStories([okta1, casioZh, nidecZh, okta2, lone], recent, opts);
  assert.equal(stories.get(casioZh.id), 10);
  assert.equal(stories.get(nidecZh.id), 20);
  assert.equal(stories.get(okta1.id), null); // published first, so it leads
  assert.equal(stories.get(okta2.id), -okta1.id);
  assert.equal(stories.get(lone.id), null);
  // Features for the five new articles and for the five recent ones that had none cached.
  assert.deepEqual(
    [...features.keys()].sort(),
    [okta1, casioZh, nidecZh, okta2, lone, ...recent].map((d) => d.id).sort(),
  );
  const cached = recent.map((d) => ({ ...d, features: features.get(d.id)! }));
  assert.equal(assignToStories([okta1], cached, opts).features.size, 1, 'cached features are not recomputed');
  assert.deepEqual([...assignToStories([], recent, opts).stories], []);
});

test('an article already among the recent ones is treated as new', () => {
  const a = doc('okta', 'BleepingComputer');
  assert.deepEqual([...assignToStories([a], [{ ...a, storyId: 5 }], opts).stories], [[a.id, null]]);
});

const enPost = (id: number, feedId: number, title: string, summary: string, hours = id): ArticleDoc => ({
  ...zhAdvisory(id, feedId, title, summary, hours),
  language: 'en',
});

test('an explainer or a round-up joins no story; the news it shares words with stays one story', () => {
  const kev =
    'CISA added the OpenPLC ScadaBR cross-site scripting flaw CVE-2021-26829 to its Known Exploited Vulnerabilities catalog after attacks.';
  const news = [
    enPost(1, 1, 'CISA adds exploited OpenPLC ScadaBR cross-site scripting flaw to KEV', kev),
    enPost(2, 2, 'OpenPLC ScadaBR cross-site scripting flaw exploited, CISA warns', kev),
  ];
  const explainer = enPost(
    3,
    3,
    'What is Cross-Site Scripting (XSS)? ScadaBR and OpenPLC examples',
    "Cross-site scripting lets an attacker run script in a victim's browser; flaws such as the one in OpenPLC ScadaBR show how.",
  );
  const roundup = enPost(
    4,
    4,
    'Week in review: OpenPLC ScadaBR cross-site scripting flaw exploited, more',
    'This week: the exploited ScadaBR cross-site scripting flaw, a new phishing kit, and ransomware at a retailer.',
  );
  const groups = clusterArticles([...news, explainer, roundup], opts);
  assert.equal(groupOf(groups, 1), groupOf(groups, 2), 'the two news reports are one story');
  for (const alone of [3, 4]) assert.deepEqual(groups[groupOf(groups, alone)], [alone], `article ${alone} stays alone`);
  assert.equal(evidence(news[0]!, explainer).gate, 'no-event');
});

test('a story holding another post of the same feed takes no unrelated post of that feed through a third source', () => {
  // A CISA bundle names each advisory; the advisories come from one feed and share nothing but boilerplate.
  const bundle = enPost(
    1,
    1,
    'CISA releases three industrial control systems advisories',
    'CISA released three ICS advisories: Rockwell Automation Arena Simulation, Festo Compact Vision System and SiRcom SMART Alert.',
  );
  const advisory = (id: number, title: string) =>
    enPost(
      id,
      2,
      title,
      `${title}. CISA ICS advisory: successful exploitation could allow remote code execution.`,
      1 + id / 10,
    );
  const groups = clusterArticles(
    [
      bundle,
      advisory(2, 'Rockwell Automation Arena Simulation'),
      advisory(3, 'Festo Compact Vision System'),
      advisory(4, 'SiRcom SMART Alert'),
    ],
    opts,
  );
  for (const [a, b] of [
    [2, 3],
    [2, 4],
    [3, 4],
  ] as const)
    assert.notEqual(groupOf(groups, a), groupOf(groups, b), `advisories ${a} and ${b} apart`);
});
