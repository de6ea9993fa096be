// The follow-up rule: a development (arrest, takedown, PoC, patch, victim count) is news for a
// chat that was sent the story; a repost, a paraphrase or a translation is not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFacts, extractFigures, extractKinds, extractNames } from '../../src/news/facts.js';
import { assessNovelty, NOVEL_SCORE } from '../../src/news/novelty.js';

const lockbit = {
  title: 'LockBit affiliate arrested in Poland',
  summary: 'Polish police arrested a suspected LockBit ransomware affiliate accused of attacks on European companies.',
};
const ivanti = {
  title: 'Ivanti warns of exploited zero-day in Connect Secure',
  summary: 'Ivanti says CVE-2025-0282 is exploited in the wild; no patch is available yet for Policy Secure.',
};
const novel = (c: { title: string; summary: string }, sent = [lockbit]) => assessNovelty(c, sent);

test('a new event kind in the headline is an update: the LockBit takedown after the arrest', () => {
  const r = novel({
    title: 'Police dismantle LockBit infrastructure',
    summary: "Agencies from ten countries seized LockBit's servers in Operation Cronos.",
  });
  assert.equal(r.novel, true);
  assert.ok(r.score >= NOVEL_SCORE);
  assert.ok(r.newFacts.includes('kind:takedown'), r.newFacts.join());
});

test('a repost, a paraphrase and an "UPDATE:" copy are not updates', () => {
  assert.equal(novel(lockbit).novel, false);
  const paraphrase = novel({
    title: 'Poland arrests LockBit ransomware affiliate',
    summary: 'A LockBit affiliate was arrested by Polish police, accused of attacking European firms.',
  });
  assert.equal(paraphrase.novel, false, paraphrase.newFacts.join());
  assert.deepEqual(paraphrase.newFacts, []);
  // A near-copy whose only news is a stray figure in the summary is a syndicated variant.
  const copy = novel({
    title: `UPDATE: ${lockbit.title}`,
    summary: lockbit.summary.replace('on European', 'on 12 European'),
  });
  assert.deepEqual(copy.newFacts, ['figure:count:12']);
  assert.ok(copy.overlap >= 0.8, String(copy.overlap));
  assert.equal(copy.novel, false);
  const twoFigures = novel({
    title: lockbit.title,
    summary: lockbit.summary.replace('on European companies', 'on 12 European companies and 3 banks'),
  });
  assert.ok(twoFigures.score >= NOVEL_SCORE && twoFigures.overlap >= 0.8, 'enough points, but a near-copy');
  assert.equal(twoFigures.novel, false);
});

test('one new fact in the summary alone is background, not an update; two are', () => {
  const background = novel({
    title: 'What the LockBit arrest means',
    summary: 'LockBit has extorted $120 million since 2020.',
  });
  assert.deepEqual(background.newFacts, ['figure:money:120000000']);
  assert.equal(background.novel, false);
  assert.equal(
    novel({
      title: 'More on the LockBit arrest',
      summary: 'The gang had extorted $120 million; the suspect was charged.',
    }).novel,
    true,
  );
});

test('a near-copy whose headline carries the new fact is still an update', () => {
  const r = novel({ title: `${lockbit.title}; 2,000 victims identified`, summary: lockbit.summary });
  assert.equal(r.novel, true);
  assert.deepEqual(r.newFacts, ['figure:count:2000']);
});

test('figures compare by value across formats and languages; rounding is not a revision', () => {
  const sent = [
    {
      title: 'Casio breach exposed data of 1.2 million customers',
      summary: 'Casio said 1,200,000 records and $3.5M were involved.',
    },
  ];
  assert.equal(
    assessNovelty({ title: '卡西欧数据泄露：120万客户信息外泄', summary: '涉及350万美元。' }, sent).novel,
    false,
  );
  assert.equal(
    assessNovelty({ title: 'Casio: around 1.18 million customers affected', summary: '' }, sent).novel,
    false,
    'within 5 %',
  );
  assert.equal(
    assessNovelty({ title: 'Casio now says 6.4 million customers affected', summary: '' }, sent).novel,
    true,
    'a revised count',
  );
  assert.equal(assessNovelty({ title: '卡西欧称640万客户受影响', summary: '' }, sent).novel, true);
});

test('PoC, patch and CVE developments; a negated patch is not a patch', () => {
  assert.equal(novel({ title: 'PoC exploit released for Ivanti CVE-2025-0282', summary: '' }, [ivanti]).novel, true);
  const patched = novel({ title: 'Ivanti releases patches for Connect Secure zero-day', summary: '' }, [ivanti]);
  assert.deepEqual(
    patched.newFacts.filter((f) => f.startsWith('kind:')),
    ['kind:patch'],
    '"no patch is available yet" was not a patch',
  );
  assert.equal(patched.novel, true);
  assert.equal(
    novel({ title: 'Ivanti zero-day CVE-2025-0282 under attack', summary: 'Attackers exploit the flaw.' }, [ivanti])
      .novel,
    false,
  );
  assert.equal(novel({ title: 'Second Ivanti flaw CVE-2025-22457 exploited', summary: '' }, [ivanti]).novel, true);
  const afterPatch = [
    { title: 'Ivanti patches exploited Connect Secure zero-day', summary: 'Fixes are out for CVE-2025-0282.' },
  ];
  assert.equal(
    assessNovelty({ title: 'Ivanti issues fix for exploited Connect Secure bug', summary: '' }, afterPatch).novel,
    false,
  );
});

test('Chinese: 被捕 retold as 逮捕 is not news; 补丁 and a takedown are; a translation of the lead is not', () => {
  const zhLead = [{ title: 'LockBit勒索团伙成员在波兰被捕', summary: '波兰警方抓获一名LockBit附属成员。' }];
  assert.equal(assessNovelty({ title: '波兰警方逮捕LockBit勒索软件成员', summary: '' }, zhLead).novel, false);
  assert.equal(assessNovelty({ title: '多国警方捣毁LockBit基础设施', summary: '' }, zhLead).novel, true);
  assert.equal(
    assessNovelty({ title: '卡西欧发布补丁', summary: '' }, [{ title: '卡西欧遭勒索攻击，尚未修复', summary: '' }])
      .novel,
    true,
  );
  assert.equal(
    assessNovelty({ title: 'LockBit勒索软件附属成员在波兰被捕', summary: '波兰警方逮捕了一名LockBit成员。' }, [lockbit])
      .novel,
    false,
    'cross-language retelling',
  );
});

test('names alone never make an update; they tip a summary fact over the line', () => {
  const names = novel({
    title: 'Police thank Europol for LockBit arrest',
    summary: 'Officials at Eurojust, the NCA and the FBI praised Polish police.',
  });
  assert.equal(names.novel, false, names.newFacts.join());
  assert.ok(names.newFacts.some((f) => f.startsWith('name:')));
  const tipped = novel({
    title: 'LockBit affiliate named by Europol',
    summary: 'The suspect, 31, is charged with extortion.',
  });
  assert.equal(tipped.novel, true, tipped.newFacts.join());
});

test('facts: figures need a unit; years, dates, versions and CVE numbers are not figures', () => {
  assert.deepEqual(extractFigures('On October 5, 2024 version 22.7R2.5 (CVSS 9.8) was hit'), []);
  assert.deepEqual(extractFacts('CVE-2024-3400 flaw in 2024 firewalls').figures, []);
  assert.deepEqual(
    extractFigures('$1.2 million, 200GB, 3,000万条, 45%, 8,478 people, 1.5亿美元')
      .map((f) => `${f.kind}:${f.value}`)
      .sort(),
    ['count:30000000', 'count:8478', 'data:200000000000', 'money:1200000', 'money:150000000', 'percent:45'],
  );
});

test('facts: event kinds, negation, and names by case or by script', () => {
  assert.deepEqual([...extractKinds('no patch is available and it is not yet exploited')], []);
  assert.deepEqual([...extractKinds('Ivanti patched it; exploited in the wild')].sort(), ['exploited', 'patch']);
  assert.deepEqual([...extractKinds('尚未发布补丁，但已被利用')], ['exploited']);
  assert.deepEqual([...extractNames('Police Dismantle LockBit Infrastructure With FBI Help')].sort(), [
    'fbi',
    'lockbit',
  ]);
  assert.deepEqual([...extractNames('Polish police said Europol helped on Monday.')].sort(), ['europol']);
  assert.deepEqual([...extractNames('据BleepingComputer报道，LockBit遭捣毁')].sort(), ['bleepingcomputer', 'lockbit']);
});
