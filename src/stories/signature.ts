import { DEFAULT_GAZETTEER, KIND_WEIGHT, type EntityKind, type GazetteerEntry } from './gazetteer';

/** A number as an event states it: its unit class and value (money in units, percentages, magnitudes, months). */
export interface EventNumber {
  unit: 'money' | 'pct' | 'magnitude' | 'month' | 'count';
  value: number;
}

/** What identifies the event an article reports: canonical entities, normalised numbers and content keywords. */
export interface EventSignature {
  /** Entity ids with their kind, e.g. tokayev → person. */
  entities: Map<string, EntityKind>;
  numbers: EventNumber[];
  /** Same-language content words (stems or Han bigrams), to tell apart articles with few entities. */
  keywords: Set<string>;
}

/** Extracts event signatures from text with a gazetteer compiled once. */
export interface SignatureExtractor {
  extract(text: string): EventSignature;
}

const SCALES: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:trillion|trn|трлн|triliun)/u, 1e12],
  [/^(?:billion|bn|млрд|miliar|milyar)/u, 1e9],
  [/^(?:million|mln|mn|млн|juta)/u, 1e6],
  [/^(?:thousand|тыс|мың|ribu)/u, 1e3],
];
const HAN_SCALES: Readonly<Record<string, number>> = { 万亿: 1e12, 亿: 1e8, 万: 1e4, 千: 1e3 };

const CURRENCY = /^(?:\$|usd|us\$|dollar|доллар|долл|tenge|тенге|теңге|yuan|юан|rupiah|rp|рубл|euro|евро|€)/u;
const PERCENT = /^(?:%|percent|per cent|процент|пайыз|persen)/u;

const MONTHS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:january$|январ|қаңтар|januari$)/u, 1],
  [/^(?:february$|феврал|ақпан|februari$)/u, 2],
  [/^(?:march$|март|наурыз|maret$)/u, 3],
  [/^(?:april$|апрел|сәуір)/u, 4],
  [/^(?:мая$|май$|мамыр|mei$)/u, 5],
  [/^(?:june$|июн|juni$)/u, 6],
  [/^(?:july$|июл|шілде|juli$)/u, 7],
  [/^(?:august$|август|тамыз|agustus$)/u, 8],
  [/^(?:september$|сентябр|қыркүйек)/u, 9],
  [/^(?:october$|октябр|oktober$)/u, 10],
  [/^(?:november$|ноябр|қараша)/u, 11],
  [/^(?:december$|декабр|желтоқсан|desember$)/u, 12],
];

/** Words that may name a month: only these are checked against MONTHS. */
const MONTH_WORD =
  /(?<!\p{L})(?:january|february|march|april|june|july|august|september|october|november|december|januari|februari|maret|mei|juni|juli|agustus|oktober|desember|январ|феврал|март|апрел|мая|май|июн|июл|август|сентябр|октябр|ноябр|декабр|қаңтар|ақпан|наурыз|сәуір|мамыр|шілде|тамыз|қыркүйек|қараша|желтоқсан)\p{L}*/gu;

const STOPWORDS = new Set(
  (
    'that this with from have been will were their which about after over said says also more than into they them ' +
    'what when where while would could should year years first last week other some most such only just being ' +
    'который которые также после более будет было были этого этом году года свою между может через около ' +
    'және бойынша туралы болады жылы үшін осы деп жылғы бұл сондай ' +
    'yang dengan untuk dari pada dalam akan telah oleh tahun juga bahwa tersebut kepada'
  ).split(' '),
);

const HAN = /\p{sc=Han}/u;
const SURROGATE = /[\uD800-\uDFFF]/;
const TOKEN = /[\p{L}\p{M}\p{N}]+(?:['’.][\p{L}\p{M}\p{N}]+)*/gu;

/** Folds text for matching: NFKC, lower case, the odd hyphens and dashes between words made '-'. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** Builds a signature extractor for a gazetteer (by default the built-in one). */
export function createSignatureExtractor(gazetteer: readonly GazetteerEntry[] = DEFAULT_GAZETTEER): SignatureExtractor {
  const words = new Map<string, GazetteerEntry>();
  /** First tokens of multi-word forms: only these start a phrase lookup. */
  const phraseStarts = new Set<string>();
  const hanForms: Array<[string, GazetteerEntry]> = [];
  let longestPhrase = 1;
  for (const entry of gazetteer) {
    for (const form of entry.forms) {
      const key = fold(form).trim();
      if (HAN.test(key)) hanForms.push([key, entry]);
      else {
        const parts = key.match(TOKEN) ?? [];
        longestPhrase = Math.max(longestPhrase, parts.length);
        if (parts.length > 1) {
          phraseStarts.add(parts[0]!);
          // Inflected first words ("Си Цзиньпином" is fine, but "Нацбанка Казахстана" inflects the first word).
          for (let cut = 1; cut <= 3 && parts[0]!.length - cut >= 4; cut++) phraseStarts.add(parts[0]!.slice(0, parts[0]!.length - cut));
        }
        words.set(parts.join(' '), entry);
      }
    }
  }
  hanForms.sort((a, b) => b[0].length - a[0].length);
  const hanIndex = new Map(hanForms);
  const hanRegex = hanForms.length > 0 ? new RegExp(hanForms.map(([f]) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') : undefined;

  // NOTE: every form is at least four letters or matched exactly, so a token whose first four letters start no form
  // cannot match by cutting its ending: one set lookup rules most tokens out before any slicing.
  const wordHeads = new Set([...words.keys()].map((key) => key.slice(0, 4)));
  const phraseHeads = new Set([...phraseStarts].map((key) => key.slice(0, 4)));

  /** Whether an inflected token may start a multi-word form (its stem is a phrase start). */
  function startsPhrase(token: string): boolean {
    if (token.length < 5 || !phraseHeads.has(token.slice(0, 4))) return false;
    for (let cut = 1; cut <= 3 && token.length - cut >= 4; cut++) if (phraseStarts.has(token.slice(0, token.length - cut))) return true;
    return false;
  }

  /** The entry a token (or phrase) names, allowing up to five letters of inflection after a form of four or more. */
  function lookup(key: string): GazetteerEntry | undefined {
    const exact = words.get(key);
    if (exact) return exact;
    if (key.length < 5 || !wordHeads.has(key.slice(0, 4))) return undefined;
    for (let cut = 1; cut <= 5 && key.length - cut >= 4; cut++) {
      const found = words.get(key.slice(0, key.length - cut));
      if (found) return found;
    }
    return undefined;
  }

  return {
    extract(text) {
      const folded = fold(text);
      const entities = new Map<string, EntityKind>();
      const keywords = new Set<string>();
      const tokens = folded.match(TOKEN) ?? [];
      const hasHan = HAN.test(folded);
      const nonHan = hasHan ? tokens.filter((t) => !HAN.test(t)) : tokens;
      for (let i = 0; i < nonHan.length; i++) {
        const token = nonHan[i]!;
        let matched = 0;
        const longest = phraseStarts.has(token) || startsPhrase(token) ? Math.min(longestPhrase, nonHan.length - i) : 1;
        // Tokens hold no spaces, so each shorter phrase is the longer one cut at its last space.
        let phrase = longest === 1 ? token : nonHan.slice(i, i + longest).join(' ');
        for (let n = longest; n >= 1 && matched === 0; n--) {
          if (n < longest) phrase = phrase.slice(0, phrase.lastIndexOf(' '));
          const entry = lookup(phrase) ?? (phrase.includes("'") || phrase.includes('’') ? lookup(phrase.replace(/['’].*$/u, '')) : undefined);
          if (entry) {
            entities.set(entry.id, entry.kind);
            matched = n;
          }
        }
        if (matched > 0) {
          i += matched - 1;
          continue;
        }
        // Code points, not UTF-16 units, are counted and kept: only a token with surrogates needs splitting.
        if (token.length < 4 || STOPWORDS.has(token) || !/\p{L}/u.test(token)) continue;
        if (!SURROGATE.test(token)) keywords.add(token.length > 6 ? token.slice(0, 6) : token);
        else if ([...token].length >= 4) keywords.add([...token].slice(0, 6).join(''));
      }
      if (hanRegex && hasHan) {
        for (const m of folded.matchAll(hanRegex)) {
          const entry = hanIndex.get(m[0]);
          if (entry) entities.set(entry.id, entry.kind);
        }
        const rest = folded.replace(hanRegex, ' ');
        for (const run of rest.match(/\p{sc=Han}+/gu) ?? []) {
          const chars = [...run];
          for (let i = 0; i + 1 < chars.length; i++) keywords.add(chars[i]! + chars[i + 1]!);
        }
      }
      return { entities, numbers: extractNumbers(folded), keywords };
    },
  };
}

/** Reads "1.5", "1,5", "1 500", "1,500" as numbers (a comma before exactly three digits groups thousands). */
function readNumber(raw: string): number {
  const compact = raw.replace(/[\s\u00a0]/g, '');
  if (/^\d{1,3}([.,])\d{3}(\1\d{3})*$/.test(compact) && !/^\d{1,3}[.,]\d{3}$/.test(compact)) return Number(compact.replace(/[.,]/g, ''));
  // "1,500" (en) and "86.000" (id) group thousands; a decimal with exactly three digits is rare in news.
  if (/^\d{1,3}[.,]\d{3}$/.test(compact)) return Number(compact.replace(/[.,]/, ''));
  return Number(compact.replace(',', '.'));
}

const NUMBER = /(?<![\p{Script=Latin}\p{Script=Cyrillic}\p{N}])(\$|us\$|€)?\s?(\d{1,3}(?:[\s\u00a0]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)(\s?[-–]?\s?)/gu;

/** Finds money, percentages, magnitudes, months and plain counts, with their scales normalised. */
export function extractNumbers(folded: string): EventNumber[] {
  const result: EventNumber[] = [];
  const add = (unit: EventNumber['unit'], value: number): void => {
    if (!Number.isFinite(value)) return;
    const rounded = unit === 'money' ? Number(value.toPrecision(3)) : Math.round(value * 10) / 10;
    if (!result.some((n) => n.unit === unit && n.value === rounded)) result.push({ unit, value: rounded });
  };
  for (const m of folded.matchAll(NUMBER)) {
    const [whole, symbol, digits] = m;
    const start = m.index;
    const before = folded.slice(Math.max(0, start - 14), start);
    let after = folded.slice(start + whole.length, start + whole.length + 30);
    let value = readNumber(digits!);
    const han = HAN.test(after.charAt(0)) || /\p{sc=Han}\s*$/u.test(before);
    if (han) {
      const scale = /^(万亿|亿|万|千)/u.exec(after);
      if (scale) {
        value *= HAN_SCALES[scale[1]!]!;
        after = after.slice(scale[1]!.length);
      }
      if (/^(美元|元|人民币|坚戈|卢布|欧元)/u.test(after) || symbol) add('money', value);
      else if (/^%/u.test(after)) add('pct', value);
      else if (/^级/u.test(after) || /震级|级地震/u.test(before)) add('magnitude', value);
      else if (/^月/u.test(after) && value >= 1 && value <= 12) add('month', value);
      else if (/^(年)/u.test(after)) continue;
      else add('count', value);
      continue;
    }
    let scaled = false;
    for (const [pattern, factor] of SCALES) {
      const s = pattern.exec(after);
      if (s) {
        value *= factor;
        after = after.slice(s[0].length).replace(/^\.?\s*/u, '');
        scaled = true;
        break;
      }
    }
    if (/(?:magnitude|магнитуд\p{L}*|(?<!\p{L})m)\s*$/u.test(before) || /^(-?magnitude|-?балл|балдық|magnitudo)/u.test(after) || /magnitudo\s*$/u.test(before)) {
      add('magnitude', value);
    } else if (PERCENT.test(after)) {
      add('pct', value);
    } else if (symbol || CURRENCY.test(after) || /(?:\$|usd|rp|юан|yuan|tenge|тенге)\s*$/u.test(before)) {
      add('money', value);
    } else if (scaled) {
      add('count', value);
    } else if (value >= 1900 && value <= 2100 && Number.isInteger(value)) {
      continue;
    } else {
      add('count', value);
    }
  }
  for (const token of folded.match(MONTH_WORD) ?? []) {
    for (const [pattern, month] of MONTHS) {
      if (pattern.test(token)) {
        add('month', month);
        break;
      }
    }
  }
  if (/(?:\bin|\bof|\bfor|\d)\s+may\b|\bmay\s+\d/u.test(folded)) add('month', 5);
  return result;
}

/** The weight of an entity of a kind when two signatures share it. */
export function entityWeight(kind: EntityKind): number {
  return KIND_WEIGHT[kind];
}
