import { decodeHTML } from 'entities';
import { Parser } from 'htmlparser2';

/** Elements whose content is never text a reader sees. */
const INVISIBLE_ELEMENTS = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'math', 'iframe', 'object']);

/** Elements that separate words when rendered, so their boundaries become spaces. */
const BREAKING_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li',
  'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

/**
 * Hyphen look-alikes folded to ASCII '-': hyphen, non-breaking hyphen, figure dash, hyphen bullet,
 * minus sign, small and fullwidth hyphen-minus. En and em dashes are real punctuation and stay.
 */
const ODD_HYPHENS = /[\u2010\u2011\u2012\u2043\u2212\uFE63\uFF0D]/g;

/** Invisible format characters: soft hyphen, zero-width space, word joiner, BOM. */
const INVISIBLES = /[\u00AD\u200B\u2060\uFEFF]/g;

/** Any run of whitespace, including NBSP (U+00A0), narrow NBSP and the other Unicode spaces. */
const WHITESPACE = /[\s\u00A0\u2007\u202F]+/g;

/** Turns feed text that may hold HTML and entities into one line of plain text. */
export function cleanText(input: string): string {
  const raw = input.includes('<') ? textOfHtml(input) : input;
  return decodeHTML(raw)
    .replace(ODD_HYPHENS, '-')
    .replace(INVISIBLES, '')
    .replace(WHITESPACE, ' ')
    .trim();
}

/** Shortens text to at most `max` UTF-16 code units, cutting at a word boundary and ending with '…'. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  if (max === 1) return '…';
  let cut = text.slice(0, max - 1);
  // Never leave half of a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const nextIsBoundary = /\s/.test(text.charAt(cut.length));
  const lastSpace = lastWhitespace(cut);
  // Cut at the last space unless that throws away more than half the budget (long words, CJK text).
  if (!nextIsBoundary && lastSpace > max / 2) cut = cut.slice(0, lastSpace);
  let end = cut.length;
  while (end > 0 && TRAILING.test(cut.charAt(end - 1))) end -= 1;
  return `${cut.slice(0, end)}…`;
}

/** Characters trimmed from the end of a cut before its ellipsis: spaces, clause punctuation and dashes. */
const TRAILING = /[\s,;:\-–—]/u;

/** The index of the last whitespace character, or -1 (a backward scan: a regex anchored at the end tries every start). */
function lastWhitespace(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (/\s/.test(text.charAt(i))) return i;
  return -1;
}

function textOfHtml(html: string): string {
  const pieces: string[] = [];
  let hidden = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (INVISIBLE_ELEMENTS.has(name)) hidden += 1;
        if (BREAKING_ELEMENTS.has(name)) pieces.push(' ');
      },
      onclosetag(name) {
        if (INVISIBLE_ELEMENTS.has(name) && hidden > 0) hidden -= 1;
        if (BREAKING_ELEMENTS.has(name)) pieces.push(' ');
      },
      ontext(text) {
        if (hidden === 0) pieces.push(text);
      },
    },
    // Entities are decoded once, afterwards, by `entities`, so that text and attribute-free input agree.
    { decodeEntities: false },
  );
  parser.write(html);
  parser.end();
  return pieces.join('');
}
