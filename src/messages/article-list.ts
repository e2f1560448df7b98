import type { StoredArticle, TopicId } from '../articles/article';
import type { Messages } from '../i18n';
import { clip, escapeHtml, packBlocks } from './html';

const MAX_TITLE = 300;

/** Renders one article as an HTML block: linked title, then source, age and topics on one line. */
export function formatArticle(article: StoredArticle, messages: Messages, now: number): string {
  const title = escapeHtml(clip(article.title, MAX_TITLE));
  const when = messages.timeAgo(now - (article.publishedAt ?? article.firstSeenAt));
  const topics = article.topics.map((topic) => messages.topicName[topic]).join(', ');
  return `<b><a href="${escapeHtml(article.url)}">${title}</a></b>\n${escapeHtml(article.sourceName)} · ${when} · ${escapeHtml(topics)}`;
}

/** Renders a /latest answer as one or more HTML messages, split only between articles. */
export function formatLatest(
  articles: readonly StoredArticle[],
  topic: TopicId | undefined,
  messages: Messages,
  now: number,
): string[] {
  const header = topic ? messages.latestTitle(escapeHtml(messages.topicName[topic])) : messages.latestTitleAll;
  if (articles.length === 0) return [messages.noArticles(topic ? escapeHtml(messages.topicName[topic]) : undefined)];
  return packBlocks(
    header,
    articles.map((article) => formatArticle(article, messages, now)),
  );
}
