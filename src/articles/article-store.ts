import { createHash } from 'node:crypto';
import { TOPIC_IDS, type Article, type StoredArticle, type TopicId } from './article';
import type { ArticleIndex, Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';
import { tokenize } from '../text/tokens';
import { luaScript } from '../storage/scripts';

/** What saving one article did: its id, and whether it was new. */
export interface SaveResult {
  id: string;
  created: boolean;
}

/** Stores articles once each and reads them back by topic and time. */
export interface ArticleStore {
  /**
   * Saves an article unless the same one (by guid, canonical URL or title) is already stored.
   * Its first-seen time is `seenAt`, or by default the Redis server's clock at the moment of writing.
   */
  save(article: Article, seenAt?: number): Promise<SaveResult>;
  /** The newest `limit` articles of an index by publication time, newest first: one range read. */
  latest(index: ArticleIndex, limit: number): Promise<StoredArticle[]>;
  /** Articles of an index first seen in (fromExclusive, toInclusive], newest first. */
  firstSeenBetween(index: ArticleIndex, fromExclusive: number, toInclusive: number, limit?: number): Promise<StoredArticle[]>;
  /** Articles by id, skipping those no longer stored. */
  get(ids: readonly string[]): Promise<StoredArticle[]>;
  /**
   * Stored articles whose title or description holds the query's words (any language; Chinese by character bigrams):
   * those matching the most words first, then the newest; at most `limit`.
   */
  search(query: string, limit: number): Promise<StoredArticle[]>;
  /** How many articles an index holds. */
  count(index: ArticleIndex): Promise<number>;
  /** How many articles of an index were first seen in (fromExclusive, toInclusive]. */
  countSeenBetween(index: ArticleIndex, fromExclusive: number, toInclusive: number): Promise<number>;
  /** The store's own clock (Redis TIME) in epoch ms: first-seen times are stamped with it. */
  now(): Promise<number>;
  /** Drops articles first seen before now − retention from every index; returns how many. */
  prune(now: number): Promise<number>;
  /** Changes whenever an article is added or pruned, or a story assigned: what /latest shows may then differ. */
  version(): Promise<string>;
}

const INDEXES: readonly ArticleIndex[] = [...TOPIC_IDS, 'any'];

// KEYS: [article, ...dedupe(nd), ...published indexes(np), ...seen indexes]
// ARGV: [id, nd, dedupeTtlSeconds, articleTtlMs, publishedAt or '', seenAt or '' (Redis TIME), np, ...hash field/value pairs]
const SAVE_SCRIPT = luaScript(`
local id = ARGV[1]
local nd = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
for i = 2, nd + 1 do
  local existing = redis.call('GET', KEYS[i])
  if existing then
    for j = 2, nd + 1 do
      if redis.call('SET', KEYS[j], existing, 'EX', ttl, 'NX') == false then
        redis.call('EXPIRE', KEYS[j], ttl)
      end
    end
    return {existing, 0}
  end
end
local seen = tonumber(ARGV[6])
if seen == nil then
  local t = redis.call('TIME')
  seen = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local published = tonumber(ARGV[5])
if published == nil or published > seen then published = seen end
local fields = {'firstSeenAt', tostring(seen)}
for i = 8, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
for j = 2, nd + 1 do redis.call('SET', KEYS[j], id, 'EX', ttl) end
local np = tonumber(ARGV[7])
for k = nd + 2, #KEYS do
  if k - nd - 1 <= np then
    redis.call('ZADD', KEYS[k], published, id)
  else
    redis.call('ZADD', KEYS[k], seen, id)
  end
end
return {id, 1, tostring(published)}
`);

/** The most distinct tokens an article is indexed under (title first, then its description's lead). */
const MAX_INDEX_TOKENS = 32;
/** How many of the newest articles per query word a search weighs. */
const SEARCH_DEPTH = 1000;
/** The most words of a query that count. */
const MAX_QUERY_TOKENS = 8;
/** The stored lead of an article's body, kept only when it has no description (summaries are drawn from it). */
const MAX_STORED_CONTENT = 600;

/** The search tokens of an article: distinct, title first, at most MAX_INDEX_TOKENS. */
export function searchTokens(article: Pick<Article, 'title' | 'description'>): string[] {
  const tokens = new Set<string>();
  for (const token of [...tokenize(article.title), ...tokenize(article.description)]) {
    if (tokens.size >= MAX_INDEX_TOKENS) break;
    if (token.length >= 2 || /\p{Script=Han}/u.test(token)) tokens.add(token);
  }
  return [...tokens];
}

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 20);
}

/** Folds a title for duplicate detection: case, punctuation and spacing do not matter. */
export function titleFingerprint(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}

/** The identities that make two items the same article, strongest first. */
function identities(article: Article): Array<{ kind: 'guid' | 'url' | 'title'; value: string }> {
  const result: Array<{ kind: 'guid' | 'url' | 'title'; value: string }> = [];
  if (article.guid) result.push({ kind: 'guid', value: `${article.sourceId}\n${article.guid}` });
  // NOTE: a shared URL (the feed's home page, for items without a link) names no article, so it identifies nothing.
  if (article.url && !article.sharedUrl) result.push({ kind: 'url', value: article.url });
  const title = titleFingerprint(article.title);
  if (title) result.push({ kind: 'title', value: `${article.sourceId}\n${title}` });
  return result;
}

function fromHash(id: string, h: Record<string, string>): StoredArticle | undefined {
  if (!h.title || !h.url) return undefined;
  const topics = (h.topics ?? '').split(',').filter((t): t is TopicId => (TOPIC_IDS as readonly string[]).includes(t));
  return {
    id,
    sourceId: h.sourceId ?? '',
    sourceName: h.sourceName ?? '',
    ...(h.guid ? { guid: h.guid } : {}),
    title: h.title,
    url: h.url,
    description: h.description ?? '',
    ...(h.content ? { content: h.content } : {}),
    publishedAt: h.publishedAt ? Number(h.publishedAt) : null,
    language: h.language ?? 'und',
    topics,
    firstSeenAt: Number(h.firstSeenAt ?? 0),
  };
}

/** Creates the Redis-backed article store; articles live for `retentionMs` after they are first seen. */
export function createRedisArticleStore(deps: { redis: Redis; keys: Keys; retentionMs: number }): ArticleStore {
  const { redis, keys, retentionMs } = deps;
  // NOTE: duplicate markers live twice as long as articles and are refreshed on every sighting, so an item that
  // stays in a feed is never stored (and delivered) again after its article expires.
  const dedupeTtlSeconds = Math.ceil((2 * retentionMs) / 1000);

  async function get(ids: readonly string[]): Promise<StoredArticle[]> {
    if (ids.length === 0) return [];
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hgetall(keys.article(id));
    const replies = (await pipeline.exec()) ?? [];
    const articles: StoredArticle[] = [];
    replies.forEach(([error, value], i) => {
      if (error) throw error;
      const article = fromHash(ids[i]!, value as Record<string, string>);
      if (article) articles.push(article);
    });
    return articles;
  }

  async function now(): Promise<number> {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  }

  return {
    async save(article, seenAt) {
      const ids = identities(article);
      if (ids.length === 0) throw new Error('an article needs a guid, a URL or a title');
      const id = hash(`${ids[0]!.kind}\n${ids[0]!.value}`);
      const indexes: ArticleIndex[] = [...article.topics, 'any'];
      const fields: string[] = [
        'sourceId', article.sourceId,
        'sourceName', article.sourceName,
        'title', article.title,
        'url', article.url,
        'description', article.description,
        'language', article.language,
        'topics', article.topics.join(','),
      ];
      if (article.guid) fields.push('guid', article.guid);
      if (!article.description && article.content) fields.push('content', article.content.slice(0, MAX_STORED_CONTENT));
      if (article.publishedAt !== null) fields.push('publishedAt', String(article.publishedAt));
      const scriptKeys = [
        keys.article(id),
        ...ids.map((identity) => keys.dedupe(identity.kind, hash(identity.value))),
        ...indexes.map((index) => keys.byPublished(index)),
        ...indexes.map((index) => keys.bySeen(index)),
      ];
      const reply = (await SAVE_SCRIPT.run(
        redis,
        scriptKeys.length,
        ...scriptKeys,
        id,
        String(ids.length),
        String(dedupeTtlSeconds),
        String(retentionMs),
        article.publishedAt === null ? '' : String(article.publishedAt),
        seenAt === undefined ? '' : String(seenAt),
        String(indexes.length),
        ...fields,
      )) as [string, number, string?];
      if (reply[1] === 1) {
        // The search index: one sorted set per token, scored like the published index; it expires with the articles.
        const pipeline = redis.pipeline();
        for (const token of searchTokens(article)) {
          const key = keys.searchToken(token);
          // NOTE: a query reads only the newest SEARCH_DEPTH entries of a word, so older ones are dropped as they
          // fall out: a common word costs at most SEARCH_DEPTH entries of memory, however many articles carry it.
          pipeline.zadd(key, Number(reply[2]), reply[0]).zremrangebyrank(key, 0, -(SEARCH_DEPTH + 1)).pexpire(key, retentionMs);
        }
        pipeline.incr(keys.articlesVersion());
        await pipeline.exec();
      }
      return { id: reply[0], created: reply[1] === 1 };
    },

    async latest(index, limit) {
      // Read a little past the limit so that an article expired before the hourly prune does not shorten the list.
      const ids = await redis.zrevrange(keys.byPublished(index), 0, limit + 4);
      return (await get(ids)).slice(0, limit);
    },

    async firstSeenBetween(index, fromExclusive, toInclusive, limit = 1000) {
      const ids = await redis.zrevrangebyscore(keys.bySeen(index), toInclusive, `(${fromExclusive}`, 'LIMIT', 0, limit);
      return get(ids);
    },

    get,

    async search(query, limit) {
      const tokens = [...new Set(tokenize(query))].slice(0, MAX_QUERY_TOKENS);
      if (tokens.length === 0 || limit <= 0) return [];
      const cutoff = (await now()) - retentionMs;
      const pipeline = redis.pipeline();
      for (const token of tokens) {
        pipeline.zremrangebyscore(keys.searchToken(token), '-inf', `(${cutoff}`);
        pipeline.zrevrange(keys.searchToken(token), 0, SEARCH_DEPTH - 1, 'WITHSCORES');
      }
      const hits = new Map<string, { matches: number; at: number }>();
      ((await pipeline.exec()) ?? []).forEach(([error, reply], i) => {
        if (error) throw error;
        if (i % 2 === 0) return;
        const flat = reply as string[];
        for (let j = 0; j < flat.length; j += 2) {
          const hit = hits.get(flat[j]!) ?? { matches: 0, at: Number(flat[j + 1]) };
          hit.matches += 1;
          hits.set(flat[j]!, hit);
        }
      });
      const ranked = [...hits].sort((a, b) => b[1].matches - a[1].matches || b[1].at - a[1].at).map(([id]) => id);
      // Articles past retention but not yet pruned may still be indexed: read a little more than needed.
      return (await get(ranked.slice(0, limit + 8))).slice(0, limit);
    },

    now,

    count(index) {
      return redis.zcard(keys.byPublished(index));
    },

    countSeenBetween(index, fromExclusive, toInclusive) {
      return redis.zcount(keys.bySeen(index), `(${fromExclusive}`, toInclusive);
    },

    async prune(now) {
      const cutoff = now - retentionMs;
      let removed = 0;
      for (;;) {
        const ids = await redis.zrangebyscore(keys.bySeen('any'), '-inf', cutoff, 'LIMIT', 0, 500);
        if (ids.length === 0) return removed;
        const pipeline = redis.pipeline();
        for (const index of INDEXES) {
          pipeline.zrem(keys.byPublished(index), ...ids);
          pipeline.zrem(keys.bySeen(index), ...ids);
        }
        for (const id of ids) pipeline.unlink(keys.article(id));
        pipeline.incr(keys.articlesVersion());
        await pipeline.exec();
        removed += ids.length;
      }
    },

    async version() {
      return (await redis.get(keys.articlesVersion())) ?? '0';
    },
  };
}
