import { EntityParseError, byteOffsetOf } from './entity-parse-error';
import { linkEntity, sortEntities } from './entities';
import type { MessageEntity } from './types';

/** Visible text and its entities, as Telegram derives them from formatted text. */
export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

/** Options of `parseTelegramHtml`. */
export interface HtmlParseOptions {
  /**
   * Reject a `&` that does not start a valid entity, in text and in attribute values (default true). Telegram itself
   * keeps such a `&` as is, but its documentation says every `&` must be escaped, a stray one usually means text was
   * not escaped at all, and an unescaped `&quot=1` in a URL would silently be decoded.
   */
  strictAmpersand?: boolean;
}

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  's',
  'strike',
  'del',
  'u',
  'ins',
  'tg-spoiler',
  'tg-emoji',
  'span',
  'pre',
  'code',
  'blockquote',
]);

const SIMPLE_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  u: 'underline',
  ins: 'underline',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
};

const NAMED_ENTITIES: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };

interface OpenTag {
  tag: string;
  argument: string;
  expandable: boolean;
  offset: number;
}

// tdlib treats the terminating NUL as a space; `charAt` past the end gives '' which these helpers treat the same way.
const isSpace = (c: string): boolean => c === '' || c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v';
const isAlpha = (c: string): boolean => /^[A-Za-z]$/.test(c);
const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

function fail(reason: string): never {
  throw new EntityParseError(reason);
}

function unescapedAmpersand(html: string, index: number): never {
  fail(
    `Unescaped "&" at byte offset ${byteOffsetOf(html, index)}; write it as &amp; ` +
      '(emulator strict check: Telegram would keep it as is, or decode it if it looks like an entity)',
  );
}

/** Decodes the character reference starting at `pos` (a '&'), the way tdlib does; undefined when it is not one. */
function decodeEntity(s: string, pos: number): { codePoint: number; next: number } | undefined {
  let end = pos + 1;
  let value = 0;
  if (s.charAt(end) === '#') {
    end++;
    if (s.charAt(end) === 'x' || s.charAt(end) === 'X') {
      end++;
      while (/^[0-9A-Fa-f]$/.test(s.charAt(end))) value = value * 16 + parseInt(s.charAt(end++), 16);
    } else {
      while (/^[0-9]$/.test(s.charAt(end))) value = value * 10 + Number(s.charAt(end++));
    }
    if (value === 0 || value >= 0x10ffff || end - pos >= 10 || (value >= 0xd800 && value <= 0xdfff)) return undefined;
  } else {
    while (isAlpha(s.charAt(end))) end++;
    const named = NAMED_ENTITIES[s.slice(pos + 1, end)];
    if (named === undefined) return undefined;
    value = named;
  }
  if (s.charAt(end) === ';') end++;
  return { codePoint: value, next: end };
}

/**
 * Parses text in Telegram's HTML parse mode into visible text and entities, throwing `EntityParseError` with the
 * Bot API's description for markup Telegram rejects.
 */
export function parseTelegramHtml(html: string, options: HtmlParseOptions = {}): ParsedText {
  const strictAmpersand = options.strictAmpersand ?? true;
  const at = (k: number): string => html.charAt(k);
  const len = html.length;
  const stack: OpenTag[] = [];
  const entities: (MessageEntity & { codeLanguage?: string })[] = [];
  let out = '';

  for (let i = 0; i < len; i++) {
    const c = at(i);
    if (c === '&') {
      const decoded = decodeEntity(html, i);
      if (decoded !== undefined) {
        out += String.fromCodePoint(decoded.codePoint);
        i = decoded.next - 1;
        continue;
      }
      if (strictAmpersand) unescapedAmpersand(html, i);
    }
    if (c !== '<') {
      out += c;
      continue;
    }

    const begin = i++;
    const beginByte = (): number => byteOffsetOf(html, begin);
    if (at(i) !== '/') {
      while (!isSpace(at(i)) && at(i) !== '>') i++;
      if (i >= len) fail(`Unclosed start tag at byte offset ${beginByte()}`);
      const tag = html.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) fail(`Unsupported start tag "${tag}" at byte offset ${beginByte()}`);

      let argument = '';
      let expandable = false;
      while (at(i) !== '>') {
        while (i < len && isSpace(at(i))) i++;
        if (at(i) === '>') break;
        const attributeBegin = i;
        while (!isSpace(at(i)) && at(i) !== '=' && at(i) !== '>') i++;
        const attribute = html.slice(attributeBegin, i);
        if (attribute.length === 0) fail(`Empty attribute name in the tag "${tag}" at byte offset ${beginByte()}`);
        while (i < len && isSpace(at(i))) i++;
        if (at(i) !== '=') {
          if (tag === 'blockquote' && attribute === 'expandable') {
            expandable = true;
            continue;
          }
          fail(`Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${beginByte()}`);
        }
        i++;
        while (i < len && isSpace(at(i))) i++;
        if (i >= len) fail(`Unclosed start tag "${tag}" at byte offset ${beginByte()}`);

        let value = '';
        const quote = at(i);
        if (quote !== '"' && quote !== "'") {
          const tokenBegin = i;
          while (isAlnum(at(i)) || at(i) === '.' || at(i) === '-') i++;
          value = html.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(at(i)) && at(i) !== '>') {
            fail(`Unexpected end of name token at byte offset ${byteOffsetOf(html, tokenBegin)}`);
          }
        } else {
          i++;
          while (i < len && at(i) !== quote) {
            if (at(i) === '&') {
              const decoded = decodeEntity(html, i);
              if (decoded !== undefined) {
                value += String.fromCodePoint(decoded.codePoint);
                i = decoded.next;
                continue;
              }
              if (strictAmpersand) unescapedAmpersand(html, i);
            }
            value += at(i++);
          }
          if (at(i) === quote) i++;
        }
        if (i >= len) fail(`Unclosed start tag at byte offset ${beginByte()}`);

        if (tag === 'a' && attribute === 'href') argument = value;
        else if (tag === 'code' && attribute === 'class' && value.startsWith('language-')) argument = value.slice(9);
        else if (tag === 'span' && attribute === 'class' && value.startsWith('tg-')) argument = value.slice(3);
        else if (tag === 'tg-emoji' && attribute === 'emoji-id') argument = value;
      }

      if (tag === 'span' && argument !== 'spoiler') {
        fail(`Tag "span" must have class "tg-spoiler" at byte offset ${beginByte()}`);
      }
      stack.push({ tag, argument, expandable, offset: out.length });
      continue;
    }

    // An end tag.
    const open = stack.at(-1);
    if (open === undefined) fail(`Unexpected end tag at byte offset ${beginByte()}`);
    while (!isSpace(at(i)) && at(i) !== '>') i++;
    const endTag = html.slice(begin + 2, i).toLowerCase();
    while (i < len && isSpace(at(i))) i++;
    if (at(i) !== '>') fail(`Unclosed end tag at byte offset ${beginByte()}`);
    const { tag, argument, expandable, offset } = open;
    if (endTag.length > 0 && endTag !== tag) {
      fail(`Unmatched end tag at byte offset ${beginByte()}, expected "</${tag}>", found "</${endTag}>"`);
    }
    stack.pop();

    const length = out.length - offset;
    if (length === 0) continue;
    const simple = SIMPLE_TYPES[tag];
    if (simple !== undefined) {
      entities.push({ type: simple, offset, length });
    } else if (tag === 'a') {
      const link = linkEntity(argument.length > 0 ? argument : out.slice(offset), offset, length);
      if (link !== undefined) entities.push(link);
    } else if (tag === 'code') {
      const entity: MessageEntity & { codeLanguage?: string } = { type: 'code', offset, length };
      if (argument.length > 0) entity.codeLanguage = argument;
      entities.push(entity);
    } else if (tag === 'pre') {
      const last = entities.at(-1);
      if (last?.type === 'code' && last.offset === offset && last.length === length && last.codeLanguage) {
        entities.pop();
        entities.push({ type: 'pre', offset, length, language: last.codeLanguage });
      } else {
        entities.push({ type: 'pre', offset, length });
      }
    } else if (tag === 'blockquote') {
      entities.push({ type: expandable ? 'expandable_blockquote' : 'blockquote', offset, length });
    } else if (tag === 'tg-emoji') {
      if (!/^[1-9][0-9]{0,18}$/.test(argument)) fail('Invalid custom emoji identifier specified');
      entities.push({ type: 'custom_emoji', offset, length, custom_emoji_id: argument });
    }
  }

  const unclosed = stack.at(-1);
  if (unclosed !== undefined) fail(`Can't find end tag corresponding to start tag "${unclosed.tag}"`);

  const clean = entities.map(({ codeLanguage: _language, ...entity }) => entity);
  return { text: out, entities: sortEntities(clean) };
}
