/** The two topics Silkwire briefs on. */
export const TOPIC_IDS = ['kazakhstan', 'china'] as const;

/** One of the topics Silkwire briefs on. */
export type TopicId = (typeof TOPIC_IDS)[number];

/** One entry as read from a feed, before normalisation: text fields may still hold HTML and entities. */
export interface FeedItem {
  guid?: string;
  title?: string;
  link?: string;
  description?: string;
  /** The full body when the feed carries one (`content:encoded`, Atom `content`, JSON Feed `content_*`), still HTML. */
  content?: string;
  /** Publication time in epoch milliseconds, when the feed gave a parsable date. */
  publishedAt?: number;
}

/** A feed after parsing: its own metadata and its items in document order. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title?: string;
  /** The feed's own home page link, used for items that carry no link of their own. */
  link?: string;
  /** The feed's declared language (e.g. "ru", "en-us"), as written. */
  language?: string;
  items: FeedItem[];
}

/** A normalised, classified article ready to be stored or shown. */
export interface Article {
  sourceId: string;
  sourceName: string;
  guid?: string;
  title: string;
  /** Canonical URL: tracking parameters removed. */
  url: string;
  /** Plain-text description (HTML stripped), possibly empty. */
  description: string;
  /** Plain-text full body from the feed (capped at a few thousand characters), when the feed carries one. */
  content?: string;
  /**
   * True when the item had no link of its own and `url` is the feed's home page (or the source URL): the URL then
   * says nothing about which article this is, so it must not be used to detect duplicates.
   */
  sharedUrl?: boolean;
  /** For aggregator items (Google News): the publisher named in the title suffix, which is also `sourceName`. */
  viaAggregator?: string;
  /** Publication time in epoch milliseconds, or null when the feed gave none. */
  publishedAt: number | null;
  /** Detected language as a short code: en, id, ru, kk, zh, or another BCP 47 primary subtag, or "und". */
  language: string;
  topics: TopicId[];
}

/** An article as stored: with its id and when Silkwire first saw it. */
export interface StoredArticle extends Article {
  id: string;
  firstSeenAt: number;
}
