import { sortEntities } from './entities';
import type { MessageEntity } from './types';

// NOTE: a simplified version of tdlib's find_entities (bot commands and URLs only); offsets are UTF-16 code units, which
// is what JavaScript string indices already are.

// A command: "/" not after a word character, "/", "<" or ">"; 1-64 of [A-Za-z0-9_]; an optional @username; and not
// followed by a word character or "/".
const COMMAND = /(?<![\p{L}\p{N}_/<>])\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\p{L}\p{N}_/])/gu;

// Top-level domains that make a bare "name.tld" a link (Telegram checks a full list; these are the common ones).
const BARE_TLDS = new Set(
  (
    'com org net edu gov int mil info biz name pro io co me app dev ai tv fm ly gl gg to cc ws news online site ' +
    'kz cn ru id uk de fr it es nl pl ua by uz kg tj tm az ge am tr in jp kr hk tw sg my th vn ph au ca us eu ' +
    'рф қаз'
  ).split(' '),
);

// Characters that may end a path; sentence punctuation after a URL is not part of it.
const TRAILING_PUNCTUATION = /[.,:;!?'"»…]+$/u;
// Full-width and CJK punctuation never appear raw in a URL Telegram detects.
const URL_STOP = /[\s<>"`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65«»“”‘’]/u;

// Letters and digits of a host name: Latin and Cyrillic (пример.рф), so that a URL right after Chinese text starts
// where the Latin begins.
const HOST_CHAR = 'A-Za-z0-9\\u0400-\\u04FF';
const LABEL = `[${HOST_CHAR}](?:[${HOST_CHAR}-]{0,61}[${HOST_CHAR}])?`;
const SCHEME = /(?<![A-Za-z0-9_@./:-])(https?:\/\/)/giu;
const BARE_HOST = new RegExp(`(?<![${HOST_CHAR}_@./:#$-])((?:${LABEL}\\.)+[A-Za-z\\u0400-\\u04FF]{2,24})(?![${HOST_CHAR}_@-])`, 'gu');
const HOST = new RegExp(
  `^(?:(?:${LABEL}\\.)+(?:[A-Za-z\\u0400-\\u04FF]{2,24}|xn--[a-z0-9-]{1,59})|\\d{1,3}(?:\\.\\d{1,3}){3}|localhost)(?![${HOST_CHAR}_-])(?::\\d{1,5})?`,
  'iu',
);

// Entity types whose text Telegram does not search for commands and links (bold, italic and the like do not count).
const OPAQUE_TYPES = new Set(['code', 'pre', 'text_link', 'text_mention', 'custom_emoji', 'url', 'email', 'bot_command', 'mention', 'hashtag', 'cashtag', 'phone_number', 'bank_card']);

/** Drops unbalanced closing brackets and sentence punctuation from the end of a URL candidate. */
function trimUrlEnd(candidate: string): string {
  let url = candidate;
  for (;;) {
    const before = url;
    url = url.replace(TRAILING_PUNCTUATION, '');
    for (const [open, close] of [['(', ')'], ['[', ']'], ['{', '}']] as const) {
      if (url.endsWith(close) && url.split(open).length < url.split(close).length) url = url.slice(0, -1);
    }
    if (url === before) return url;
  }
}

/** How far a URL runs from `start` (just past its host): path, query and fragment up to a stop character. */
function urlTail(text: string, start: number): number {
  let end = start;
  if (!/[/?#]/.test(text[start] ?? '')) return start;
  while (end < text.length && !URL_STOP.test(text[end]!)) end++;
  return end;
}

/** The `url` entities of plain text: http(s) links, and bare domains with a well-known top-level domain. */
function findUrls(text: string): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (const match of text.matchAll(SCHEME)) {
    const offset = match.index;
    const afterScheme = offset + match[1]!.length;
    const host = HOST.exec(text.slice(afterScheme));
    if (host === null) continue;
    const end = urlTail(text, afterScheme + host[0].length);
    const url = trimUrlEnd(text.slice(offset, end));
    if (url.length > match[1]!.length) found.push({ type: 'url', offset, length: url.length });
  }
  for (const match of text.matchAll(BARE_HOST)) {
    const offset = match.index;
    const host = match[1]!;
    const tld = host.slice(host.lastIndexOf('.') + 1).toLowerCase();
    if (!BARE_TLDS.has(tld) && !host.toLowerCase().startsWith('www.')) continue;
    if (found.some((url) => offset >= url.offset && offset < url.offset + url.length)) continue;
    let hostEnd = offset + host.length;
    const port = /^:\d{1,5}/.exec(text.slice(hostEnd));
    if (port !== null) hostEnd += port[0].length;
    const url = trimUrlEnd(text.slice(offset, urlTail(text, hostEnd)));
    found.push({ type: 'url', offset, length: url.length });
  }
  return found;
}

/** The `bot_command` entities of plain text, such as /help or /help@silkwire_bot. */
function findCommands(text: string): MessageEntity[] {
  return [...text.matchAll(COMMAND)].map((match) => ({ type: 'bot_command', offset: match.index, length: match[0].length }));
}

function overlaps(a: MessageEntity, b: MessageEntity): boolean {
  return a.offset < b.offset + b.length && b.offset < a.offset + a.length;
}

/**
 * The `bot_command` and `url` entities Telegram finds by itself in a message text, as it adds them to what the bot or
 * a user sent; none overlaps a given entity of a type that hides its text from the search (code, pre, links…).
 */
export function detectEntities(text: string, existing: readonly MessageEntity[] = []): MessageEntity[] {
  const opaque = existing.filter((entity) => OPAQUE_TYPES.has(entity.type));
  const urls = findUrls(text);
  const commands = findCommands(text).filter((command) => !urls.some((url) => overlaps(url, command)));
  return [...urls, ...commands]
    .filter((entity) => !opaque.some((other) => overlaps(other, entity)))
    .sort((a, b) => a.offset - b.offset);
}

/** A text's entities with the ones Telegram detects by itself added, in the Bot API's order. */
export function withDetectedEntities(text: string, entities: readonly MessageEntity[]): MessageEntity[] {
  const detected = detectEntities(text, entities);
  return detected.length === 0 ? [...entities] : sortEntities([...entities, ...detected]);
}
