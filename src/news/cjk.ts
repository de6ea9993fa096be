// East Asian character classes, defined once (six variants had grown apart). Each is the inside of a regex
// character class; CJK needs the `u` flag.
//
// HAN: Chinese characters (CJK Unified Ideographs, extension A, compatibility ideographs): what Chinese word
// features, facts and index stems are made of.
export const HAN = '\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';
// CJK: Han plus kana, hangul and the supplementary ideographs (extension B and on): the scripts written
// without spaces between words, which the search index splits into bigrams and the sentence splitter and the
// summariser measure by character.
export const CJK = `\\u3040-\\u30FF${HAN}\\uAC00-\\uD7AF\\u{20000}-\\u{2FA1F}`;
