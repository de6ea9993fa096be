// Groups and actors named in headlines, English and Chinese, one display name per actor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actorsIn } from '../../src/news/actors.js';

const names = (text: string) =>
  actorsIn(text)
    .map((a) => `${a.name}/${a.kind}`)
    .sort();

test('names from the lexicon, in English and Chinese, as one display name', () => {
  assert.deepEqual(names('Salt Typhoon hackers breached a US National Guard network'), ['Salt Typhoon/actor']);
  assert.deepEqual(names('“盐台风”组织入侵美国国民警卫队网络'), ['Salt Typhoon/actor']);
  assert.deepEqual(names('Akira and LockBit claim attacks; 洛克比特 leak site back'), [
    'Akira/ransomware',
    'LockBit/ransomware',
  ]);
  assert.deepEqual(names('Clop exploits Oracle EBS zero-day'), ['Cl0p/ransomware']);
  assert.deepEqual(names('Scattered Lapsus$ Hunters extort Salesforce customers'), ['Scattered Lapsus$ Hunters/actor']);
});

test('numbered names are found by pattern and mapped to the name they are known by', () => {
  assert.deepEqual(names('UNC3886 targets Juniper routers; APT 41 and Storm-0501 too'), [
    'APT41/actor',
    'Storm-0501/actor',
    'UNC3886/actor',
  ]);
  assert.deepEqual(names('APT32 (海莲花) phishing'), ['OceanLotus/actor']);
  assert.deepEqual(names('APT37 backdoor'), ['ScarCruft/actor']);
});

test('common words are not groups: whole words only, and Play or Medusa only with "ransomware"', () => {
  assert.deepEqual(names('Google Play apps and the Medusa banking trojan; clopidogrel recall'), []);
  assert.deepEqual(names('Play ransomware hits a city; Medusa ransomware gang'), [
    'Medusa/ransomware',
    'Play/ransomware',
  ]);
  assert.deepEqual(names('The fantastic staff'), [], 'no "ta" number, no "fin" number');
});
