import type { TopicId } from '../articles/article';

/** Which article index: one topic, or every article on any topic. */
export type ArticleIndex = TopicId | 'any';

/** Chat records are kept in this many small hashes, so that each stays a compact listpack (≤128 chats each up to ~1M chats). */
export const CHAT_BUCKETS = 8192;

/** The bucket a chat's record, watermark and strikes live in. */
export function chatBucket(id: number): number {
  return ((id % CHAT_BUCKETS) + CHAT_BUCKETS) % CHAT_BUCKETS;
}

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
    /** Hash of packed chat records (field: chat id), one of CHAT_BUCKETS. */
    chatRecords: (id: number) => `${p}chats:${chatBucket(id)}`,
    /** Hash of chat watermarks in ms (field: chat id): articles first seen up to it were delivered. */
    chatWatermarks: (id: number) => `${p}watermarks:${chatBucket(id)}`,
    /** Hash of unexplained-403 strikes in a row (field: chat id; absent when none). */
    chatStrikes: (id: number) => `${p}strikes:${chatBucket(id)}`,
    /** Counters: chats in total, active, suspended, and active subscribers per topic ("topic:<id>"). */
    chatCounts: () => `${p}chats:counts`,
    /** The shared table of digest schedule shapes: "zone|times" → index and index → "zone|times" ("#" counts them). */
    digestShapes: () => `${p}digest:shapes`,
    /** Articles already sent to a chat in the delivery under way (cleared when its watermark advances). */
    chatSent: (id: number) => `${p}chat:${id}:sent`,
    /** Held while a delivery to the chat is under way, by the job doing it. */
    chatLock: (id: number) => `${p}chat:${id}:lock`,
    /** Sorted set of digest chats ("chatId:shape", shape an index into digestShapes) scored by their next digest time. */
    digestDue: () => `${p}digest:due`,
    /** Active chats with instant alerts, per topic. */
    instantSubscribers: (topic: TopicId) => `${p}subs:instant:${topic}`,
    /** Delivery rate-limit state: the next free sending slot overall and per chat. */
    rateGlobal: () => `${p}rate:global`,
    rateChat: (id: number | string) => `${p}rate:chat:${id}`,
    /** The times of the latest free-lane sends (a sliding log), newest first. */
    rateLog: () => `${p}rate:log`,
    /** The paid-broadcast lane's pace and sliding log (allow_paid_broadcast). */
    ratePaid: () => `${p}rate:paid`,
    ratePaidLog: () => `${p}rate:paid:log`,
    /** Replies waiting for a global slot; broadcasts hold back while any is here. */
    rateUrgent: () => `${p}rate:urgent`,
    /** Set after a 429: nothing is sent before this time. */
    ratePause: () => `${p}rate:pause`,
    /** The time up to which new articles have been planned for instant alerts. */
    alertWatermark: () => `${p}alerts:watermark`,
    /** The story an article was assigned to at ingest. */
    storyOf: (articleId: string) => `${p}story:of:${articleId}`,
    /** Sorted set of a story's article ids scored by their time. */
    storyMembers: (storyId: string) => `${p}story:${storyId}:members`,
    /** Hash of a story: firstAt, lastAt and each member's event signature (sig:<articleId>). */
    story: (storyId: string) => `${p}story:${storyId}`,
    /** Sorted set of story ids sharing one signature key (entity, figure, keyword, title), scored by their last news. */
    storyIndex: (key: string) => `${p}story:idx:${key}`,
    /** Counts changes to what /latest shows (a new article, a story assignment): its cached list is kept while this stays. */
    articlesVersion: () => `${p}articles:version`,
    /** How many assignments have written under one signature key: an assignment commits only if none did since it read. */
    storyIndexVersion: (key: string) => `${p}story:ver:${key}`,
    /** Hash of the stories sent to a chat: story id → "sources|sentAt". */
    chatStories: (id: number) => `${p}chat:${id}:stories`,
    /** Sorted set of article ids whose title or description holds a search token, scored by publication time. */
    searchToken: (token: string) => `${p}search:${token}`,
    /** The chat storage before the compact buckets (read only to import it): a hash per chat, the set of every chat id, and per-topic subscriber sets. */
    legacyChat: (id: number) => `${p}chat:${id}`,
    legacyChats: () => `${p}chats`,
    legacyTopicSubscribers: (topic: TopicId) => `${p}subs:topic:${topic}`,
    /** Held while a planner runs, so that two planners never plan the same wave. */
    plannerLock: (name: string) => `${p}lock:${name}`,
  });
}

/** The key builder for one prefix. */
export type Keys = ReturnType<typeof createKeys>;
