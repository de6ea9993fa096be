import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArticleDoc } from '../../src/news/article.js';
import {
  assignToStories, buildClusterContext, clusterArticles, DEFAULT_WINDOW_MS, pairEvidence, sameStory,
} from '../../src/news/cluster.js';
import { evaluateClustering, LABELLED, type LabelledDoc } from '../fixtures/cluster-labelled.js';

const HOUR = 3_600_000;
const opts = { windowMs: DEFAULT_WINDOW_MS };

function doc(story: string, source: string): LabelledDoc {
  const found = LABELLED.find((d) => d.story === story && d.source === source);
  assert.ok(found, `${story}/${source} in the labelled set`);
  return found;
}

const groupOf = (groups: number[][], id: number) => groups.findIndex((g) => g.includes(id));

test('labelled set: pairwise precision ≥ 0.95 and recall ≥ 0.8', () => {
  const r = evaluateClustering();
  assert.ok(LABELLED.length >= 120 && new Set(LABELLED.map((d) => d.story)).size >= 25);
  assert.ok(r.precision >= 0.95, `precision ${r.precision.toFixed(3)}`);
  assert.ok(r.recall >= 0.8, `recall ${r.recall.toFixed(3)}`);
  assert.equal(r.pairs, (LABELLED.length * (LABELLED.length - 1)) / 2);
});

test('every article lands in exactly one group', () => {
  const groups = clusterArticles(LABELLED, opts);
  const ids = groups.flat().sort((a, b) => a - b);
  assert.deepEqual(ids, LABELLED.map((d) => d.id).sort((a, b) => a - b));
  assert.deepEqual(clusterArticles([], opts), []);
});

test('Casio: The Record, BleepingComputer, SecurityWeek and 安全内参 are one story; Nidec stays apart', () => {
  const groups = clusterArticles(LABELLED, opts);
  const casio = ['The Record', 'BleepingComputer', 'SecurityWeek', '安全内参'].map((s) => doc('casio', s).id);
  const g = groupOf(groups, casio[0]!);
  for (const id of casio) assert.equal(groupOf(groups, id), g);
  for (const d of LABELLED.filter((x) => x.story === 'nidec')) assert.notEqual(groupOf(groups, d.id), g);
  const ctx = buildClusterContext(LABELLED);
  for (const c of LABELLED.filter((x) => x.story === 'casio')) {
    for (const n of LABELLED.filter((x) => x.story === 'nidec')) assert.equal(sameStory(c, n, ctx), false, `${c.id}/${n.id}`);
  }
});

test('"X hit by ransomware" vs "Y hit by ransomware" stays apart even in a batch of two', () => {
  for (const [a, b] of [[doc('casio', 'BleepingComputer'), doc('nidec', 'BleepingComputer')], [doc('casio', '安全内参'), doc('nidec', 'FreeBuf')],
    [doc('port-seattle', 'The Record'), doc('umc-health', 'The Record')]] as const) {
    assert.equal(clusterArticles([a, b], opts).length, 2, `${a.title} / ${b.title}`);
  }
  // Different headline names: a hard veto, not just a low score.
  assert.equal(pairEvidence(doc('casio', 'BleepingComputer'), doc('nidec', 'BleepingComputer'), buildClusterContext(LABELLED)).veto, 'names');
});

test('one shared name is not enough across languages', () => {
  // The LockBit retrospective and the Chinese report of the Spanish arrest share only "LockBit".
  const history = doc('noise-lockbit-history', 'Dark Reading'), spainZh = doc('lockbit-spain', '安全内参');
  const e = pairEvidence(history, spainZh, buildClusterContext(LABELLED));
  assert.equal(e.corroboration, 1);
  assert.ok(e.name > 0.5 && e.score === 0, JSON.stringify(e));
  assert.equal(clusterArticles([history, spainZh], opts).length, 2);
});

test('two Fortinet CVEs are two stories: disjoint CVE lists veto the pair', () => {
  const a = doc('fortimanager', 'SecurityWeek'), b = doc('fortios-kev', 'SecurityWeek');
  assert.equal(pairEvidence(a, b, buildClusterContext(LABELLED)).veto, 'cve');
  const groups = clusterArticles(LABELLED, opts);
  assert.notEqual(groupOf(groups, a.id), groupOf(groups, b.id));
});

test('LockBit arrests in Spain and Ukraine on the same day stay apart, across languages too', () => {
  const spain = LABELLED.filter((d) => d.story === 'lockbit-spain');
  const ukraine = LABELLED.filter((d) => d.story === 'lockbit-ukraine').map((d, i) => ({ ...d, published: spain[0]!.published + (i + 1) * HOUR }));
  const groups = clusterArticles([...spain, ...ukraine], opts);
  for (const s of spain) for (const u of ukraine) assert.notEqual(groupOf(groups, s.id), groupOf(groups, u.id));
  const ctx = buildClusterContext([...spain, ...ukraine]);
  assert.equal(pairEvidence(doc('lockbit-spain', 'The Record'), ukraine.find((d) => d.language === 'zh')!, ctx).veto, 'place');
  assert.equal(groupOf(groups, spain[0]!.id), groupOf(groups, spain[1]!.id));
});

test('a 50-CVE roundup does not glue the stories whose CVEs it lists', () => {
  const singles = ['fortimanager', 'fortios-kev', 'firefox-0day', 'gitlab', 'qualcomm', 'zimbra', 'litespeed', 'pan-expedition', 'ivanti-csa']
    .map((s) => LABELLED.find((d) => d.story === s && d.cves.length > 0)!);
  const roundup = LABELLED.find((d) => d.story === 'noise-weekly-roundup')!;
  assert.ok(roundup.cves.length >= 50);
  for (const s of singles) assert.ok(s.cves.some((c) => roundup.cves.includes(c)), `${s.title} shares a CVE with the roundup`);
  const groups = clusterArticles([roundup, ...singles], opts);
  assert.equal(groups.length, singles.length + 1);
  assert.deepEqual(clusterArticles(LABELLED, opts).find((g) => g.includes(roundup.id)), [roundup.id]);
});

test('a shared CVE counts only when it is most of both lists', () => {
  const cves = Array.from({ length: 50 }, (_, i) => `CVE-2024-${1000 + i}`);
  const base = { feedId: 1, source: 'Feed', bodyText: '', url: null, language: 'en', published: LABELLED[0]!.published };
  const roundup: ArticleDoc = { ...base, id: 1, title: 'Fifty flaws to patch this week', summary: 'A list of this week\'s advisories.', cves };
  const single = (id: number, list: string[]): ArticleDoc => ({ ...base, id, title: `Advisory number ${id}`, summary: 'A vendor patched a flaw.', cves: list });
  const [a, b, c] = [single(2, [cves[0]!]), single(3, [cves[0]!, cves[1]!]), single(4, [cves[0]!])];
  const ctx = buildClusterContext([roundup, a, b, c]);
  assert.equal(pairEvidence(roundup, a, ctx).cve, false); // 1 of 50
  assert.equal(pairEvidence(a, b, ctx).cve, false); // half of one list is not most of it
  assert.equal(pairEvidence(a, c, ctx).cve, true);
  assert.equal(pairEvidence(b, { ...c, id: 5, cves: [cves[1]!, cves[0]!] } as ArticleDoc, buildClusterContext([b, { ...c, id: 5, cves: [cves[1]!, cves[0]!] }])).cve, true);
});

test('an article touching a story through one link does not join it (average link, not single link)', () => {
  // The LockBit retrospective links to the Chinese report of the Ukrainian arrest only.
  const history = doc('noise-lockbit-history', 'Dark Reading');
  const ctx = buildClusterContext(LABELLED);
  assert.ok(LABELLED.some((d) => d.story === 'lockbit-ukraine' && sameStory(history, d, ctx)));
  assert.deepEqual(clusterArticles(LABELLED, opts).find((g) => g.includes(history.id)), [history.id]);
});

test('articles further apart than the window never merge, and no group spans more than the window', () => {
  const a = doc('casio', 'The Record'), b = doc('casio', 'BleepingComputer');
  assert.equal(clusterArticles([a, b], opts).length, 1);
  assert.equal(clusterArticles([a, { ...b, published: a.published + DEFAULT_WINDOW_MS + 1 }], opts).length, 2);
  assert.equal(pairEvidence(a, { ...b, published: a.published - DEFAULT_WINDOW_MS - 1 }, buildClusterContext([a, { ...b, published: a.published - DEFAULT_WINDOW_MS - 1 }])).veto, 'time');
  const byId = new Map(LABELLED.map((d) => [d.id, d]));
  for (const windowMs of [6 * HOUR, 24 * HOUR, DEFAULT_WINDOW_MS]) {
    for (const g of clusterArticles(LABELLED, { windowMs })) {
      const times = g.map((id) => byId.get(id)!.published);
      assert.ok(Math.max(...times) - Math.min(...times) <= windowMs, `group ${g.join(',')} spans more than ${windowMs / HOUR} h`);
    }
  }
});

test('assignToStories joins recent stories, opens new ones and links new articles of one batch', () => {
  const recent = [
    ...['The Record', 'BleepingComputer', 'SecurityWeek'].map((s) => ({ ...doc('casio', s), storyId: 10 })),
    ...['BleepingComputer', 'The Record'].map((s) => ({ ...doc('nidec', s), storyId: 20 })),
  ];
  const casioZh = doc('casio', '安全内参'), nidecZh = doc('nidec', 'FreeBuf');
  const okta1 = doc('okta', 'BleepingComputer'), okta2 = doc('okta', 'SecurityWeek'), lone = doc('noise-funding', 'SecurityWeek');
  const m = assignToStories([okta1, casioZh, nidecZh, okta2, lone], recent, opts);
  assert.deepEqual([...m], [[okta1.id, null], [casioZh.id, 10], [nidecZh.id, 20], [okta2.id, -okta1.id], [lone.id, null]]);
  // The leader is the first new article in input order, whatever the dates.
  const swapped = assignToStories([okta2, okta1], recent, opts);
  assert.deepEqual([...swapped], [[okta2.id, null], [okta1.id, -okta2.id]]);
});

test('assignToStories: outside the window means a new story; matching two recent stories joins one', () => {
  const recent = [{ ...doc('casio', 'The Record'), storyId: 10 }, { ...doc('casio', 'BleepingComputer'), storyId: 11 }];
  const late: ArticleDoc = { ...doc('casio', 'SecurityWeek'), published: recent[1]!.published + DEFAULT_WINDOW_MS + HOUR };
  assert.deepEqual([...assignToStories([late], recent, opts)], [[late.id, null]]);
  const onTime = doc('casio', 'SecurityWeek');
  const story = assignToStories([onTime], recent, opts).get(onTime.id);
  assert.ok(story === 10 || story === 11, `joined one of the two recent stories, got ${story}`);
  assert.deepEqual([...assignToStories([], recent, opts)], []);
});

test('an article already among the recent ones is treated as new', () => {
  const a = doc('okta', 'BleepingComputer');
  assert.deepEqual([...assignToStories([a], [{ ...a, storyId: 5 }], opts)], [[a.id, null]]);
});
