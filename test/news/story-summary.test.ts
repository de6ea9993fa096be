import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArticleDoc } from '../../src/news/article.js';
import { containsBoilerplate, splitSentences } from '../../src/news/sentences.js';
import { factsOf, knownFacts, novelty } from '../../src/news/story-facts.js';
import {
  articleSummary,
  inLanguage,
  readsAsProse,
  STORY_MAX_CHARS,
  storySummary,
} from '../../src/news/story-summary.js';

let nextId = 0;
function doc(source: string, title: string, summary: string, language = 'en'): ArticleDoc {
  nextId++;
  return {
    id: nextId,
    feedId: nextId,
    source,
    title,
    summary,
    bodyText: '',
    url: null,
    language,
    published: nextId,
    cves: [],
  };
}

const HAN = /\p{Script=Han}/u;

// One ransomware attack as four outlets told it; only the third says who and how much.
const RECORD = doc(
  'The Record',
  'Casio says ransomware attack disrupted its systems',
  'Japanese electronics maker Casio confirmed that a ransomware attack disrupted internal systems and may have exposed personal data. ' +
    'The company said it is working with outside experts to restore operations.',
);
const BLEEPING = doc(
  'BleepingComputer',
  'Casio discloses breach after ransomware gang leaks files',
  'Casio has disclosed a cyberattack on its network. The Underground ransomware gang claimed responsibility on its leak site.',
);
const SECURITYWEEK = doc(
  'SecurityWeek',
  'Casio ransomware attack: data stolen, earnings delayed',
  'Casio says the attack on its network compromised personal information of employees and customers. ' +
    'The Underground gang says it stole 204.9 GB of files, and Casio has postponed its quarterly earnings report.',
);
const SECRSS = doc(
  '安全内参',
  '日本卡西欧公司遭勒索软件攻击',
  '卡西欧确认其网络遭到勒索软件攻击，部分员工和客户的个人信息可能已经泄露。Underground勒索团伙宣称对此负责，并称窃取了204.9 GB数据。',
  'zh',
);

test('the lead lacks the gang and the figure; the story summary names both, after the lead sentence', () => {
  const s = storySummary({ lead: RECORD, others: [BLEEPING, SECURITYWEEK, SECRSS] }, 'en');
  assert.ok(s.startsWith('Japanese electronics maker Casio confirmed'), s);
  assert.match(s, /Underground/);
  assert.match(s, /204\.9 GB/);
  assert.ok(s.length <= STORY_MAX_CHARS.en, `${s.length}`);
  assert.equal(splitSentences(s, 'en').length, 2);
  assert.doesNotMatch(articleSummary(RECORD), /Underground|204\.9/, 'the lead alone has neither');
});

test('the sentence with more new facts wins, and the summary stays at two sentences', () => {
  // The gang in one outlet, the figure and the delay in another: one sentence can be added.
  const gang = doc(
    'BleepingComputer',
    'Casio breach claimed',
    'The Underground ransomware gang claimed the attack on its leak site.',
  );
  const figure = doc(
    'SecurityWeek',
    'Casio data theft',
    'Hackers stole 204.9 GB of files, and Casio postponed its quarterly earnings report.',
  );
  const s = storySummary({ lead: RECORD, others: [gang, figure] }, 'en');
  assert.match(s, /204\.9 GB/);
  assert.doesNotMatch(s, /Underground/);
  assert.equal(splitSentences(s, 'en').length, 2);
});

test('a source that only retells the lead adds nothing: one sentence', () => {
  const lead = doc(
    'The Record',
    'Casio hit by ransomware',
    'Casio said a ransomware attack disrupted its internal systems on Saturday.',
  );
  const retold = doc(
    'SecurityWeek',
    'Casio ransomware attack',
    'A ransomware attack disrupted internal systems at Casio on Saturday, the company said.',
  );
  const s = storySummary({ lead, others: [retold] }, 'en');
  assert.equal(s, 'Casio said a ransomware attack disrupted its internal systems on Saturday.');
  // The same retelling with the gang named is worth adding.
  const named = doc(
    'SecurityWeek',
    'Casio ransomware attack',
    'The Underground gang disrupted internal systems at Casio on Saturday, the company said.',
  );
  assert.match(storySummary({ lead, others: [named] }, 'en'), /Underground/);
});

test('a Chinese story: the Chinese lead plus what another Chinese report adds, within 160 characters', () => {
  const lead = doc(
    'FreeBuf',
    '卡西欧遭勒索软件攻击',
    '日本电子产品制造商卡西欧确认，其内部系统遭勒索软件攻击后中断。公司表示正在调查。',
    'zh',
  );
  const s = storySummary({ lead, others: [RECORD, SECRSS] }, 'zh');
  assert.ok(s.startsWith('日本电子产品制造商卡西欧确认'), s);
  assert.match(s, /Underground/);
  assert.match(s, /204\.9 GB/);
  assert.ok(s.length <= STORY_MAX_CHARS.zh, `${s.length}`);
  assert.doesNotMatch(s, /Japanese|electronics/, 'no English sentence in a Chinese summary');
});

test("the lead's own later sentence competes with the other sources'", () => {
  const lead = doc(
    'FreeBuf',
    '卡西欧遭勒索软件攻击',
    '卡西欧确认其内部系统遭勒索软件攻击后中断。公司表示正在调查。Underground勒索团伙宣称窃取了204.9 GB数据。',
    'zh',
  );
  const retold = doc('嘶吼', '卡西欧遭攻击', '卡西欧内部系统遭勒索软件攻击后中断。', 'zh');
  assert.equal(
    storySummary({ lead, others: [retold] }, 'zh'),
    '卡西欧确认其内部系统遭勒索软件攻击后中断。Underground勒索团伙宣称窃取了204.9 GB数据。',
  );
  // With no other source in the summary's language, the lead's own summary, as before stories.
  assert.equal(storySummary({ lead: SECRSS, others: [RECORD, BLEEPING] }, 'zh'), articleSummary(SECRSS));
});

test('a source in another language is never used, however much it adds', () => {
  const s = storySummary({ lead: RECORD, others: [SECRSS] }, 'en');
  assert.doesNotMatch(s, HAN);
  assert.equal(s, articleSummary(RECORD));
  // Mislabelled: tagged English, written in Chinese. Its sentences are Chinese all the same.
  const mislabelled = { ...SECRSS, language: 'en', id: 999 };
  const m = storySummary({ lead: RECORD, others: [mislabelled] }, 'en');
  assert.doesNotMatch(m, HAN);
  assert.equal(
    m,
    'Japanese electronics maker Casio confirmed that a ransomware attack disrupted internal systems and may have exposed personal data.',
  );
});

test('a lead in another language keeps its own summary: nothing offline translates it', () => {
  assert.equal(storySummary({ lead: SECRSS, others: [RECORD, SECURITYWEEK] }, 'en'), articleSummary(SECRSS));
});

test('a story of one article gets the article summary, as before stories', () => {
  assert.equal(storySummary({ lead: RECORD, others: [] }, 'en'), articleSummary(RECORD));
});

test('a lead with nothing beyond its headline hands the first sentence to the next source', () => {
  const bare = doc('The Record', 'Casio hit by ransomware', 'Casio hit by ransomware');
  const s = storySummary({ lead: bare, others: [BLEEPING, SECURITYWEEK] }, 'en');
  assert.ok(s.length > 0);
  assert.match(s, /Underground/);
});

test('boilerplate, cut-off teasers and sentences that lean on a missing one are not added', () => {
  const junk = doc(
    'Security Affairs',
    'Casio data leak',
    'Casio was attacked. The post Casio hit by Underground gang, 204.9 GB leaked appeared first on Security Affairs.',
  );
  const cut = doc(
    'HackRead',
    'Casio data leak',
    'Casio was attacked. The Underground gang says it stole 204.9 GB of files and',
  );
  const leaning = doc(
    'Dark Reading',
    'Casio data leak',
    'Casio was attacked. It says the Underground gang stole 204.9 GB of files.',
  );
  for (const other of [junk, cut, leaning]) {
    const s = storySummary({ lead: RECORD, others: [other] }, 'en');
    assert.equal(containsBoilerplate(s), false, s);
    assert.doesNotMatch(s, /Underground|204\.9/, other.source);
  }
  assert.equal(readsAsProse('The Underground gang stole 204.9 GB of files.', 'en'), true);
  assert.equal(readsAsProse('Acronis said in a', 'en'), false);
  assert.equal(
    readsAsProse('5 Suzanne Smalley, “Judge Bars NSO From Targeting WhatsApp Users With Spyware,” The Record.', 'en'),
    false,
  );
  assert.equal(
    readsAsProse('Nach der Verbindung kopierte es Browser-Dateien für die spätere Offline-Analyse.', 'en'),
    false,
  );
});

test('facts: figures with units, names, CVEs and impact; what the reader has is not new', () => {
  const facts = factsOf(
    'The Underground gang stole 204.9 GB from 6,400 customers via CVE-2024-3400 in 2024, delaying earnings.',
  );
  const keys = facts.map((f) => `${f.kind}:${f.key}`);
  for (const k of [
    'name:underground',
    'figure:204.9',
    'figure:6400',
    'cve:CVE-2024-3400',
    'impact:theft',
    'impact:delay',
  ])
    assert.ok(keys.includes(k), k);
  assert.ok(!keys.includes('figure:2024'), 'a year is not a figure');
  assert.ok(!keys.some((k) => k.startsWith('figure:3400')), 'CVE digits are not a figure');
  assert.ok(
    factsOf('Underground勒索团伙窃取了卡西欧约6500名员工的数据').some((f) => f.key === 'underground'),
    'a Latin name in Chinese text',
  );
  assert.ok(
    factsOf('Underground勒索团伙窃取了卡西欧约6500名员工的数据').some((f) => f.key === '6500'),
    'a Chinese measure word',
  );
  const known = knownFacts(['Casio America hit by Underground gang', 'It lost 204.9 GB.']);
  assert.equal(novelty(factsOf('The Underground gang stole 204.9GB from Casio.'), known), 0.5, 'only the theft is new');
  assert.equal(inLanguage('卡西欧确认遭Underground攻击。', 'zh'), true);
  assert.equal(inLanguage('卡西欧确认遭Underground攻击。', 'en'), false);
});

test('limits hold over generated stories: at most two whole sentences of the reports, within the cap', () => {
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const en = [
    'ransomware',
    'attack',
    'Casio',
    'Underground',
    'stole',
    'data',
    'the',
    'company',
    'said',
    '204.9 GB',
    '$85 million',
    'CVE-2024-3400',
    '6,400 customers',
    'delayed',
    'Inc.',
    'v1.2',
  ];
  const zh = [
    '勒索',
    '攻击',
    '卡西欧',
    'Underground',
    '窃取',
    '数据',
    '公司',
    '表示',
    '204.9 GB',
    '6500名',
    'CVE-2024-3400',
    '推迟',
  ];
  const sentence = (words: string[], end: string) =>
    Array.from({ length: 3 + rand(40) }, () => words[rand(words.length)]).join(words === zh ? '' : ' ') + end;
  const article = (lang: 'en' | 'zh') => {
    const text = Array.from({ length: 1 + rand(5) }, () =>
      sentence(lang === 'en' ? en : zh, lang === 'en' ? '.' : '。'),
    ).join(lang === 'en' ? ' ' : '');
    return doc(`S${rand(100)}`, lang === 'en' ? 'Casio ransomware attack' : '卡西欧遭勒索攻击', text, lang);
  };
  for (let i = 0; i < 300; i++) {
    const lang = rand(2) ? 'en' : 'zh';
    const lead = article(lang);
    const others = Array.from({ length: rand(5) }, () => article(rand(4) ? lang : lang === 'en' ? 'zh' : 'en'));
    const s = storySummary({ lead, others }, lang);
    const limit = others.some((o) => o.language === lang) ? STORY_MAX_CHARS[lang] : lang === 'en' ? 280 : 140;
    assert.ok(s.length > 0 && s.length <= limit, `${s.length}: ${s}`);
    const sentences = splitSentences(s, lang);
    assert.ok(sentences.length <= 2, s);
    if (s.endsWith('…')) continue; // the last resort: one sentence cut to fit
    const source = [lead, ...others].map((d) => d.summary).join(' ');
    for (const part of sentences)
      assert.ok(source.includes(part.replace(/[.。]$/u, '')), `not from the reports: ${part}`);
  }
});
