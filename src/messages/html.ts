/** Telegram's limit on a message's text length. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Escapes text for Telegram's HTML parse mode (text nodes and attribute values alike). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Cuts plain text to at most `max` characters at a word boundary, ending with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A block of HTML and what it carries (e.g. the article ids it shows). */
export interface Block<T> {
  html: string;
  items: readonly T[];
}

/**
 * Joins blocks (after a header) into as few messages as fit under the limit, never splitting a block;
 * the header starts the first message only. Each message lists the items of its blocks.
 */
export function packItems<T>(header: string, blocks: ReadonlyArray<Block<T>>, limit = TELEGRAM_TEXT_LIMIT, separator = '\n\n'): Array<Block<T>> {
  const messages: Array<Block<T>> = [];
  let current: Block<T> = { html: header, items: [] };
  for (const block of blocks) {
    const candidate = current.html === '' ? block.html : `${current.html}${separator}${block.html}`;
    if (candidate.length <= limit) {
      current = { html: candidate, items: [...current.items, ...block.items] };
      continue;
    }
    if (current.html !== '') messages.push(current);
    // NOTE: callers keep blocks far below the limit (titles are clipped), so a block always fits a message of its own.
    current = block;
  }
  if (current.html !== '') messages.push(current);
  return messages;
}

/** packItems for plain HTML blocks. */
export function packBlocks(header: string, blocks: readonly string[], limit = TELEGRAM_TEXT_LIMIT, separator = '\n\n'): string[] {
  return packItems(header, blocks.map((html) => ({ html, items: [] })), limit, separator).map((message) => message.html);
}

/** How much of a person's input a reply echoes back. */
export const ECHO_MAX = 64;

/**
 * A person's input made safe to echo: at most `max` characters (whole code points, so an emoji is never halved),
 * ending with an ellipsis when cut, and escaped after cutting so that no escape is ever cut in two.
 */
export function echo(input: string, max = ECHO_MAX): string {
  const chars = Array.from(input);
  return escapeHtml(chars.length <= max ? input : `${chars.slice(0, max - 1).join('')}…`);
}

/** Splits an HTML text at line boundaries into messages under the limit; each line must be valid HTML on its own. */
export function splitLines(html: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  return packBlocks('', html.split('\n'), limit, '\n');
}
