// Pure language choice for an article: the feed's declared language wins; otherwise a cheap
// script-based guess. The product filters on zh / en, so the guess only has to tell scripts apart.

/** 'zh-CN' → 'zh', 'en_US' → 'en'; null for junk. */
export function primaryLanguage(tag: string | undefined | null): string | null {
  const m = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*$/i.exec(tag ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

export function detectLanguage(text: string): string {
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let cyrillic = 0;
  let latin = 0;
  for (const ch of text.slice(0, 2000)) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x3040 && c <= 0x30ff) kana++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
    else if (c >= 0xac00 && c <= 0xd7af) hangul++;
    else if (c >= 0x0400 && c <= 0x04ff) cyrillic++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++;
  }
  if (kana > 0 && kana * 5 >= han) return 'ja';
  if (hangul > han && hangul * 2 > latin) return 'ko';
  // A Chinese headline often carries Latin names (CVE IDs, vendors): 2 Han chars weigh like a word.
  if (han * 3 >= latin && han > 0) return 'zh';
  if (cyrillic > latin) return 'ru';
  return 'en';
}

export function articleLanguage(declared: string | null, text: string): string {
  return declared ?? detectLanguage(text);
}
