import type { MessageEntity } from '../src';
import { TYPE_PRIORITY } from '../src/entities';

// NOTE: the page imports this file built for the browser by esbuild (browser-bundle.ts, at start); keep it free of
// Node APIs. tests/playground-render.test.ts runs the source and the built bundle on the same cases.

/** The fields of a Bot API `MessageEntity` that change how a message text is rendered. */
export type RenderableEntity = Pick<MessageEntity, 'type' | 'offset' | 'length'> & { url?: string; language?: string };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Telegram's order for entities that start at the same offset and have the same length: outer first (a bare URL
// ranks with a text link).
const PRIORITY: Readonly<Record<string, number>> = { ...TYPE_PRIORITY, url: TYPE_PRIORITY.text_link ?? 49 };

const SIMPLE_TAGS: Record<string, [string, string]> = {
  bold: ['<b>', '</b>'],
  italic: ['<i>', '</i>'],
  underline: ['<u>', '</u>'],
  strikethrough: ['<s>', '</s>'],
  spoiler: ['<span class="tg-spoiler">', '</span>'],
  code: ['<code class="tg-code">', '</code>'],
  blockquote: ['<blockquote class="tg-quote">', '</blockquote>'],
  expandable_blockquote: ['<blockquote class="tg-quote tg-expandable">', '</blockquote>'],
  mention: ['<span class="tg-mention">', '</span>'],
  text_mention: ['<span class="tg-mention">', '</span>'],
  hashtag: ['<span class="tg-hashtag">', '</span>'],
  cashtag: ['<span class="tg-hashtag">', '</span>'],
  email: ['<span class="tg-email">', '</span>'],
  phone_number: ['<span class="tg-phone">', '</span>'],
  bank_card: ['<span class="tg-card">', '</span>'],
};

/** A table entry by own key only, so that an entity type such as "constructor" finds nothing. */
function own<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

interface OpenTag {
  open: string;
  close: string;
  isLink: boolean;
}

interface ActiveTag extends OpenTag {
  end: number;
}

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => own(ESCAPES, char) ?? char);
}

/** The normalised URL when it is an absolute http(s) URL, else undefined (javascript:, data:, tg:, relative…). */
export function safeHttpUrl(raw: string): string | undefined {
  const candidate = raw.trim();
  if (!/^https?:\/\//i.test(candidate)) return undefined;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The target of a `url` entity: its own text, with http:// added when it has no scheme, as Telegram does. */
function urlEntityTarget(covered: string): string | undefined {
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(covered);
  return safeHttpUrl(hasScheme ? covered : `http://${covered}`);
}

function tagFor(entity: RenderableEntity, covered: string, insideLink: boolean): OpenTag | undefined {
  if (entity.type === 'text_link' || entity.type === 'url') {
    const href = entity.type === 'url' ? urlEntityTarget(covered) : safeHttpUrl(entity.url ?? '');
    // An <a> inside an <a> is not valid HTML; the outer link wins.
    if (href === undefined || insideLink) return undefined;
    return { open: `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">`, close: '</a>', isLink: true };
  }
  if (entity.type === 'pre') {
    const language =
      typeof entity.language === 'string' && /^[A-Za-z0-9_+#.-]{1,32}$/.test(entity.language) ? entity.language : '';
    const open =
      language === ''
        ? '<pre class="tg-pre"><code>'
        : `<pre class="tg-pre" data-language="${escapeHtml(language)}"><code class="language-${escapeHtml(language)}">`;
    return { open, close: '</code></pre>', isLink: false };
  }
  if (entity.type === 'bot_command') {
    return { open: `<span class="tg-command" data-command="${escapeHtml(covered)}">`, close: '</span>', isLink: false };
  }
  const simple = own(SIMPLE_TAGS, entity.type);
  return simple === undefined ? undefined : { open: simple[0], close: simple[1], isLink: false };
}

/**
 * Renders a message's visible text and its entities (UTF-16 offsets, as the Bot API gives them) into safe HTML:
 * every character of the text is escaped, only http(s) links become `<a target="_blank" rel="noopener noreferrer">`,
 * overlapping entities are split so that the tags always nest, and entities outside the text are ignored.
 */
export function renderEntitiesToHtml(text: string, entities: readonly RenderableEntity[] = []): string {
  const spans = entities
    .map((entity, index) => ({ entity, index, start: entity.offset, end: Math.min(entity.offset + entity.length, text.length) }))
    .filter(
      (span) =>
        Number.isInteger(span.entity.offset) && Number.isInteger(span.entity.length) && span.start >= 0 && span.end > span.start,
    )
    .sort(
      (a, b) =>
        a.start - b.start ||
        b.end - a.end ||
        (own(PRIORITY, a.entity.type) ?? 50) - (own(PRIORITY, b.entity.type) ?? 50) ||
        a.index - b.index,
    );
  const boundaries = [...new Set([0, text.length, ...spans.flatMap((span) => [span.start, span.end])])].sort((a, b) => a - b);
  const stack: ActiveTag[] = [];
  let html = '';
  let cursor = 0;
  let next = 0;
  for (const position of boundaries) {
    html += escapeHtml(text.slice(cursor, position));
    cursor = position;
    const firstEnding = stack.findIndex((tag) => tag.end <= position);
    if (firstEnding !== -1) {
      // Close everything from the outermost tag that ends here, then reopen the ones that go on.
      const closed = stack.splice(firstEnding);
      for (let i = closed.length - 1; i >= 0; i--) html += closed[i]!.close;
      for (const tag of closed) {
        if (tag.end <= position) continue;
        html += tag.open;
        stack.push(tag);
      }
    }
    while (next < spans.length && spans[next]!.start === position) {
      const span = spans[next]!;
      next += 1;
      const tag = tagFor(span.entity, text.slice(span.start, span.end), stack.some((open) => open.isLink));
      if (tag === undefined) continue;
      html += tag.open;
      stack.push({ ...tag, end: span.end });
    }
  }
  return html;
}
