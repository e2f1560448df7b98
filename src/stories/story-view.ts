import { TOPIC_IDS, type Article, type TopicId } from '../articles/article';
import { titleFingerprint } from '../articles/article-store';
import { summarise } from '../text/summary';
import type { Story } from './clusterer';
import type { StorySource } from './source-line';

/** What a reader is shown of a story. */
export interface StoryView {
  id: string;
  title: string;
  /** The link of the article whose title is shown. */
  url: string;
  /** One or two sentences from that article (or another in its language); may be empty. */
  summary: string;
  topics: TopicId[];
  /** Languages of the member articles, most articles first. */
  languages: string[];
  /** One entry per source, best first. */
  sources: StorySource[];
  /** Every member article's link. */
  urls: string[];
}

/** How to pick a story's title and order its sources. */
export interface StoryViewOptions {
  /** The reader's language: a title in it is preferred when one exists. */
  language?: string;
  /** Higher is better; sources without a priority count as 0. */
  sourcePriority?: (sourceName: string) => number;
}

const timeOf = (a: Article): number => a.publishedAt ?? Number.MAX_SAFE_INTEGER;

/**
 * Describes a story for display: its best title (in the requested language where one exists; the wording most sources
 * share, then the highest source priority, then the earliest), a summary, its topics, languages, sources and links.
 */
export function describeStory(story: Story, options: StoryViewOptions = {}): StoryView {
  const priority = options.sourcePriority ?? (() => 0);
  const members = story.articles;
  const inLanguage = options.language ? members.filter((a) => a.language === options.language) : [];
  const pool = inLanguage.length > 0 ? inLanguage : members;

  const groups = new Map<string, Article[]>();
  for (const article of pool) {
    const key = titleFingerprint(article.title);
    groups.set(key, [...(groups.get(key) ?? []), article]);
  }
  const ranked = [...groups.values()]
    .map((articles) => {
      const sorted = [...articles].sort((a, b) => priority(b.sourceName) - priority(a.sourceName) || timeOf(a) - timeOf(b));
      return { articles: sorted, sources: new Set(articles.map((a) => a.sourceName)).size };
    })
    .sort(
      (x, y) =>
        y.sources - x.sources ||
        priority(y.articles[0]!.sourceName) - priority(x.articles[0]!.sourceName) ||
        timeOf(x.articles[0]!) - timeOf(y.articles[0]!),
    );
  const chosen = ranked[0]!.articles[0]!;

  let summary = summarise(chosen);
  if (!summary) {
    for (const other of [...pool].sort((a, b) => timeOf(a) - timeOf(b))) {
      if (other === chosen) continue;
      summary = summarise({ ...other, title: chosen.title });
      if (summary) break;
    }
  }

  const bySource = new Map<string, Article>();
  for (const article of [...members].sort((a, b) => priority(b.sourceName) - priority(a.sourceName) || timeOf(a) - timeOf(b))) {
    if (!bySource.has(article.sourceName)) bySource.set(article.sourceName, article);
  }
  const languageCounts = new Map<string, number>();
  for (const article of members) languageCounts.set(article.language, (languageCounts.get(article.language) ?? 0) + 1);
  const topics = new Set(members.flatMap((a) => a.topics));

  return {
    id: story.id,
    title: chosen.title,
    url: chosen.url,
    summary,
    topics: TOPIC_IDS.filter((t) => topics.has(t)),
    languages: [...languageCounts].sort((a, b) => b[1] - a[1]).map(([language]) => language),
    sources: [...bySource.values()].map((a) => ({ name: a.sourceName, url: a.url })),
    urls: [...new Set(members.map((a) => a.url))],
  };
}
