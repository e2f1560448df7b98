/** Han characters (Chinese; Kazakh and Russian never use them). */
const HAN = /\p{Script=Han}/u;

/** A run of word characters: letters (with their marks), digits, and Han characters on their own. */
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Folds text for matching: compatibility forms, case, and ё→е (Russian writes both). */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/ё/g, 'е');
}

/** Splits a word run into Han and non-Han pieces ("cnpc中石油" → "cnpc", "中石油"). */
function pieces(run: string): string[] {
  const out: string[] = [];
  let current = '';
  let han = false;
  for (const ch of run) {
    const isHan = HAN.test(ch);
    if (current && isHan !== han) {
      out.push(current);
      current = '';
    }
    han = isHan;
    current += ch;
  }
  if (current) out.push(current);
  return out;
}

/**
 * The search tokens of a text, in order: folded whole words for alphabetic scripts, and character bigrams for Chinese
 * (a lone Han character is its own token). Filters and the search index share it, so both see the same words.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const run of foldText(text).match(WORD) ?? []) {
    for (const piece of pieces(run)) {
      if (!HAN.test(piece)) {
        tokens.push(piece);
        continue;
      }
      const chars = Array.from(piece);
      if (chars.length === 1) tokens.push(piece);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
    }
  }
  return tokens;
}

/** True when the word holds Chinese characters (it is then matched as a substring, not as whole words). */
export function isHanWord(word: string): boolean {
  return HAN.test(word);
}

/**
 * Whether a keyword occurs in a text: whole words, case-insensitively, in any script (a hyphenated or multi-part
 * keyword must occur as consecutive words); a Chinese keyword matches as a substring of the text.
 */
export function matchesKeyword(text: string, keyword: string): boolean {
  const folded = foldText(keyword);
  if (isHanWord(folded)) return foldText(text).replace(/\s+/g, '').includes(folded.replace(/\s+/g, ''));
  const needle = folded.match(WORD) ?? [];
  if (needle.length === 0) return false;
  const words = (foldText(text).match(WORD) ?? []).flatMap(pieces);
  outer: for (let i = 0; i + needle.length <= words.length; i++) {
    for (let j = 0; j < needle.length; j++) if (words[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
