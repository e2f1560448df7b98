import type { TopicId } from '../articles/article';

/** Which article index: one topic, or every article on any topic. */
export type ArticleIndex = TopicId | 'any';

/** Builds every Redis key Silkwire owns under one prefix, so two instances with different prefixes never meet. */
export function createKeys(prefix: string) {
  const p = `${prefix}:`;
  return Object.freeze({
    prefix,
    article: (id: string) => `${p}article:${id}`,
    dedupe: (kind: 'guid' | 'url' | 'title', hash: string) => `${p}dedupe:${kind}:${hash}`,
    /** Sorted set of article ids scored by publication time (first-seen time when the feed gave none). */
    byPublished: (index: ArticleIndex) => `${p}articles:published:${index}`,
    /** Sorted set of article ids scored by the time Silkwire first saw them. */
    bySeen: (index: ArticleIndex) => `${p}articles:seen:${index}`,
    source: (id: string) => `${p}source:${id}`,
  });
}

/** The key builder for one prefix. */
export type Keys = ReturnType<typeof createKeys>;
