/**
 * Abbreviations (lower case, without their final dot) after which a dot does not end a sentence, in the languages
 * Silkwire reads: English titles and Latin shorthands, Russian/Kazakh shorthands (т.н., им., г., ул.), Indonesian ones.
 */
const ABBREVIATIONS = new Set([
  // en
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep', 'rev',
  'inc', 'ltd', 'co', 'corp', 'vs', 'etc', 'no', 'vol', 'fig', 'approx', 'est', 'dept', 'univ', 'jan', 'feb', 'mar',
  'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'mt', 'ft', 'e.g', 'i.e', 'a.m', 'p.m', 'u.s',
  'u.k', 'u.n', 'u.s.a', 'e.u',
  // ru, kk
  'т', 'т.н', 'т.е', 'т.д', 'т.п', 'т.к', 'им', 'г', 'гг', 'ул', 'пр', 'д', 'обл', 'р', 'руб', 'млн', 'млрд', 'тыс',
  'трлн', 'см', 'стр', 'рис', 'проф', 'акад', 'ген', 'св', 'пос', 'с', 'др', 'напр', 'ж', 'жж', 'б', 'т.б', 'т.с',
  'мың', 'млн', 'ст', 'кв', 'км', 'куб',
  // id
  'bpk', 'ibu', 'dll', 'dsb', 'tsb', 'yth', 'no', 'hlm', 'jl', 'kab', 'kec', 'prov', 'sdr', 'a.n', 'u.p', 'drs', 'ir',
  'h', 'hj', 'kh', 'm.si', 's.h',
]);

/** Closing quotes and brackets that may follow a sentence's final punctuation. */
const CLOSERS = '"\'”’»)]）」』';

/**
 * Splits plain text into sentences. A dot ends a sentence only when followed by space and not preceded by a known
 * abbreviation, an initial ("J. K.") or part of a number ("3.5%"); ！？。 and their ASCII forms end one at once.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const chars = [...text];
  let start = 0;
  let i = 0;
  const push = (end: number): void => {
    const sentence = chars.slice(start, end).join('').trim();
    if (sentence !== '') sentences.push(sentence);
    start = end;
  };
  while (i < chars.length) {
    const c = chars[i]!;
    if (c === '。' || c === '！' || c === '？') {
      let end = i + 1;
      while (end < chars.length && (CLOSERS.includes(chars[end]!) || chars[end] === '。' || chars[end] === '！' || chars[end] === '？')) end++;
      push(end);
      i = end;
      continue;
    }
    if (c === '!' || c === '?' || c === '.' || c === '…') {
      let end = i + 1;
      while (end < chars.length && /[.!?…]/.test(chars[end]!)) end++;
      while (end < chars.length && CLOSERS.includes(chars[end]!)) end++;
      const next = chars[end];
      const atEnd = end >= chars.length;
      if (!atEnd && !/\s/.test(next!)) {
        i = end;
        continue;
      }
      if ((c === '.' && end === i + 1 && !endsSentence(chars, start, i, end)) || nextIsLowerCase(chars, end)) {
        i = end;
        continue;
      }
      push(end);
      i = end;
      continue;
    }
    i++;
  }
  push(chars.length);
  return sentences;
}

/** Whether the dot at `dot` ends a sentence: not after an abbreviation or an initial, and not before a lower-case word. */
function endsSentence(chars: readonly string[], start: number, dot: number, after: number): boolean {
  let w = dot;
  while (w > start && /[\p{L}\p{N}.]/u.test(chars[w - 1]!)) w--;
  const word = chars.slice(w, dot).join('').toLowerCase();
  if (word === '') return true;
  if (ABBREVIATIONS.has(word)) return false;
  // A single capital letter is an initial ("J. Smith", "Қ. Тоқаев").
  if (/^\p{Lu}$/u.test(chars.slice(w, dot).join(''))) return false;
  // Dotted shorthands like "U.S." or "т.н." that are not in the list.
  if (/^(\p{L}\.)+\p{L}$/u.test(word)) return false;
  // A following lower-case word continues the sentence ("approx. five", "ул. Абая" are covered above).
  let n = after;
  while (n < chars.length && /\s/.test(chars[n]!)) n++;
  const next = chars[n];
  if (next !== undefined && /\p{Ll}/u.test(next)) return false;
  return true;
}

/** True when the next word after `from` starts with a lower-case letter (the sentence goes on: '"Yes!" he said'). */
function nextIsLowerCase(chars: readonly string[], from: number): boolean {
  let n = from;
  while (n < chars.length && /\s/.test(chars[n]!)) n++;
  const next = chars[n];
  return next !== undefined && /\p{Ll}/u.test(next);
}

/** True for text written mostly in Han characters (no spaces between words). */
export function isHanText(text: string): boolean {
  const han = text.match(/\p{sc=Han}/gu)?.length ?? 0;
  return han > 0 && han * 2 >= text.replace(/\s/g, '').length * 0.6;
}
