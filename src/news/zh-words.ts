// Chinese words for story features, by jieba's dictionary (@node-rs/jieba: the Rust port, with prebuilt binaries
// for Linux x64/arm64 (glibc and musl), macOS and Windows, so no build step). Why words and not the character
// bigrams the search index uses: a bigram per character pair makes every headline half cross-word fragments
// (安天智甲终端 → 天智 智甲 甲终 终端), which dilute the similarity of two reports of one event; the words
// (终端 防御 系统) are what they share. The search index keeps bigrams, where a segmenter's context-dependent
// splits would lose exact matches.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { BILINGUAL_NAMES } from './lexicon/bilingual-names.js';
import { ZH_SEGMENTATION_WORDS } from './lexicon/zh-segmentation-words.js';

// Loading the dictionary takes ~250 ms and 40–65 MB of RSS, so it waits for the first Chinese article.
let jieba: Jieba | null = null;

/** jieba with our words on top, each frequent enough to win against the general dictionary's splits. */
function segmenter(): Jieba {
  // A dictionary line is "word freq tag": a name with a space in it cannot be one word.
  const names = BILINGUAL_NAMES.flatMap((n) => n.zh).filter((w) => !/\s/.test(w));
  const words = new Set([...ZH_SEGMENTATION_WORDS, ...names]);
  const j = Jieba.withDict(dict);
  j.loadDict(Buffer.from([...words].map((w) => `${w} 100000 nz`).join('\n')));
  return j;
}

/**
 * The words of a Chinese run in jieba's search mode: a long word and the dictionary words inside it (产品升级 →
 * 产品 升级 产品升级), so two reports that segment one phrase differently still meet. HMM on: an unknown name
 * (安天智甲) stays one word instead of falling into single characters. Single characters are dropped, but with
 * `keepUnknown` a run of them becomes one term: what jieba could not place is often a name (金和OA, 信呼OA),
 * and in a headline it may be the one thing that tells two posts apart.
 */
export function chineseWords(run: string, keepUnknown = false): string[] {
  jieba ??= segmenter();
  const out: string[] = [];
  let singles = '';
  for (const w of jieba.cutForSearch(run, true)) {
    if (w.length >= 2) {
      if (singles.length >= 2 && keepUnknown) out.push(singles);
      singles = '';
      out.push(w);
    } else singles += w;
  }
  if (singles.length >= 2 && keepUnknown) out.push(singles);
  return out;
}
