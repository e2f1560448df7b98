import type { StoredArticle } from '../articles/article';
import type { ArticleStore } from '../articles/article-store';
import type { ArticleIndex } from '../storage/keys';
import type { Story } from './clusterer';
import type { StoryStore } from './story-store';

/** A story as read back for display: its id and its member articles still stored, oldest first. */
export interface StoryGroup {
  id: string;
  articles: StoredArticle[];
}

/** Reads articles back as stories: each article with the other members of the story it was assigned at ingest. */
export interface StoryReader {
  /**
   * Groups articles into their stories, in the order each story first appears in `articles`. Members published (or,
   * without a date, first seen) before `minTime` are left out; an article without a story is a story of its own.
   */
  group(articles: readonly StoredArticle[], options?: { minTime?: number }): Promise<StoryGroup[]>;
}

/** When an article happened for display and age limits: its publication time, else when it was first seen. */
export function articleTime(article: StoredArticle): number {
  return article.publishedAt ?? article.firstSeenAt;
}

/** The text filters are applied to: every member's title and description. */
export function storyText(group: StoryGroup): string {
  return group.articles.map((a) => `${a.title}\n${a.description}`).join('\n');
}

/** How many distinct sources report a story. */
export function sourceCount(group: StoryGroup): number {
  return new Set(group.articles.map((a) => a.sourceName)).size;
}

/** A group as the pure story functions take it (describeStory). */
export function toStory(group: StoryGroup): Story {
  const times = group.articles.map(articleTime);
  return { id: group.id, articles: group.articles, firstAt: Math.min(...times), lastAt: Math.max(...times) };
}

/** Creates the story reader over the article and story stores. */
export function createStoryReader(deps: { articles: ArticleStore; stories: StoryStore }): StoryReader {
  const { articles, stories } = deps;
  return {
    async group(input, options = {}) {
      const minTime = options.minTime ?? Number.NEGATIVE_INFINITY;
      const storyOf = await stories.storiesOf(input.map((a) => a.id));
      const order: string[] = [];
      for (const article of input) {
        const id = storyOf.get(article.id) ?? `a-${article.id}`;
        if (!order.includes(id)) order.push(id);
      }
      const memberIds = await stories.members(order.filter((id) => !id.startsWith('a-')));
      const known = new Map(input.map((a) => [a.id, a]));
      const missing = [...new Set([...memberIds.values()].flat())].filter((id) => !known.has(id));
      for (const article of await articles.get(missing)) known.set(article.id, article);
      const groups: StoryGroup[] = [];
      for (const id of order) {
        const ids = id.startsWith('a-') ? [id.slice(2)] : (memberIds.get(id) ?? []);
        // A member the story store has not recorded yet (a race with ingest) still belongs with its story.
        for (const article of input) if ((storyOf.get(article.id) ?? `a-${article.id}`) === id && !ids.includes(article.id)) ids.push(article.id);
        const members = ids
          .map((memberId) => known.get(memberId))
          .filter((a): a is StoredArticle => a !== undefined && articleTime(a) >= minTime)
          .sort((a, b) => articleTime(a) - articleTime(b));
        if (members.length > 0) groups.push({ id, articles: members });
      }
      return groups;
    },
  };
}

/** The newest stories of an index, as /latest shows them. */
export interface LatestStories {
  latest(index: ArticleIndex, count: number): Promise<StoryGroup[]>;
}

/**
 * Reads the newest stories once per index and count, and again when the store says what they show may have changed
 * (its version: a new article, a story assignment, a prune), or in the background once the list is `maxAgeMs` old (it
 * is answered meanwhile). However many people ask at once, a burst of /latest costs one version read (shared by the
 * asks in flight), not a read of the list each.
 */
export function createLatestStories(deps: {
  articles: Pick<ArticleStore, 'latest' | 'version'>;
  storyReader: StoryReader;
  now: () => number;
  maxAgeMs?: number;
}): LatestStories {
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  const cache = new Map<string, { at: number; version: string; stories: Promise<StoryGroup[]>; refreshing?: boolean }>();
  let versionRead: Promise<string> | undefined;
  const currentVersion = () => {
    if (!versionRead) {
      const reading = deps.articles.version();
      versionRead = reading;
      const clear = () => {
        if (versionRead === reading) versionRead = undefined;
      };
      reading.then(clear, clear);
    }
    return versionRead;
  };
  return {
    async latest(index, count) {
      const version = await currentVersion();
      const key = `${index}:${count}`;
      const now = deps.now();
      const hit = cache.get(key);
      // Several articles may report one story: read more articles than stories wanted.
      const load = () => deps.articles.latest(index, count * 4).then(async (articles) => (await deps.storyReader.group(articles)).slice(0, count));
      if (!hit || hit.version !== version) {
        const stories = load();
        cache.set(key, { at: now, version, stories });
        // A failed read is not kept: the next ask tries again.
        void stories.catch(() => cache.get(key)?.stories === stories && cache.delete(key));
        return stories;
      }
      // NOTE: the same version but an old list: the asks keep getting it until its successor is read, so that the
      // burst that finds it old does not wait for the read.
      if ((now - hit.at >= maxAgeMs || now < hit.at) && !hit.refreshing) {
        hit.refreshing = true;
        const stories = load();
        stories.then(
          () => cache.get(key) === hit && cache.set(key, { at: now, version, stories }),
          () => (hit.refreshing = false),
        );
      }
      return hit.stories;
    },
  };
}
