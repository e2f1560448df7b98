import type { TopicId } from '../articles/article';
import type { Messages } from '../i18n';
import type { StoryGroup } from '../stories/story-service';
import { escapeHtml, packItems, TELEGRAM_TEXT_LIMIT, type Block } from './html';
import { formatStory, formatStoryUpdate, storyTopics } from './story-message';

/** At most this many stories per topic in one digest or alert; the rest are counted in an "and N more" line. */
export const DELIVERY_CAP_PER_TOPIC = 10;

/** One story a delivery carries: new to the chat, or an update of one it was sent (`added` more sources). */
export interface DeliveryStory {
  group: StoryGroup;
  /** The new articles of the story this delivery accounts for (marked delivered once their message is sent). */
  articleIds: readonly string[];
  /** How many sources the story has now. */
  sources: number;
  /** For a story the chat was sent before: how many sources it gained since. */
  added?: number;
  /** The chat's include words the story matched (alerts say why they came). */
  matched?: readonly string[];
}

/** A delivery message's bookkeeping item: an article id, or a story record `story|<id>|<sources>`. */
export type DeliveryItem = string;

/** The story records among a message's items. */
export function storyRecords(items: readonly DeliveryItem[]): Array<{ storyId: string; sources: number }> {
  return items.filter((i) => i.startsWith('story|')).map((i) => {
    const [, storyId, sources] = i.split('|');
    return { storyId: storyId!, sources: Number(sources) };
  });
}

/** The article ids among a message's items. */
export function articleItems(items: readonly DeliveryItem[]): string[] {
  return items.filter((i) => !i.startsWith('story|'));
}

function itemsOf(entry: DeliveryStory): DeliveryItem[] {
  return [...entry.articleIds, `story|${entry.group.id}|${entry.sources}`];
}

/**
 * Renders a digest or an alert from stories: new stories grouped by the chat's topics (each once), newest news first,
 * then (digests only) one "update: N more sources" line per story sent before that gained sources. Alerts say why
 * each story came and always fit one message (what does not fit is counted in an "and N more" line); digests split
 * between stories. `title` replaces the usual heading (the message that ends quiet hours). `unread` counts, per topic,
 * articles of the window that were not even read (beyond the collection cap): they join the "and N more" line.
 */
export function formatDelivery(
  kind: 'digest' | 'alert',
  stories: readonly DeliveryStory[],
  topics: readonly TopicId[],
  messages: Messages,
  now: number,
  options: { capPerTopic?: number; title?: string; unread?: Partial<Record<TopicId, number>> } = {},
): Array<Block<DeliveryItem>> {
  const cap = options.capPerTopic ?? DELIVERY_CAP_PER_TOPIC;
  const latest = (s: DeliveryStory) => Math.max(...s.group.articles.map((a) => a.publishedAt ?? a.firstSeenAt));
  const fresh = stories.filter((s) => s.added === undefined);
  const placed = new Set<string>();
  const blocks: Array<Block<DeliveryItem>> = [];
  for (const topic of topics) {
    const section = fresh.filter((s) => storyTopics(s.group).includes(topic) && !placed.has(s.group.id)).sort((a, b) => latest(b) - latest(a));
    if (section.length === 0) continue;
    for (const s of section) placed.add(s.group.id);
    const shown = section.slice(0, cap);
    const heading = `<b>${escapeHtml(messages.topicName[topic]).toUpperCase()}</b>\n`;
    shown.forEach((s, i) => {
      const more = section.length - shown.length + (options.unread?.[topic] ?? 0);
      const tail = i === shown.length - 1 && more > 0 ? `\n${messages.andMore(more, `/latest ${topic} 20`)}` : '';
      // Stories beyond the cap travel with the last shown one: they count as delivered, so they are not sent later.
      const items = tail ? [...itemsOf(s), ...section.slice(cap).flatMap(itemsOf)] : itemsOf(s);
      const why =
        kind === 'alert'
          ? [escapeHtml(messages.whyLine(storyTopics(s.group).filter((t) => topics.includes(t)).map((t) => messages.topicName[t]).join(', '), (s.matched ?? []).join(', ')))]
          : [];
      blocks.push({ html: (i === 0 ? heading : '') + formatStory(s.group, messages, now, why) + tail, items });
    });
  }
  // Updates travel silently in alerts (their articles count as delivered); a digest names each once.
  const updates = stories.filter((s) => s.added !== undefined);
  if (kind === 'digest') {
    updates.forEach((s, i) => {
      const line = formatStoryUpdate(s.group, s.added!, messages);
      blocks.push({ html: i === 0 ? `${messages.updatesTitle}\n${line}` : line, items: itemsOf(s) });
    });
  } else if (updates.length > 0 && blocks.length > 0) {
    const last = blocks[blocks.length - 1]!;
    blocks[blocks.length - 1] = { html: last.html, items: [...last.items, ...updates.flatMap(itemsOf)] };
  }
  if (blocks.length === 0) return [];
  const title = options.title ?? (kind === 'digest' ? messages.digestTitle : messages.alertTitle);
  return kind === 'alert' ? [oneMessage(title, blocks, messages)] : packItems(title, blocks);
}

/** Packs blocks into one message: blocks that do not fit are counted in an "and N more" line and still count as sent. */
function oneMessage(title: string, blocks: ReadonlyArray<Block<DeliveryItem>>, messages: Messages): Block<DeliveryItem> {
  const reserve = 200;
  let html = title;
  const items: DeliveryItem[] = [];
  let shown = 0;
  for (const block of blocks) {
    const next = `${html}\n\n${block.html}`;
    if (shown > 0 && next.length > TELEGRAM_TEXT_LIMIT - reserve) break;
    html = next;
    items.push(...block.items);
    shown += 1;
  }
  const rest = blocks.slice(shown);
  if (rest.length === 0) return { html, items };
  const storiesLeft = rest.reduce((n, b) => n + storyRecords(b.items).length, 0);
  return { html: `${html}\n\n${messages.andMore(storiesLeft, '/latest')}`, items: [...items, ...rest.flatMap((b) => b.items)] };
}
