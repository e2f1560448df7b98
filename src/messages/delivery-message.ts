import type { StoredArticle, TopicId } from '../articles/article';
import type { Messages } from '../i18n';
import { formatArticle } from './article-list';
import { escapeHtml, packItems, type Block } from './html';

/** At most this many articles per topic in one digest or alert; the rest are counted in an "and N more" line. */
export const DELIVERY_CAP_PER_TOPIC = 10;

/**
 * Renders a digest or an alert: articles grouped by the chat's topics (each article once), newest first, split between
 * articles. `unread` counts, per topic, articles of the window that were not even read (beyond the collection cap):
 * they join the "and N more" line.
 */
export function formatDelivery(
  kind: 'digest' | 'alert',
  articles: readonly StoredArticle[],
  topics: readonly TopicId[],
  messages: Messages,
  now: number,
  capPerTopic = DELIVERY_CAP_PER_TOPIC,
  unread: Partial<Record<TopicId, number>> = {},
): Array<Block<string>> {
  const placed = new Set<string>();
  const blocks: Array<Block<string>> = [];
  const time = (a: StoredArticle) => a.publishedAt ?? a.firstSeenAt;
  for (const topic of topics) {
    const section = articles
      .filter((article) => article.topics.includes(topic) && !placed.has(article.id))
      .sort((a, b) => time(b) - time(a));
    if (section.length === 0) continue;
    for (const article of section) placed.add(article.id);
    const shown = section.slice(0, capPerTopic);
    const heading = `<b>${escapeHtml(messages.topicName[topic]).toUpperCase()}</b>\n`;
    shown.forEach((article, i) => {
      const more = section.length - shown.length + (unread[topic] ?? 0);
      const tail = i === shown.length - 1 && more > 0 ? `\n${messages.andMore(more, `/latest ${topic} 20`)}` : '';
      // Articles beyond the cap travel with the last shown one: they count as delivered, so they are not sent later.
      const items = tail ? [article.id, ...section.slice(capPerTopic).map((a) => a.id)] : [article.id];
      blocks.push({ html: (i === 0 ? heading : '') + formatArticle(article, messages, now) + tail, items });
    });
  }
  if (blocks.length === 0) return [];
  return packItems(kind === 'digest' ? messages.digestTitle : messages.alertTitle, blocks);
}
