import { foldText, isHanWord, matchesKeyword } from '../text/tokens';

/** A chat's keyword filters: stories must hold one include word (when any) and no exclude word. */
export interface ChatFilters {
  include: string[];
  exclude: string[];
}

/** At most this many filter words per chat. */
export const MAX_FILTER_WORDS = 20;
/** The longest filter word, in characters. */
export const MAX_FILTER_WORD = 40;

/** What /filter asks for. */
export type FilterCommand =
  | { kind: 'show' }
  | { kind: 'clear' }
  | { kind: 'add'; include: string[]; exclude: string[] }
  | { kind: 'invalid'; reason: 'format'; word: string }
  | { kind: 'invalid'; reason: 'too-many' };

/** A filter word: letters or digits in any script, optionally joined by hyphens or apostrophes. */
const FILTER_WORD = /^[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*$/u;

/** Parses "/filter", "/filter clear" or "/filter +word -word …" (each word needs its sign). */
export function parseFilterArgs(args: readonly string[]): FilterCommand {
  if (args.length === 0) return { kind: 'show' };
  if (args.length === 1 && ['clear', 'off', 'reset'].includes(args[0]!.toLowerCase())) return { kind: 'clear' };
  const include: string[] = [];
  const exclude: string[] = [];
  for (const arg of args) {
    const sign = arg[0];
    const word = foldText(arg.slice(1));
    if ((sign !== '+' && sign !== '-') || !FILTER_WORD.test(word) || Array.from(word).length > MAX_FILTER_WORD) {
      return { kind: 'invalid', reason: 'format', word: arg };
    }
    (sign === '+' ? include : exclude).push(word);
  }
  if (include.length + exclude.length > MAX_FILTER_WORDS) return { kind: 'invalid', reason: 'too-many' };
  return { kind: 'add', include, exclude };
}

/** Adds words to a chat's filters: a word moves from include to exclude (or back) when given with the other sign. */
export function mergeFilters(current: ChatFilters | undefined, add: { include: string[]; exclude: string[] }): ChatFilters | 'too-many' {
  const include = new Set((current?.include ?? []).filter((w) => !add.exclude.includes(w)));
  const exclude = new Set((current?.exclude ?? []).filter((w) => !add.include.includes(w)));
  for (const w of add.include) include.add(w);
  for (const w of add.exclude) exclude.add(w);
  if (include.size + exclude.size > MAX_FILTER_WORDS) return 'too-many';
  return { include: [...include], exclude: [...exclude] };
}

/** True when the chat has any filter word. */
export function hasFilters(filters: ChatFilters | undefined): filters is ChatFilters {
  return filters !== undefined && filters.include.length + filters.exclude.length > 0;
}

/** The stored form of filters: "+word -word", empty for none. */
export function formatFilterSpec(filters: ChatFilters | undefined): string {
  if (!filters) return '';
  return [...filters.include.map((w) => `+${w}`), ...filters.exclude.map((w) => `-${w}`)].join(' ');
}

/** Reads filters back from their stored form; undefined when there are none. */
export function parseFilterSpec(spec: string | undefined): ChatFilters | undefined {
  const parsed = parseFilterArgs((spec ?? '').split(/\s+/).filter(Boolean));
  return parsed.kind === 'add' && parsed.include.length + parsed.exclude.length > 0 ? { include: parsed.include, exclude: parsed.exclude } : undefined;
}

/** What the filters say about one text: whether it passes, and which include words it matched. */
export interface FilterVerdict {
  pass: boolean;
  matched: string[];
}

/** Applies a chat's filters to a story's text (whole words, case-insensitive; Chinese words as substrings). */
export function applyFilters(text: string, filters: ChatFilters | undefined): FilterVerdict {
  if (!hasFilters(filters)) return { pass: true, matched: [] };
  if (filters.exclude.some((word) => matchesKeyword(text, word))) return { pass: false, matched: [] };
  const matched = filters.include.filter((word) => matchesKeyword(text, word));
  return { pass: filters.include.length === 0 || matched.length > 0, matched };
}

/** True when a filter word is matched as a Chinese substring rather than as a whole word. */
export const isSubstringWord = isHanWord;
