import type { StoredArticle, TopicId } from '../articles/article';
import type { Messages } from '../i18n';
import { formatArticle } from './article-list';
import { escapeHtml, packItems, type Block } from './html';

/** At most this many articles per topic in one digest or alert; the rest are counted in an "and N more" line. */
export const DELIVERY_CAP_PER_TOPIC = 10;

/** Renders a digest or an alert: articles grouped by the chat's topics (each article once), newest first, split between articles. */
export function formatDelivery(
  kind: 'digest' | 'alert',
  articles: readonly StoredArticle[],
  topics: readonly TopicId[],
  messages: Messages,
  now: number,
  capPerTopic = DELIVERY_CAP_PER_TOPIC,
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
      const tail = i === shown.length - 1 && section.length > shown.length ? `\n${messages.andMore(section.length - shown.length, `/latest ${topic} 20`)}` : '';
      // Articles beyond the cap travel with the last shown one: they count as delivered, so they are not sent later.
      const items = tail ? [article.id, ...section.slice(capPerTopic).map((a) => a.id)] : [article.id];
      blocks.push({ html: (i === 0 ? heading : '') + formatArticle(article, messages, now) + tail, items });
    });
  }
  if (blocks.length === 0) return [];
  return packItems(kind === 'digest' ? messages.digestTitle : messages.alertTitle, blocks);
}
