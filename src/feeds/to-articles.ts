import type { Article, ParsedFeed } from '../articles/article';
import { classifyTopics } from '../classify/classifier';
import { detectLanguage } from '../classify/language';
import type { Source } from '../sources/source';
import { canonicalUrl } from '../text/canonical-url';
import { cleanText, truncateText } from '../text/clean';

const MAX_DESCRIPTION = 600;

/** Normalises and classifies every usable item of a parsed feed; items without a title or a usable link are dropped. */
export function toArticles(source: Source, feed: ParsedFeed): Article[] {
  const articles: Article[] = [];
  const hint = source.language ?? feed.language;
  for (const item of feed.items) {
    const title = cleanText(item.title ?? '');
    const url = item.link ? canonicalUrl(item.link, /^https?:/i.test(source.url) ? source.url : undefined) : undefined;
    if (!title || !url) continue;
    const description = truncateText(cleanText(item.description ?? ''), MAX_DESCRIPTION);
    const guid = item.guid?.trim();
    articles.push({
      sourceId: source.id,
      sourceName: source.name,
      ...(guid ? { guid } : {}),
      title,
      url,
      description,
      publishedAt: item.publishedAt ?? null,
      language: detectLanguage(`${title}. ${description}`, hint),
      topics: classifyTopics({ title, description }),
    });
  }
  return articles;
}
