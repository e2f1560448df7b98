/** The languages Silkwire recognises from the text itself. */
export const DETECTED_LANGUAGES = ['en', 'id', 'ru', 'kk', 'zh'] as const;

/** One of the languages Silkwire recognises from the text itself. */
export type DetectedLanguage = (typeof DETECTED_LANGUAGES)[number];

const isDetected = (code: string): code is DetectedLanguage => (DETECTED_LANGUAGES as readonly string[]).includes(code);

/** Only the start of a long text is read: a title and a paragraph tell the language, and this keeps detection cheap. */
const MAX_CHARS = 2000;

/** A letter outside the blocks counted directly (Arabic, Greek, Thai, Devanagari...). */
const LETTER = /\p{L}/u;

/**
 * Deprecated or commonly mistaken codes seen in feed `<language>` elements.
 * NOTE: "kz" and "cn" are country codes, not languages, but Kazakh and Chinese sites write them.
 */
const HINT_ALIASES: Readonly<Record<string, string>> = { in: 'id', iw: 'he', ji: 'yi', jw: 'jv', kz: 'kk', cn: 'zh' };

/** Cyrillic-script languages: a hint naming one of them is trusted when Cyrillic text gives no clue. */
const CYRILLIC_HINTS: readonly string[] = ['ru', 'kk', 'uk', 'be', 'bg', 'sr', 'mk', 'ky', 'mn', 'tg', 'tt', 'ba', 'uz'];

/**
 * The lower-cased primary subtag of a BCP 47-ish language tag ("pt-PT" → "pt", "en-Us" → "en", "en_GB" → "en"),
 * with deprecated and commonly mistaken codes mapped ("in" → "id", "kz" → "kk"); undefined when it is not a tag.
 */
export function primaryLanguageSubtag(tag: string | undefined): string | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  if (!primary || !/^[a-z]{2,3}$/.test(primary)) return undefined;
  return HINT_ALIASES[primary] ?? primary;
}

// Stopwords: frequent function words. Each list avoids the words of the others where they would mislead
// (no "para" for Indonesian: Spanish/Portuguese; no "as" worries: all-caps tokens like Indonesian "AS" are skipped).

const EN_WORDS = [
  'the', 'and', 'of', 'to', 'in', 'is', 'for', 'on', 'with', 'that', 'from', 'by', 'as', 'are', 'was', 'were',
  'has', 'have', 'had', 'it', 'its', 'at', 'be', 'been', 'this', 'these', 'those', 'an', 'after', 'over', 'says',
  'said', 'will', 'would', 'who', 'not', 'but', 'their', 'they', 'more', 'into', 'about', 'than', 'how', 'what',
  'why', 'when', 'where', 'which', 'can', 'could', 'new', 'he', 'she', 'his', 'her', 'him', 'we', 'our', 'you',
  'your', 'or', 'amid', 'against', 'between', 'up', 'out', 'all', 'just', 'may', 'must', 'should', 'now', 'here',
  'there', 'under', 'before', 'during', 'being', 'does', 'did', 'if', 'then', 'only', 'also', 'first', 'year',
  'years', 'my', 'me', 'them', 'some', 'other', 'such', 'while', 'because', 'through', 'without', 'despite',
];

const ID_WORDS = [
  'yang', 'dan', 'di', 'ke', 'dari', 'untuk', 'dengan', 'ini', 'itu', 'pada', 'tidak', 'akan', 'dalam', 'oleh',
  'terhadap', 'menteri', 'pemerintah', 'tegaskan', 'dukungan', 'adalah', 'juga', 'sebagai', 'karena', 'atau',
  'sudah', 'telah', 'bisa', 'dapat', 'kata', 'negara', 'tahun', 'saat', 'setelah', 'masih', 'lebih', 'bagi',
  'secara', 'serta', 'antara', 'hingga', 'menjadi', 'belum', 'harus', 'ia', 'mereka', 'kami', 'kita', 'baru',
  'soal', 'usai', 'ada', 'bahwa', 'tersebut', 'bersama', 'warga', 'kembali', 'hari', 'ribu', 'juta', 'miliar',
  'namun', 'tetapi', 'jika', 'agar', 'sejak', 'tengah', 'lalu', 'kini', 'sangat', 'banyak', 'semua', 'bukan',
  'sebuah', 'seorang', 'orang', 'luar', 'negeri', 'dukung', 'resmi', 'presiden', 'wakil', 'kerja', 'kunjungan',
  'bertemu', 'pertemuan', 'keamanan', 'perdagangan', 'asing', 'tegas', 'menegaskan', 'terkait', 'sekitar',
  'berita', 'lainnya', 'melalui', 'tanpa', 'selama', 'sedang', 'ujar', 'ungkap', 'sebut', 'minta', 'beri',
  'kunjungi', 'hadiri', 'temui', 'sepakati', 'tanggapi', 'soroti', 'tinjau', 'resmikan', 'tewas', 'tangkap',
];

/**
 * Stopwords of other Latin-script languages, so that their text is recognised as "not English or Indonesian".
 * Words that are also English ("no", "do", "die", "hat", "van", "op", "me") or frequent in English names
 * ("von", "der") are left out.
 */
const OTHER_LATIN_WORDS: Readonly<Record<string, readonly string[]>> = {
  pt: ['não', 'com', 'uma', 'os', 'da', 'dos', 'das', 'em', 'que', 'ao', 'aos', 'pelo', 'pela', 'é', 'mais', 'foi',
    'são', 'seu', 'sua', 'como', 'mas', 'já', 'também', 'está', 'ser', 'tem', 'pode', 'sobre', 'entre', 'até',
    'após', 'diz', 'nos', 'nas', 'num', 'numa', 'um', 'de', 'e', 'o', 'governo', 'ou', 'quando', 'ainda'],
  es: ['el', 'los', 'las', 'del', 'y', 'en', 'por', 'con', 'una', 'es', 'se', 'su', 'al', 'más', 'lo', 'como',
    'pero', 'sus', 'le', 'ya', 'muy', 'sin', 'sobre', 'este', 'esta', 'entre', 'desde', 'hasta', 'tras', 'dice',
    'gobierno', 'de', 'la', 'que', 'un', 'para', 'también', 'fue', 'han', 'ha'],
  fr: ['le', 'la', 'les', 'des', 'et', 'est', 'du', 'une', 'pour', 'dans', 'qui', 'que', 'sur', 'au', 'aux', 'pas',
    'ce', 'cette', 'il', 'elle', 'ils', 'sont', 'par', 'plus', 'avec', 'son', 'sa', 'ses', 'mais', 'ou', 'été',
    'être', 'selon', 'après', 'contre', 'leur', 'de', 'un', 'en'],
  de: ['das', 'und', 'ist', 'nicht', 'mit', 'den', 'dem', 'des', 'ein', 'eine', 'einen', 'zu', 'auf', 'im', 'für',
    'sich', 'auch', 'nach', 'bei', 'aus', 'wie', 'wird', 'werden', 'sind', 'noch', 'über', 'vor', 'oder', 'aber',
    'gegen', 'beim', 'zum', 'zur', 'dass', 'es', 'sie', 'wir', 'ich', 'nur'],
  it: ['il', 'che', 'è', 'della', 'delle', 'dei', 'degli', 'per', 'non', 'un', 'una', 'con', 'del', 'gli', 'le',
    'la', 'nel', 'nella', 'alla', 'sono', 'anche', 'più', 'ma', 'come', 'dal', 'dalla', 'tra', 'fra', 'ha', 'e'],
  nl: ['het', 'een', 'niet', 'met', 'voor', 'zijn', 'ook', 'bij', 'naar', 'uit', 'dat', 'dit', 'wordt', 'werd',
    'maar', 'nog', 'tegen', 'heeft', 'hebben', 'de', 'en', 'er', 'te'],
  pl: ['się', 'nie', 'jest', 'na', 'w', 'z', 'że', 'jak', 'od', 'po', 'oraz', 'dla', 'czy', 'ale', 'tylko', 'przez',
    'przy', 'jego', 'jej', 'był', 'była', 'było', 'są', 'już', 'tym', 'także', 'który', 'która', 'które', 'aby',
    'gdy', 'mnie', 'co', 'ze', 'we', 'do', 'mi', 'tak', 'to'],
  tr: ['ve', 'bir', 'bu', 'için', 'ile', 'olarak', 'daha', 'çok', 'gibi', 'olan', 'sonra', 'kadar', 'ama', 'değil'],
  tl: ['ang', 'ng', 'mga', 'sa', 'ay', 'si', 'ni', 'kay', 'ito', 'hindi', 'na', 'nang', 'siya'],
  vi: ['của', 'và', 'là', 'các', 'có', 'được', 'trong', 'cho', 'với', 'người', 'những', 'một', 'không', 'này', 'đã'],
};

/** Latin letters that English and Indonesian do not use but many other languages do. */
const FOREIGN_LATIN_LETTERS =
  /[ąćęłńśźżãõçñßàâèêëîïôûùœæåøáéíóúýčďěňřšťůžğışđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u;

const RU_WORDS = [
  'и', 'в', 'во', 'на', 'с', 'со', 'по', 'не', 'что', 'для', 'из', 'о', 'об', 'к', 'от', 'за', 'как', 'это', 'у',
  'до', 'при', 'после', 'года', 'году', 'его', 'ее', 'её', 'их', 'который', 'которая', 'которые', 'также', 'более',
  'уже', 'был', 'была', 'были', 'было', 'будет', 'может', 'этом', 'этого', 'так', 'но', 'а', 'же', 'ли', 'или',
  'между', 'против', 'перед', 'через', 'над', 'под', 'без', 'чем', 'когда', 'где', 'только', 'еще', 'ещё', 'все',
  'всё', 'он', 'она', 'они', 'мы', 'вы', 'я', 'нас', 'им', 'ему', 'ей', 'лет', 'заявил', 'сообщил', 'сообщает',
  'сказал', 'глава', 'встреча', 'новый', 'новая', 'новые', 'стал', 'стала', 'стали', 'из-за', 'том', 'этот', 'эта',
];

const KK_WORDS = [
  'мен', 'және', 'бұл', 'үшін', 'деп', 'бойынша', 'туралы', 'арасында', 'жылы', 'дейін', 'осы', 'сол', 'ол',
  'олар', 'тағы', 'бар', 'жоқ', 'емес', 'керек', 'болып', 'болды', 'кейін', 'соң', 'жаңа', 'бірақ', 'қазір',
  'барлық', 'көп', 'мың', 'екі', 'бір', 'ретінде', 'кезінде', 'қатысты', 'жөнінде', 'бірге', 'тиіс', 'де', 'да',
  'сондай-ақ', 'яғни', 'біз', 'біздің', 'оның', 'онда', 'елі', 'елдің', 'жыл', 'жылғы', 'заң', 'дегі', 'деді',
];

/** Stopwords and letters of other Cyrillic-script languages (Ukrainian, Belarusian, Bulgarian, Serbian...). */
const OTHER_CYRILLIC_WORDS = [
  // Ukrainian
  'і', 'та', 'що', 'від', 'це', 'які', 'який', 'яка', 'її', 'ще', 'вже', 'або', 'між', 'під', 'щодо', 'із', 'зі',
  'й', 'чи', 'також', 'після', 'буде', 'було',
  // Belarusian
  'ці', 'што', 'гэта', 'як', 'але', 'пра',
  // Bulgarian
  'че', 'са', 'ще', 'във', 'със', 'който', 'която', 'които', 'това', 'тази', 'този', 'беше', 'след',
];
const OTHER_CYRILLIC_LETTERS = /[їєґўјљњћџђѓќѕҗҡҙҫӣӯҷҳ]/u;

/** Letters found in Kazakh only (among Cyrillic languages Silkwire meets): strong Kazakh evidence. */
const KK_STRONG_LETTERS = /[әғқұһ]/u;
/** Letters Kazakh shares with Kyrgyz and Mongolian (ң ө ү) or with Ukrainian and Belarusian (і): weaker evidence. */
const KK_SHARED_LETTERS = /[ңөү]/u;
const KK_I = /і/u;
/** Russian word endings (inflections Kazakh does not have), counted on words of five letters or more. */
const RU_ENDINGS =
  /(?:ться|тся|ть|ся|сь|ого|его|ому|ему|ыми|ими|ий|ый|ая|яя|ое|ее|ые|ие|ии|ию|ства|ство|стве|ил|ила|или|ала|ели|ешь|ишь|ют|ят)$/u;

interface Tables {
  en: ReadonlySet<string>;
  id: ReadonlySet<string>;
  /** Each stopword of another Latin-script language, with the languages whose list holds it. */
  otherLatin: ReadonlyMap<string, readonly string[]>;
  ru: ReadonlySet<string>;
  kk: ReadonlySet<string>;
  otherCyrillic: ReadonlySet<string>;
}

let tables: Tables | undefined;

/** One lookup per word instead of one per language. */
function otherLatinIndex(): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const [code, list] of Object.entries(OTHER_LATIN_WORDS)) {
    for (const word of new Set(list)) {
      const codes = index.get(word);
      if (codes) codes.push(code);
      else index.set(word, [code]);
    }
  }
  return index;
}

/** The stopword sets, built on first use. */
function getTables(): Tables {
  tables ??= {
    en: new Set(EN_WORDS),
    id: new Set(ID_WORDS),
    otherLatin: otherLatinIndex(),
    ru: new Set(RU_WORDS),
    kk: new Set(KK_WORDS),
    otherCyrillic: new Set(OTHER_CYRILLIC_WORDS),
  };
  return tables;
}

/** What the text says about its language. */
type Verdict =
  | { kind: 'detected'; language: DetectedLanguage }
  /** Positively another language (Portuguese, Japanese...): the hint decides unless it names one of ours. */
  | { kind: 'other' }
  /** Too little to tell (a name, a number, a brand): the hint decides. */
  | { kind: 'weak'; fallback?: DetectedLanguage };

/** Counts letters by script in one pass over UTF-16 code units, by code-point block (no allocation). */
function scriptCounts(text: string) {
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let cyrillic = 0;
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) latin++;
    } else if (c >= 0x400 && c <= 0x52f) cyrillic++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff)) han++;
    else if (c >= 0xd840 && c <= 0xd87f) han++; // high surrogate of a supplementary ideograph (CJK Ext. B–F)
    else if (c >= 0x3041 && c <= 0x30ff && c !== 0x30fb && c !== 0x30fc) kana++;
    else if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3131 && c <= 0x318e)) hangul++;
    else if ((c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff)) latin++;
    else if (LETTER.test(text[i] ?? '')) other++;
  }
  return { han, kana, hangul, cyrillic, latin, other };
}

/** Words of one script, lower-cased; all-capitals acronyms ("AS", "UN") are dropped when the text has lower case. */
function words(text: string, script: 'Latin' | 'Cyrillic'): { word: string; capitalised: boolean }[] {
  const re =
    script === 'Latin'
      ? /\p{sc=Latin}[\p{sc=Latin}\p{M}]*(?:['’]\p{sc=Latin}+)*/gu
      : /\p{sc=Cyrillic}[\p{sc=Cyrillic}\p{M}]*(?:-\p{sc=Cyrillic}+)*/gu;
  const tokens = text.match(re) ?? [];
  const uppers = tokens.map((t) => t.toUpperCase());
  const hasLowerCase = tokens.some((t, i) => t !== uppers[i]);
  const out: { word: string; capitalised: boolean }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (hasLowerCase && token.length > 1 && token === uppers[i]) continue;
    const lower = token.toLowerCase();
    out.push({ word: lower, capitalised: hasLowerCase && token[0] !== lower[0] });
  }
  return out;
}

/** Scores English, Indonesian and the strongest other Latin-script language by stopwords and a few word shapes. */
function latinVerdict(text: string): Verdict {
  const t = getTables();
  let en = 0;
  let id = 0;
  let foreignLetters = 0;
  const other = new Map<string, number>();
  // NOTE: plain string tests guard the word-shape patterns; most words fail them, and a regex per word per shape
  // was the largest part of ingest's language detection.
  for (const { word } of words(text, 'Latin')) {
    const n = word.length;
    if (t.en.has(word)) en += 1;
    else if ((word.includes("'") || word.includes('’')) && /['’](?:s|t|re|ve|ll)$/.test(word)) en += 1;
    else if (n >= 6 && (word.endsWith('tion') || word.endsWith('tions') || word.endsWith('ly'))) en += 0.5;
    else if (n >= 5 && word.endsWith('ed') && word[n - 3] !== 'e') en += 0.5;
    if (t.id.has(word)) id += 1;
    if (n >= 5 && word.endsWith('kan') && !'aeiou'.includes(word[n - 4]!)) id += 1;
    else if (n >= 6 && word.endsWith('nya')) id += 1;
    else if (n >= 7 && word.endsWith('an') && word[n - 3] !== 'i' && /^(?:meng|meny|ke|pe[nmr]?)/.test(word)) id += 0.5;
    else if (n >= 7 && (word.startsWith('meng') || word.startsWith('meny'))) id += 0.5;
    const codes = t.otherLatin.get(word);
    if (codes) for (const code of codes) other.set(code, (other.get(code) ?? 0) + 1);
    if (FOREIGN_LATIN_LETTERS.test(word)) foreignLetters += 0.5;
  }
  // NOTE: another language needs two hits (or one plus a foreign letter) so that "Lula da Silva" or "El Salvador"
  // in a short English title does not make it Portuguese or Spanish.
  const otherBest = Math.max(0, ...other.values()) + foreignLetters;
  const otherScore = otherBest >= 1.5 ? otherBest : 0;
  const ours = Math.max(en, id);
  if (Math.max(ours, otherScore) < 1) return { kind: 'weak' };
  if (otherScore > ours) return { kind: 'other' };
  // A tie (English against Indonesian, or one of them against another language) is left to the hint.
  if (en === id || otherScore === ours) return { kind: 'weak' };
  return { kind: 'detected', language: en > id ? 'en' : 'id' };
}

/** Scores Russian, Kazakh and other Cyrillic-script languages by letters, stopwords and Russian inflections. */
function cyrillicVerdict(text: string): Verdict {
  const t = getTables();
  let ru = 0;
  let kk = 0;
  let other = 0;
  for (const { word, capitalised } of words(text, 'Cyrillic')) {
    // NOTE: a capitalised word with Kazakh letters is often just a name ("Тоқаев") inside Russian text: half weight.
    const weight = capitalised ? 0.5 : 1;
    if (KK_STRONG_LETTERS.test(word)) kk += weight;
    else if (KK_SHARED_LETTERS.test(word)) kk += 0.75 * weight;
    else if (KK_I.test(word)) kk += 0.5 * weight;
    if (t.kk.has(word)) kk += 1;
    if (t.ru.has(word)) ru += 1;
    else if (word.length >= 5 && RU_ENDINGS.test(word)) ru += 0.5;
    if (OTHER_CYRILLIC_LETTERS.test(word)) other += 1;
    if (t.otherCyrillic.has(word)) other += 1;
  }
  const best = Math.max(ru, kk, other);
  if (best === 0) return { kind: 'weak', fallback: 'ru' };
  if (other === best && ru < best && kk < best) return { kind: 'other' };
  if (kk > ru) return { kind: 'detected', language: 'kk' };
  if (ru > kk) return { kind: 'detected', language: 'ru' };
  return { kind: 'weak', fallback: 'ru' };
}

/** Picks the dominant script and asks the matching scorer. */
function verdictOf(text: string, hint: string | undefined): Verdict {
  const s = scriptCounts(text);
  const cjk = 3 * (s.han + s.kana);
  const scores = [cjk, 2 * s.hangul, s.cyrillic, s.latin, s.other];
  const best = Math.max(...scores);
  if (best === 0) return { kind: 'weak' };
  if (cjk === best) {
    if (s.kana >= 2 && s.kana >= 0.05 * (s.han + s.kana)) return { kind: 'other' };
    // A few Han characters alone may be Japanese or Korean written in kanji/hanja: a ja/ko hint wins then.
    if (s.kana === 0 && s.han <= 12 && (hint === 'ja' || hint === 'ko')) return { kind: 'weak' };
    return { kind: 'detected', language: 'zh' };
  }
  if (s.cyrillic === best) return cyrillicVerdict(text);
  if (s.latin === best) return latinVerdict(text);
  return { kind: 'other' };
}

/**
 * Detects the language of an article's text (title, optionally followed by its description).
 *
 * Approach, cheapest clue first:
 * 1. Letters are counted by script over the first 2,000 characters (Han and kana weigh 3, Hangul 2).
 * 2. Han dominant → "zh", unless kana make it Japanese.
 * 3. Cyrillic → "kk" or "ru": words with Kazakh letters (ә ғ қ ұ һ count fully; ң ө ү, shared with Kyrgyz and
 *    Mongolian, count 3/4; і, shared with Ukrainian, counts 1/2; capitalised words, likely names, count half) plus
 *    Kazakh stopwords, against Russian stopwords and Russian-only inflections (-ться, -ого, -ый...). Ukrainian,
 *    Belarusian, Bulgarian and Serbian letters and stopwords mark the text as another language.
 * 4. Latin → "en" or "id" by stopwords (the, of, with… / yang, dan, di, terhadap, pemerintah…) and word shapes
 *    (English 's, -tion, -ed; Indonesian -kan, -nya, ke-/pe-…-an), so short titles still work. Portuguese, Spanish,
 *    French, German, Italian, Dutch, Polish, Turkish, Tagalog and Vietnamese stopwords and accented letters mark the
 *    text as another language rather than letting it be called English.
 *
 * The hint (a feed's `<language>`, e.g. "pt-PT") is used only when the text does not settle it: when there is too
 * little evidence its primary subtag is returned as is; when the text is positively in another language its
 * primary subtag is returned unless it names one of our five languages (which the text contradicts), then "und".
 * Ties (English against Indonesian, Russian against Kazakh) also go to the hint; Cyrillic text without any clue
 * is "ru" unless the hint names another Cyrillic-script language.
 */
export function detectLanguage(text: string, hint?: string): string {
  const primary = primaryLanguageSubtag(hint);
  const sample = (text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text).normalize('NFKC');
  const verdict = verdictOf(sample, primary);
  switch (verdict.kind) {
    case 'detected':
      return verdict.language;
    case 'other':
      return primary !== undefined && !isDetected(primary) ? primary : 'und';
    case 'weak':
      if (verdict.fallback === 'ru' && primary !== undefined && !CYRILLIC_HINTS.includes(primary)) return 'ru';
      return primary ?? verdict.fallback ?? 'und';
  }
}
