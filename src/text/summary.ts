import { isHanText, splitSentences } from './sentences';

/** The longest summary, in UTF-16 code units. */
export const MAX_SUMMARY = 300;

/** What a summary is drawn from: the article's own title, description and body (plain text). */
export interface SummaryInput {
  title: string;
  description?: string;
  content?: string;
}

/** Feed boilerplate that is never part of the story ("The post … appeared first on …", "Read more"). */
const BOILERPLATE =
  /appeared first on|^read more|continue reading|^click here|^подробнее|^читать далее|^читайте также|^baca juga|^selengkapnya|^толығырақ|阅读全文|^点击|^来源[:：]|^责任编辑|^\(?photo|^фото:|^foto:/iu;

/** Clause punctuation at which Chinese text may be cut. */
const HAN_CLAUSE = /[，、；：,;]/u;

/**
 * An extractive summary of one or two lead sentences of the article's own text, in its language: at most `max`
 * characters, never cut inside a word (Chinese is cut at a clause or character boundary), never just the title.
 * Empty when the article has no text beyond its title.
 */
export function summarise(input: SummaryInput, max: number = MAX_SUMMARY): string {
  const titleKey = fold(input.title);
  const pools = [input.description ?? '', input.content ?? ''];
  for (const pool of pools) {
    const sentences = splitSentences(stripTitlePrefix(pool, input.title)).filter((s) => usable(s, titleKey));
    if (sentences.length === 0) continue;
    return fit(sentences, max);
  }
  return '';
}

/** Joins the first sentences that fit in `max`; a first sentence too long on its own is cut at a boundary. */
function fit(sentences: readonly string[], max: number): string {
  const first = sentences[0]!;
  if (first.length > max) return cut(first, max);
  const han = isHanText(first);
  let result = first;
  const second = sentences[1];
  // A very short lead ("MOSCOW, May 5.") says little: take the second sentence too when it fits.
  if (second !== undefined && (result.length < 120 || han && result.length < 60)) {
    const joined = han ? `${result}${second}` : `${result} ${second}`;
    if (joined.length <= max) result = joined;
  }
  return result;
}

/** Cuts one sentence to at most `max` characters with an ellipsis: at a word boundary, or a Han clause/character. */
function cut(sentence: string, max: number): string {
  const budget = max - 1;
  let head = sentence.slice(0, budget);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  if (isHanText(sentence)) {
    let at = -1;
    for (let i = head.length - 1; i >= head.length / 2; i--) {
      if (HAN_CLAUSE.test(head[i]!)) {
        at = i;
        break;
      }
    }
    if (at > 0) head = head.slice(0, at);
    // Never end between a Latin word's letters inside Chinese text ("…宣布与Samsung").
    else head = head.replace(/[\p{Script=Latin}\p{N}]+$/u, '');
  } else if (/[\p{L}\p{N}]/u.test(sentence.charAt(head.length))) {
    const space = head.search(/\s\S*$/u);
    if (space > 0) head = head.slice(0, space);
  }
  return `${head.replace(/[\s,;:，、；：\-–—]+$/u, '')}…`;
}

function usable(sentence: string, titleKey: string): boolean {
  if (BOILERPLATE.test(sentence)) return false;
  const key = fold(sentence);
  if (key === '' || key === titleKey) return false;
  // Repeats the title with a word or two added (a dateline, the outlet's name).
  if (titleKey.length > 0 && key.includes(titleKey) && key.length < titleKey.length * 1.3) return false;
  const han = isHanText(sentence);
  return han ? key.length >= 8 : key.split(' ').length >= 4;
}

/** Removes the title when the text starts by repeating it. */
function stripTitlePrefix(text: string, title: string): string {
  const trimmed = text.trim();
  if (title && trimmed.startsWith(title)) return trimmed.slice(title.length).replace(/^[\s.:!?。：—–-]+/u, '');
  return trimmed;
}

function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}
