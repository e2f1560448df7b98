import type { MessageEntity } from './types';

/** Telegram's order for entities that start at the same offset and have the same length (tdlib's get_type_priority). */
export const TYPE_PRIORITY: Readonly<Record<string, number>> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 11,
  code: 20,
  text_link: 49,
  text_mention: 49,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 95,
};

/** Sorts entities the way the Bot API returns them: by offset, longer first, then by type priority. */
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities
    .map((entity, index) => ({ entity, index }))
    .sort(
      (a, b) =>
        a.entity.offset - b.entity.offset ||
        b.entity.length - a.entity.length ||
        (TYPE_PRIORITY[a.entity.type] ?? 50) - (TYPE_PRIORITY[b.entity.type] ?? 50) ||
        a.index - b.index,
    )
    .map(({ entity }) => entity);
}

/**
 * Turns a link target into a `text_link` or `text_mention` entity, or undefined when Telegram would drop it
 * (an invalid URL is silently ignored, not an error).
 */
export function linkEntity(target: string, offset: number, length: number): MessageEntity | undefined {
  const url = target.trim();
  const mention = /^tg:\/\/user\?id=(\d{1,15})$/i.exec(url);
  if (mention?.[1] !== undefined) {
    return { type: 'text_mention', offset, length, user: { id: Number(mention[1]), is_bot: false, first_name: '' } };
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `http://${url}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    return undefined;
  }
  const scheme = parsed.protocol.slice(0, -1).toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    if (!/^[^\s]+$/.test(parsed.hostname) || parsed.hostname.length === 0) return undefined;
  } else if (scheme !== 'tg' && scheme !== 'ton' && scheme !== 'tonsite') {
    return undefined;
  }
  return { type: 'text_link', offset, length, url: withScheme };
}
