import { badRequest } from './api-error';
import { withDetectedEntities } from './auto-entities';
import { EntityParseError } from './entity-parse-error';
import { parseTelegramHtml, type ParsedText } from './html';
import { parseTelegramMarkdown, parseTelegramMarkdownV2 } from './markdown';
import type { MessageEntity } from './types';

/** Longest message text, in UTF-16 code units after entity parsing. */
export const TEXT_LIMIT = 4096;
/** Limit of a media caption, in UTF-16 code units after entity parsing. */
export const CAPTION_LIMIT = 1024;

/** What `formatMessageText` needs: the raw text and how the bot asked to format it. */
export interface FormatInput {
  text: string;
  parseMode: string | undefined;
  entities: MessageEntity[] | undefined;
  kind: 'text' | 'caption';
  strictHtml: boolean;
}

/** The parse mode as Telegram names it, or undefined for none; throws on an unknown mode. */
export function normaliseParseMode(mode: string | undefined): string | undefined {
  if (mode === undefined || mode === '') return undefined;
  switch (mode.toLowerCase()) {
    case 'html':
      return 'HTML';
    case 'markdownv2':
      return 'MarkdownV2';
    case 'markdown':
      return 'Markdown';
    default:
      throw badRequest('unsupported parse_mode');
  }
}

const LEADING_SPACE = /^[ \t\n\r\v\f]+/;
const TRAILING_SPACE = /[ \t\n\r\v\f]+$/;

/** Removes leading and trailing whitespace like Telegram does, moving and clipping entities to match. */
function trimText(parsed: ParsedText): ParsedText {
  const lead = LEADING_SPACE.exec(parsed.text)?.[0].length ?? 0;
  const text = parsed.text.slice(lead).replace(TRAILING_SPACE, '');
  const entities: MessageEntity[] = [];
  for (const entity of parsed.entities) {
    const start = Math.max(0, entity.offset - lead);
    const end = Math.min(text.length, entity.offset + entity.length - lead);
    if (end > start) entities.push({ ...entity, offset: start, length: end - start });
  }
  return { text, entities };
}

/**
 * Turns the text of a send or edit call into the visible text and entities Telegram would store (with the commands
 * and links it detects), throwing the Bot
 * API's 400 errors (can't parse entities, empty, too long).
 */
export function formatMessageText(input: FormatInput): ParsedText {
  const mode = normaliseParseMode(input.parseMode);
  let parsed: ParsedText;
  try {
    if (input.entities !== undefined || mode === undefined) {
      parsed = { text: input.text, entities: input.entities ?? [] };
    } else if (mode === 'HTML') {
      parsed = parseTelegramHtml(input.text, { strictAmpersand: input.strictHtml });
    } else if (mode === 'MarkdownV2') {
      parsed = parseTelegramMarkdownV2(input.text);
    } else {
      parsed = parseTelegramMarkdown(input.text);
    }
  } catch (error) {
    if (error instanceof EntityParseError) throw badRequest(`can't parse entities: ${error.reason}`);
    throw error;
  }
  const trimmed = trimText(parsed);
  if (input.kind === 'text') {
    if (trimmed.text.length === 0) throw badRequest('message text is empty');
    if (trimmed.text.length > TEXT_LIMIT) throw badRequest('message is too long');
  } else if (trimmed.text.length > CAPTION_LIMIT) {
    throw badRequest('message caption is too long');
  }
  // Telegram adds the commands and links it finds in the text, as it does for every message.
  return { text: trimmed.text, entities: withDetectedEntities(trimmed.text, trimmed.entities) };
}
