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

/**
 * Joins blocks (a header, then one block per article) into as few messages as fit under the limit,
 * never splitting a block; the header starts the first message only.
 */
export function packBlocks(header: string, blocks: readonly string[], limit = TELEGRAM_TEXT_LIMIT, separator = '\n\n'): string[] {
  const messages: string[] = [];
  let current = header;
  for (const block of blocks) {
    const candidate = current === '' ? block : `${current}${separator}${block}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    if (current !== '') messages.push(current);
    // NOTE: a single block longer than the limit is clipped rather than sent broken; callers keep blocks short.
    current = block.length <= limit ? block : clip(block, limit);
  }
  if (current !== '') messages.push(current);
  return messages;
}
