// The characters of the base chart font (fonts/NotoSansSC-Regular-base.ttf): what labels, topic
// names, dates and most queries use. GB2312's 6,763 hanzi and its symbols, Latin, punctuation and
// full-width forms: ~7,700 glyphs, 2 MB, where the whole Noto Sans SC is 10.5 MB. A chart with a
// character outside it (a rare or traditional hanzi in a /trend query) is cut from the full font.
import iconv from 'iconv-lite';

const RANGES: Array<[number, number]> = [
  [0x20, 0x7e], // ASCII
  [0xa0, 0x17f], // Latin-1 and Latin Extended-A (names in English news)
  [0x2000, 0x206f], // general punctuation: dashes, quotes, …, ‰
  [0x2190, 0x21ff], // arrows
  [0x2460, 0x24ff], // circled numbers
  [0x25a0, 0x25ff], // geometric shapes
  [0x3000, 0x303f], // CJK punctuation
  [0xff00, 0xffef], // full-width forms
];

function gb2312(): string[] {
  const out: string[] = [];
  // Rows 0xA1–0xA9 are symbols, 0xB0–0xF7 the hanzi; 0xAA–0xAF are empty.
  for (let row = 0xa1; row <= 0xf7; row++) {
    if (row >= 0xaa && row <= 0xaf) continue;
    for (let cell = 0xa1; cell <= 0xfe; cell++) {
      const ch = iconv.decode(Buffer.from([row, cell]), 'gb2312');
      if (ch.length === 1 && ch !== '\ufffd') out.push(ch);
    }
  }
  return out;
}

let base: Set<string> | undefined;

/** Every character the base font was cut for. */
export function baseCharset(): ReadonlySet<string> {
  if (!base) {
    base = new Set(gb2312());
    for (const [from, to] of RANGES) for (let c = from; c <= to; c++) base.add(String.fromCodePoint(c));
  }
  return base;
}

/** Whether every character of `text` is in the base font's set. */
export const coveredByBase = (text: string): boolean => {
  const set = baseCharset();
  for (const ch of text) if (!set.has(ch)) return false;
  return true;
};
