import { TOPIC_IDS, type TopicId } from '../articles/article';
import { DEFAULT_LEXICON, DEFAULT_SUPPRESSORS, type Lexicon, type LexiconTerm, type TopicLexicon } from './lexicon';

/** What the classifier reads from an article: its title and, when there are, its plain-text description and body. */
export interface ClassifierInput {
  title: string;
  description?: string;
  /** The full body: weighted below the title and description (one passing mention there does not tag the article). */
  content?: string;
}

/** How many mentions of a topic in the body alone tag an article with it (one in the title or description does). */
export const CONTENT_MENTIONS_NEEDED = 2;

/**
 * How much of the body is read for topics: an article about a country names it early, and a scan costs ~100 ns a
 * character (the lexicon's regex), so reading a 4,000-character body whole made classifying six times slower.
 */
export const CONTENT_SCAN_CHARS = 1500;

/** A topic classifier with its matchers compiled once. */
export interface TopicClassifier {
  /** The topics the title or description mention, in `TOPIC_IDS` order, without duplicates. */
  classify(input: ClassifierInput): TopicId[];
}

/**
 * A letter, mark or digit that glues onto a Latin/Cyrillic term and so cancels the match ("zastanawiało",
 * "Indochina", "Astanaev"). Han, kana and Hangul are left out so that "在Astana举行" still matches.
 */
const WORD_CHAR = String.raw`[[\p{L}\p{M}\p{N}]--[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]]`;

/** Characters with a meaning in a `v`-mode regex outside a character class. */
const REGEX_SYNTAX = /[\\^$.*+?()[\]{}|/]/g;

/** Hyphens U+2010–U+2015 and the minus sign, and invisible characters that split words (soft hyphen, zero widths). */
const ODD_HYPHENS_AND_INVISIBLES = /[\u2010-\u2015\u2212\u00ad\u200b-\u200d\u2060\ufeff]/g;
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/;

/**
 * Normalises text the way the matchers expect it: NFKC (full-width letters, compatibility forms), lower case,
 * the hyphens U+2010–U+2015 and U+2212 turned into '-', soft hyphens and zero-width characters removed.
 */
export function normaliseForMatching(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(ODD_HYPHENS_AND_INVISIBLES, (c) => (INVISIBLE.test(c) ? '' : '-'));
}

/** One surface form to match, with the topics (as a bit mask over TOPIC_IDS) it stands for. */
interface Form {
  units: string[];
  /** Latin/Cyrillic forms need a word boundary before them (and after them, unless `prefix`). */
  bounded: boolean;
  /** A form ending in a hyphen ("sino-"): no boundary after it. */
  prefix: boolean;
  notFollowedBy: Set<string>;
  mask: number;
}

interface TrieNode {
  children: Map<string, TrieNode>;
  /** Set when a form ends here: the assertions that must hold after it. */
  end?: string;
}

const isWordChar = (c: string): boolean => /[\p{L}\p{M}\p{N}]/u.test(c);

/** Splits a normalised form into regex units: one per character, with spaces, hyphens and apostrophes widened. */
function toUnits(form: string): string[] {
  const chars = [...form];
  return chars.map((c, i) => {
    if (/\s/u.test(c)) return String.raw`\s+`;
    if (c === '-') return i === chars.length - 1 ? '-' : String.raw`[\-\s]?`;
    if (c === "'" || c === '\u2019') return "['\u2019]";
    return c.replace(REGEX_SYNTAX, (s) => `\\${s}`);
  });
}

/** Expands the lexicon into normalised forms, merging the topics of forms that several terms share. */
function collectForms(lexicon: Lexicon): Form[] {
  return collectFormsOf(TOPIC_IDS.map((topic) => lexicon[topic]));
}

/** Expands groups of terms (one group per bit of the mask) into normalised forms. */
function collectFormsOf(groups: readonly TopicLexicon[]): Form[] {
  const forms = new Map<string, Form>();
  groups.forEach((group, topicIndex) => {
    const topic = TOPIC_IDS[topicIndex] ?? 'suppressor';
    for (const terms of Object.values(group) as (readonly LexiconTerm[])[]) {
      for (const term of terms) {
        const surfaces = term.kind === 'stem' ? (term.suffixes ?? ['']).map((s) => term.text + s) : [term.text];
        for (const surface of surfaces) {
          const text = normaliseForMatching(surface).trim();
          if (text === '') throw new Error(`Empty lexicon term under topic "${topic}"`);
          const bounded = term.kind !== 'cjk';
          if (bounded && !isWordChar(text[0] ?? '')) {
            throw new Error(`Lexicon term "${surface}" under topic "${topic}" must start with a letter or digit`);
          }
          const key = `${bounded ? 'w' : 'c'}:${text}`;
          const prefix = bounded && !isWordChar([...text].at(-1) ?? '');
          const form = forms.get(key) ?? { units: toUnits(text), bounded, prefix, notFollowedBy: new Set(), mask: 0 };
          form.mask |= 1 << topicIndex;
          for (const n of term.notFollowedBy ?? []) form.notFollowedBy.add(normaliseForMatching(n));
          forms.set(key, form);
        }
      }
    }
  });
  return [...forms.values()];
}

/** The assertion that must hold after a form: none of its forbidden continuations (a boundary is one of them). */
function endAssertion(form: Form): string {
  const alternatives = [...form.notFollowedBy].map((n) => toUnits(n).join(''));
  return alternatives.length === 0 ? '' : `(?!${alternatives.join('|')})`;
}

/** Builds a regex source matching any of the forms, sharing common prefixes so that each position is tried once. */
function trieSource(forms: readonly Form[], afterFirstUnit = ''): string {
  const root: TrieNode = { children: new Map() };
  for (const form of forms) {
    let node = root;
    for (const unit of form.units) {
      let next = node.children.get(unit);
      if (!next) {
        next = { children: new Map() };
        node.children.set(unit, next);
      }
      node = next;
    }
    node.end = endAssertion(form);
  }
  const emit = (node: TrieNode, depth: number): string => {
    const alternatives = [...node.children].map(
      ([unit, child]) => unit + (depth === 0 ? afterFirstUnit : '') + emit(child, depth + 1),
    );
    if (node.end !== undefined) alternatives.push(node.end);
    if (alternatives.length === 1) return alternatives[0] ?? '';
    return `(?:${alternatives.join('|')})`;
  };
  return emit(root, 0);
}

/** The compiled matcher: one regex whose capture group i is set when a form of topic set `groupMasks[i]` matched. */
interface CompiledMatcher {
  regex: RegExp;
  groupMasks: number[];
}

/**
 * Compiles all forms into one global regex with one capture group per (kind, topic set):
 * whole words behind a shared boundary check on both sides, prefixes with a boundary before only, then Han substrings.
 */
function compile(forms: readonly Form[]): CompiledMatcher {
  const masks = [...new Set(forms.map((f) => f.mask))].sort((a, b) => a - b);
  const groupMasks: number[] = [];
  const groupsOf = (select: (f: Form) => boolean, afterFirstUnit = ''): string[] =>
    masks.flatMap((mask) => {
      const selected = forms.filter((f) => select(f) && f.mask === mask);
      if (selected.length === 0) return [];
      groupMasks.push(mask);
      return [`(${trieSource(selected, afterFirstUnit)})`];
    });
  // NOTE: the boundary before a word is checked after its first letter has matched ("no word character before
  // that letter"), so the costly lookbehind runs only where a term can start, not at every position (3x faster).
  // The boundary after is checked once after the group rather than at each of ~1,000 leaves: repeating a big
  // Unicode class per leaf makes the regex too large for V8 to optimise (7x slower).
  const boundaryBefore = `(?<!${WORD_CHAR}.)`;
  const words = groupsOf((f) => f.bounded && !f.prefix, boundaryBefore);
  const prefixes = groupsOf((f) => f.prefix, boundaryBefore);
  const substrings = groupsOf((f) => !f.bounded);
  const parts: string[] = [];
  if (words.length > 0) parts.push(`(?:${words.join('|')})(?!${WORD_CHAR})`);
  parts.push(...prefixes, ...substrings);
  return { regex: new RegExp(parts.length > 0 ? parts.join('|') : '(?!)', 'gv'), groupMasks };
}

/**
 * Builds a topic classifier from a lexicon and a list of suppressors (phrases such as "fine china" or 美国国务院 whose
 * words are blanked out before the topic terms are matched); all regex compilation happens here, once.
 */
export function createClassifier(lexicon: Lexicon = DEFAULT_LEXICON, suppressors: TopicLexicon = DEFAULT_SUPPRESSORS): TopicClassifier {
  const { regex, groupMasks } = compile(collectForms(lexicon));
  const suppressorForms = collectFormsOf([suppressors]);
  const suppress = suppressorForms.length > 0 ? compile(suppressorForms).regex : undefined;
  const allTopics = (1 << TOPIC_IDS.length) - 1;

  /** Topic bit masks of every match in `text`, in order (stops early when `stopAtAll` and every topic is seen). */
  function scan(raw: string, onMatch: (mask: number) => boolean): void {
    let text = normaliseForMatching(raw);
    if (suppress) text = text.replace(suppress, (m) => ' '.repeat(m.length));
    // NOTE: the regex is global (stateful lastIndex); classify is synchronous so resetting it here is enough.
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
      for (let g = 1; g < m.length; g++) {
        if (m[g] !== undefined) {
          if (onMatch(groupMasks[g - 1] ?? 0)) return;
          break;
        }
      }
    }
  }

  return {
    classify(input) {
      let found = 0;
      const lead = input.description ? `${input.title}\n${input.description}` : input.title;
      scan(lead, (mask) => {
        found |= mask;
        return found === allTopics;
      });
      if (input.content && found !== allTopics) {
        const counts = TOPIC_IDS.map(() => 0);
        scan(input.content.slice(0, CONTENT_SCAN_CHARS), (mask) => {
          TOPIC_IDS.forEach((_, i) => {
            if ((mask & (1 << i)) !== 0 && ++counts[i]! >= CONTENT_MENTIONS_NEEDED) found |= 1 << i;
          });
          return found === allTopics;
        });
      }
      return TOPIC_IDS.filter((_, i) => (found & (1 << i)) !== 0);
    },
  };
}

let defaultClassifier: TopicClassifier | undefined;

/** Classifies an article with the built-in lexicon (compiled on first use). */
export function classifyTopics(input: ClassifierInput): TopicId[] {
  defaultClassifier ??= createClassifier();
  return defaultClassifier.classify(input);
}
