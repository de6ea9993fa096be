// Ransomware groups and threat actors named in a text, for the weekly report's "most active".
// Pure. Names come from the lexicon (lexicon/threat-actors.ts, English and Chinese aliases) and
// from vendors' numbered names found by pattern (APT41, UNC3886, Storm-0501, TA505, FIN7), each
// mapped to one display name so "Salt Typhoon" and "盐台风" count as one actor.

import { RANSOMWARE_GROUPS, THREAT_ACTORS } from './lexicon/threat-actors.js';

export type ActorKind = 'ransomware' | 'actor';

export interface Actor {
  name: string;
  kind: ActorKind;
}

const HAS_HAN = /\p{Script=Han}/u;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function table(text: string, kind: ActorKind): Array<[alias: string, actor: Actor]> {
  return text
    .trim()
    .split('\n')
    .flatMap((line) => {
      const [name, aliases] = line.split(' = ');
      const actor = { name: name!.trim(), kind };
      return aliases!.split(',').map((a): [string, Actor] => [a.trim().toLowerCase(), actor]);
    });
}

const BY_ALIAS = new Map([...table(RANSOMWARE_GROUPS, 'ransomware'), ...table(THREAT_ACTORS, 'actor')]);
const byLength = (a: string, b: string) => b.length - a.length;
const LATIN = [...BY_ALIAS.keys()].filter((a) => !HAS_HAN.test(a)).sort(byLength);
const HAN = [...BY_ALIAS.keys()].filter((a) => HAS_HAN.test(a)).sort(byLength);
// Whole words: a letter or digit may not touch an alias on either side ("clop" not in "clopidogrel").
const LATIN_ALIAS = new RegExp(`(?<![\\p{L}\\p{N}])(?:${LATIN.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
const HAN_ALIAS = new RegExp(HAN.map(escape).join('|'), 'gu');
const NUMBERED_NAME = String.raw`apt[- ]?c[- ]?\d{2,3}|apt ?\d{1,3}|unc\d{3,4}|storm-\d{4}|ta\d{3,4}|fin\d{1,2}`;
const NUMBERED = new RegExp(`(?<![\\p{L}\\p{N}])(?:${NUMBERED_NAME})(?![\\p{L}\\p{N}])`, 'giu');

/** "APT 41" → "APT41", "storm-0501" → "Storm-0501". */
function numberedName(raw: string): string {
  const compact = raw
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/^APT-?C-?/, 'APT-C-');
  return compact.startsWith('STORM-') ? `Storm-${compact.slice(6)}` : compact;
}

/** The distinct groups and actors a text names. */
export function actorsIn(text: string): Actor[] {
  const found = new Map<string, Actor>();
  const add = (actor: Actor) => found.set(actor.name, actor);
  for (const m of text.matchAll(LATIN_ALIAS)) add(BY_ALIAS.get(m[0].toLowerCase())!);
  for (const m of text.matchAll(HAN_ALIAS)) add(BY_ALIAS.get(m[0])!);
  for (const m of text.matchAll(NUMBERED)) {
    const name = numberedName(m[0]);
    add(BY_ALIAS.get(name.toLowerCase()) ?? { name, kind: 'actor' });
  }
  return [...found.values()];
}
