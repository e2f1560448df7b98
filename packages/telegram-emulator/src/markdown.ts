import { EntityParseError, byteOffsetOf } from './entity-parse-error';
import { linkEntity, sortEntities } from './entities';
import type { ParsedText } from './html';
import type { MessageEntity } from './types';

type Kind = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'code' | 'pre' | 'text_link' | 'custom_emoji';

// The names tdlib prints in "Can't find end of X entity" errors.
const TD_NAMES: Record<Kind, string> = {
  bold: 'Bold',
  italic: 'Italic',
  underline: 'Underline',
  strikethrough: 'Strikethrough',
  spoiler: 'Spoiler',
  code: 'Code',
  pre: 'Pre',
  text_link: 'TextUrl',
  custom_emoji: 'CustomEmoji',
};

const RESERVED = '_*[]()~`>#+-=|{}.!';

interface Open {
  kind: Kind;
  language: string;
  offset: number;
  byteIndex: number;
}

const isSpace = (c: string): boolean => c === '' || c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\v';
const isEscapable = (c: string): boolean => c.length === 1 && c.charCodeAt(0) > 0 && c.charCodeAt(0) <= 126;

function fail(reason: string): never {
  throw new EntityParseError(reason);
}

function reservedError(c: string): never {
  fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`);
}

/** Reads a pre block's language and skips one leading newline; returns the index of the last consumed char. */
function readPreStart(text: string, i: number): { language: string; last: number } {
  let language = '';
  let languageEnd = i;
  while (!isSpace(text.charAt(languageEnd)) && text.charAt(languageEnd) !== '`') languageEnd++;
  if (i !== languageEnd && languageEnd < text.length && text.charAt(languageEnd) !== '`') {
    language = text.slice(i, languageEnd);
    i = languageEnd;
  }
  const c = text.charAt(i);
  if (c === '\n' || c === '\r') {
    const next = text.charAt(i + 1);
    i += (next === '\n' || next === '\r') && next !== c ? 2 : 1;
  }
  return { language, last: i - 1 };
}

/**
 * Parses text in Telegram's MarkdownV2 parse mode into visible text and entities, throwing `EntityParseError` with
 * the Bot API's description for markup Telegram rejects (unescaped reserved characters, unclosed entities).
 */
export function parseTelegramMarkdownV2(text: string): ParsedText {
  const at = (k: number): string => text.charAt(k);
  const stack: Open[] = [];
  const entities: MessageEntity[] = [];
  let quote: { offset: number; expandable: boolean } | undefined;
  let out = '';

  const closeQuote = (): void => {
    if (quote !== undefined && out.length > quote.offset) {
      const type = quote.expandable ? 'expandable_blockquote' : 'blockquote';
      entities.push({ type, offset: quote.offset, length: out.length - quote.offset });
    }
    quote = undefined;
  };

  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    const top = stack.at(-1);
    const inCode = top?.kind === 'code' || top?.kind === 'pre';

    if (!inCode && (i === 0 || at(i - 1) === '\n')) {
      if (c === '>') {
        quote ??= { offset: out.length, expandable: false };
        continue;
      }
      if (text.startsWith('**>', i)) {
        quote ??= { offset: out.length, expandable: true };
        i += 2;
        continue;
      }
    }
    if (!inCode && quote !== undefined) {
      if (c === '\n' && at(i + 1) !== '>' && !text.startsWith('**>', i + 1)) closeQuote();
      if (quote?.expandable && c === '|' && at(i + 1) === '|' && (i + 2 === text.length || at(i + 2) === '\n')) {
        closeQuote();
        i++;
        continue;
      }
    }

    if (c === '\\' && isEscapable(at(i + 1))) {
      out += at(i + 1);
      i++;
      continue;
    }
    const reserved = inCode ? '`' : RESERVED;
    if (!reserved.includes(c)) {
      out += c;
      continue;
    }

    let closes = false;
    if (top !== undefined) {
      switch (top.kind) {
        case 'bold':
          closes = c === '*';
          break;
        case 'italic':
          closes = c === '_' && at(i + 1) !== '_';
          break;
        case 'code':
          closes = c === '`';
          break;
        case 'pre':
          closes = c === '`' && at(i + 1) === '`' && at(i + 2) === '`';
          break;
        case 'text_link':
        case 'custom_emoji':
          closes = c === ']';
          break;
        case 'underline':
          closes = c === '_' && at(i + 1) === '_';
          break;
        case 'strikethrough':
          closes = c === '~';
          break;
        case 'spoiler':
          closes = c === '|' && at(i + 1) === '|';
          break;
      }
    }

    if (!closes) {
      const byteIndex = i;
      let kind: Kind;
      let language = '';
      switch (c) {
        case '_':
          if (at(i + 1) === '_') {
            kind = 'underline';
            i++;
          } else {
            kind = 'italic';
          }
          break;
        case '*':
          kind = 'bold';
          break;
        case '~':
          kind = 'strikethrough';
          break;
        case '|':
          if (at(i + 1) !== '|') reservedError(c);
          kind = 'spoiler';
          i++;
          break;
        case '[':
          kind = 'text_link';
          break;
        case '`':
          if (at(i + 1) === '`' && at(i + 2) === '`') {
            kind = 'pre';
            const pre = readPreStart(text, i + 3);
            language = pre.language;
            i = pre.last;
          } else {
            kind = 'code';
          }
          break;
        case '!':
          if (at(i + 1) !== '[') reservedError(c);
          kind = 'custom_emoji';
          i++;
          break;
        default:
          reservedError(c);
      }
      stack.push({ kind, language, offset: out.length, byteIndex });
      continue;
    }

    const open = stack.pop() as Open;
    const length = out.length - open.offset;
    let entity: MessageEntity | undefined = { type: open.kind, offset: open.offset, length };
    switch (open.kind) {
      case 'underline':
      case 'spoiler':
        i++;
        break;
      case 'pre':
        i += 2;
        if (open.language.length > 0) entity.language = open.language;
        break;
      case 'text_link': {
        let url = '';
        if (at(i + 1) !== '(') {
          url = out.slice(open.offset);
        } else {
          i += 2;
          const urlBegin = i;
          while (i < text.length && at(i) !== ')') {
            if (at(i) === '\\' && isEscapable(at(i + 1))) {
              url += at(i + 1);
              i += 2;
              continue;
            }
            url += at(i++);
          }
          if (at(i) !== ')') fail(`Can't find end of a URL at byte offset ${byteOffsetOf(text, urlBegin)}`);
        }
        entity = length > 0 ? linkEntity(url, open.offset, length) : undefined;
        break;
      }
      case 'custom_emoji': {
        if (at(i + 1) !== '(') fail('Custom emoji entity must contain a tg://emoji URL');
        i += 2;
        const urlBegin = i;
        let url = '';
        while (i < text.length && at(i) !== ')') {
          if (at(i) === '\\' && isEscapable(at(i + 1))) {
            url += at(i + 1);
            i += 2;
            continue;
          }
          url += at(i++);
        }
        if (at(i) !== ')') fail(`Can't find end of a custom emoji URL at byte offset ${byteOffsetOf(text, urlBegin)}`);
        const id = /^tg:\/\/emoji\?id=([1-9][0-9]{0,18})$/.exec(url)?.[1];
        if (id === undefined) fail('Invalid custom emoji identifier specified');
        entity.custom_emoji_id = id;
        break;
      }
      default:
        break;
    }
    if (entity !== undefined && length > 0) entities.push(entity);
  }

  const unclosed = stack.at(-1);
  if (unclosed !== undefined) {
    fail(`Can't find end of ${TD_NAMES[unclosed.kind]} entity at byte offset ${byteOffsetOf(text, unclosed.byteIndex)}`);
  }
  closeQuote();
  return { text: out, entities: sortEntities(entities) };
}

/** Parses text in Telegram's legacy Markdown parse mode: `*bold*`, `_italic_`, code, pre and `[text](url)`. */
export function parseTelegramMarkdown(text: string): ParsedText {
  const at = (k: number): string => text.charAt(k);
  const entities: MessageEntity[] = [];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (c === '\\' && '_*`['.includes(at(i + 1)) && at(i + 1) !== '') {
      out += at(i + 1);
      i++;
      continue;
    }
    if (c !== '_' && c !== '*' && c !== '`' && c !== '[') {
      out += c;
      continue;
    }
    const begin = i;
    const endChar = c === '[' ? ']' : c;
    let isPre = false;
    let language = '';
    i++;
    if (c === '`' && at(i) === '`' && at(i + 1) === '`') {
      isPre = true;
      const pre = readPreStart(text, i + 2);
      language = pre.language;
      i = pre.last + 1;
    }
    const offset = out.length;
    while (i < text.length && (at(i) !== endChar || (isPre && !(at(i + 1) === '`' && at(i + 2) === '`')))) {
      out += at(i++);
    }
    if (i >= text.length) {
      fail(`Can't find end of the entity starting at byte offset ${byteOffsetOf(text, begin)}`);
    }
    const length = out.length - offset;
    if (length > 0) {
      if (c === '_') entities.push({ type: 'italic', offset, length });
      else if (c === '*') entities.push({ type: 'bold', offset, length });
      else if (c === '`') {
        const entity: MessageEntity = { type: isPre ? 'pre' : 'code', offset, length };
        if (isPre && language.length > 0) entity.language = language;
        entities.push(entity);
      } else {
        let url = text.slice(begin + 1, i);
        if (at(i + 1) === '(') {
          i += 2;
          url = '';
          while (i < text.length && at(i) !== ')') url += at(i++);
        }
        const link = linkEntity(url, offset, length);
        if (link !== undefined) entities.push(link);
      }
    }
    if (isPre) i += 2;
  }
  return { text: out, entities: sortEntities(entities) };
}
