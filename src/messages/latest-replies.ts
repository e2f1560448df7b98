import type { TopicId } from '../articles/article';
import type { Messages } from '../i18n';
import type { LatestStories, StoryGroup } from '../stories/story-service';
import { escapeHtml } from './html';
import { formatStoryList } from './story-message';

/** The messages that answer `/latest [topic] [n]`. */
export interface LatestReplies {
  /** The stories as one or more messages under their header, or the "no articles" text; in the language of `messages`. */
  texts(topic: TopicId | undefined, count: number, messages: Messages): Promise<readonly string[]>;
}

/** The texts rendered from one list of stories during one second, by language and topic. */
interface Rendered {
  second: number;
  texts: Map<string, readonly string[]>;
}

/**
 * Creates the /latest renderer. The stories come from {@link LatestStories} (read at most once a second); the texts
 * made from one list of stories are kept for the rest of the second in which they were made, per language and topic,
 * so that 200 people asking at once cost one rendering per language. A text says how long ago each story was updated,
 * to the minute, so a second's reuse never shows a different age than rendering afresh would, short of a minute's edge.
 */
export function createLatestReplies(deps: { latestStories: LatestStories; now: () => number }): LatestReplies {
  // NOTE: keyed by the list itself: a list read afresh is a new object, so nothing rendered from an older one is reused.
  const rendered = new WeakMap<readonly StoryGroup[], Rendered>();
  return {
    async texts(topic, count, messages) {
      const stories = await deps.latestStories.latest(topic ?? 'any', count);
      const topicName = topic ? escapeHtml(messages.topicName[topic]) : undefined;
      if (stories.length === 0) return [messages.noArticles(topicName)];
      const now = deps.now();
      const second = Math.floor(now / 1000);
      let entry = rendered.get(stories);
      if (!entry || entry.second !== second) {
        entry = { second, texts: new Map() };
        rendered.set(stories, entry);
      }
      const key = `${messages.code}:${topic ?? ''}`;
      const hit = entry.texts.get(key);
      if (hit) return hit;
      const header = topicName ? messages.latestTitle(topicName) : messages.latestTitleAll;
      const texts = formatStoryList(stories, header, messages, now);
      entry.texts.set(key, texts);
      return texts;
    },
  };
}
