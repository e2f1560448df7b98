import { createHash } from 'node:crypto';
import type { Article } from '../articles/article';
import { titleFingerprint } from '../articles/article-store';
import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';
import { hashWriteLua, type HashRead, type HashWrite } from '../storage/hash-parts';
import { luaScript } from '../storage/scripts';
import { DEFAULT_THRESHOLD, DEFAULT_WINDOW_MS, keysOf, leadOf } from './clusterer';
import type { EntityKind } from './gazetteer';
import { createSignatureExtractor, type EventNumber, type EventSignature, type SignatureExtractor } from './signature';
import { conflicts, similarity } from './similarity';

/** What assigning one article did. */
export interface StoryAssignment {
  storyId: string;
  isNew: boolean;
}

/** What a chat was last sent of a story: how many sources it had then. */
export interface SentStory {
  sources: number;
  sentAt: number;
}

/** Keeps stories in Redis: which story each article belongs to, each story's members, and what each chat was sent. */
export interface StoryStore {
  /**
   * Puts a stored article into the story it reports (or a new one), comparing it with the stories that had news within
   * the window and share an entity, figure, keyword or title with it. Assigning the same article again changes nothing.
   */
  assign(article: Article & { id: string }, at: number): Promise<StoryAssignment>;
  /** The story of each article that has one. */
  storiesOf(articleIds: readonly string[]): Promise<Map<string, string>>;
  /** The article ids of each story, oldest first. */
  members(storyIds: readonly string[]): Promise<Map<string, string[]>>;
  /** What the chat was sent of these stories, for those it was sent. */
  sentTo(chatId: number, storyIds: readonly string[]): Promise<Map<string, SentStory>>;
  /** Records that the chat was sent these stories with so many sources. */
  markSentTo(chatId: number, sent: ReadonlyArray<{ storyId: string; sources: number }>, now: number): Promise<void>;
  /** What {@link sentTo} reads, as a part another store's call can carry; {@link sentFrom} reads its answer. */
  sentRead(chatId: number, storyIds: readonly string[]): HashRead;
  sentFrom(storyIds: readonly string[], values: ReadonlyArray<string | null>): Map<string, SentStory>;
  /** What {@link markSentTo} writes, as a part another store's write can carry (undefined when there is nothing). */
  sentWrite(chatId: number, sent: ReadonlyArray<{ storyId: string; sources: number }>, now: number): HashWrite | undefined;
}

/** How many candidate stories one article is compared with at most (as in the in-memory clusterer). */
const MAX_CANDIDATES = 24;
/** How many stories one index key yields at most. */
const PER_KEY = 40;
/** Member signatures kept per story: a story this large is matched on its first and latest members only. */
const MAX_SIGNATURES = 64;
/** The most stories remembered per chat; older records are dropped first. */
const MAX_SENT_PER_CHAT = 5000;
/** Records stories sent to a chat. KEYS: the chat's stories hash; ARGV: ttl, then story id and "sources|sentAt" pairs. Returns its size. */
const MARK_SENT_TO = luaScript(`
local size = 0
${hashWriteLua('KEYS[1]', 'ARGV[1]', 2)}return size
`);

/** How often an assignment reads again after another one wrote under its keys meanwhile, before it writes anyway. */
const MAX_ASSIGN_ROUNDS = 8;

/**
 * Commits one assignment if no other assignment wrote under its signature keys since it read them (their versions are
 * as read), and the article has no story yet. KEYS: storyOf, members, story, then n index keys and their n version keys,
 * then the articles' version (what /latest shows changes).
 * ARGV: n, storyId, at, articleId, ttl, index ttl, signature field, signature (or ''), max signatures, then n versions
 * ('*': any).
 * Returns ['1', storyId] when written, ['2', storyId] when the article already had a story, ['0', ''] on a conflict.
 */
const COMMIT_ASSIGNMENT = luaScript(`
local n = tonumber(ARGV[1])
local known = redis.call('GET', KEYS[1])
if known then return {'2', known} end
for i = 1, n do
  if ARGV[9 + i] ~= '*' and (redis.call('GET', KEYS[3 + n + i]) or '0') ~= ARGV[9 + i] then return {'0', ''} end
end
local storyId, at, ttl, indexTtl = ARGV[2], tonumber(ARGV[3]), ARGV[5], ARGV[6]
local firstAt = tonumber(redis.call('HGET', KEYS[3], 'firstAt') or at)
local lastAt = tonumber(redis.call('HGET', KEYS[3], 'lastAt') or at)
if at < firstAt then firstAt = at end
if at > lastAt then lastAt = at end
redis.call('SET', KEYS[1], storyId, 'PX', ttl)
redis.call('ZADD', KEYS[2], at, ARGV[4])
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('HSET', KEYS[3], 'firstAt', string.format('%d', firstAt), 'lastAt', string.format('%d', lastAt))
if ARGV[8] ~= '' and redis.call('HLEN', KEYS[3]) - 2 < tonumber(ARGV[9]) then redis.call('HSET', KEYS[3], ARGV[7], ARGV[8]) end
redis.call('PEXPIRE', KEYS[3], ttl)
for i = 1, n do
  redis.call('ZADD', KEYS[3 + i], lastAt, storyId)
  redis.call('PEXPIRE', KEYS[3 + i], indexTtl)
  redis.call('INCR', KEYS[3 + n + i])
  redis.call('PEXPIRE', KEYS[3 + n + i], indexTtl)
end
redis.call('INCR', KEYS[4 + 2 * n])
return {'1', storyId}
`);

interface StoredSignature {
  t: string;
  e: Array<[string, EntityKind]>;
  n: EventNumber[];
  k: string[];
}

function encode(signature: EventSignature, titleKey: string): string {
  const stored: StoredSignature = { t: titleKey, e: [...signature.entities], n: signature.numbers, k: [...signature.keywords] };
  return JSON.stringify(stored);
}

function decode(json: string): { signature: EventSignature; titleKey: string } | undefined {
  try {
    const s = JSON.parse(json) as StoredSignature;
    return { titleKey: s.t, signature: { entities: new Map(s.e), numbers: s.n, keywords: new Set(s.k) } };
  } catch {
    return undefined;
  }
}

/** Creates the Redis story store; stories and their records live as long as articles (`retentionMs`). */
export function createRedisStoryStore(deps: {
  redis: Redis;
  keys: Keys;
  retentionMs: number;
  windowMs?: number;
  threshold?: number;
  extractor?: SignatureExtractor;
}): StoryStore {
  const { redis, keys, retentionMs } = deps;
  const windowMs = deps.windowMs ?? DEFAULT_WINDOW_MS;
  const threshold = deps.threshold ?? DEFAULT_THRESHOLD;
  const extractor = deps.extractor ?? createSignatureExtractor();

  /** The story an article belongs to among the candidates now stored (none: a new one), and the versions of its keys as read. */
  async function choose(signature: EventSignature, titleKey: string, indexKeys: readonly string[], at: number) {
    // Candidates: stories with news within the window sharing a key, those sharing the most keys first.
    const lookup = redis.pipeline();
    for (const key of indexKeys) lookup.get(keys.storyIndexVersion(key));
    for (const key of indexKeys) lookup.zrevrangebyscore(keys.storyIndex(key), '+inf', at - windowMs, 'LIMIT', 0, PER_KEY);
    const replies = (await lookup.exec()) ?? [];
    const versions: string[] = [];
    const shared = new Map<string, number>();
    replies.forEach(([error, reply], i) => {
      if (error) throw error;
      if (i < indexKeys.length) versions.push((reply as string | null) ?? '0');
      else for (const id of reply as string[]) shared.set(id, (shared.get(id) ?? 0) + 1);
    });
    const candidates = [...shared].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES).map(([id]) => id);
    const read = redis.pipeline();
    for (const id of candidates) read.hgetall(keys.story(id));
    const hashes = ((await read.exec()) ?? []).map(([error, h]) => {
      if (error) throw error;
      return h as Record<string, string>;
    });

    let best: string | undefined;
    let bestScore = threshold;
    candidates.forEach((id, i) => {
      if (best !== undefined && bestScore === Number.POSITIVE_INFINITY) return;
      const h = hashes[i]!;
      const firstAt = Number(h.firstAt);
      const lastAt = Number(h.lastAt);
      if (!Number.isFinite(firstAt) || at < firstAt - windowMs || at > lastAt + windowMs) return;
      const members = Object.entries(h)
        .filter(([field]) => field.startsWith('sig:'))
        .map(([, json]) => decode(json))
        .filter((m): m is NonNullable<typeof m> => m !== undefined);
      if (members.length === 0) return;
      if (titleKey !== '' && members.some((m) => m.titleKey === titleKey)) {
        best = id;
        bestScore = Number.POSITIVE_INFINITY;
        return;
      }
      if (members.some((m) => conflicts(signature, m.signature))) return;
      const top = Math.max(...members.map((m) => similarity(signature, m.signature)));
      if (top >= bestScore) {
        best = id;
        bestScore = top;
      }
    });
    return { best: best as string | undefined, versions };
  }

  /** Forgets the records sent longest ago once a chat's hash holds more than the cap (their stories expired by then). */
  async function keepNewest(key: string, size: number): Promise<void> {
    if (size <= MAX_SENT_PER_CHAT) return;
    const all = await redis.hgetall(key);
    const oldest = Object.entries(all)
      .sort((a, b) => Number(a[1].split('|')[1]) - Number(b[1].split('|')[1]))
      .slice(0, size - MAX_SENT_PER_CHAT)
      .map(([id]) => id);
    if (oldest.length > 0) await redis.hdel(key, ...oldest);
  }

  const store: StoryStore = {
    async assign(article, at) {
      const known = await redis.get(keys.storyOf(article.id));
      if (known) return { storyId: known, isNew: false };
      const titleKey = titleFingerprint(article.title);
      const signature = extractor.extract(leadOf(article));
      const indexKeys = keysOf(signature, titleKey);
      const encoded = encode(signature, titleKey);
      // NOTE: two workers assigning two reports of one event at once would each find no story and found two. So the
      // write commits only if no assignment wrote under these keys since they were read; otherwise it reads again.
      for (let round = 1; ; round++) {
        const { best, versions } = await choose(signature, titleKey, indexKeys, at);
        const storyId = best ?? `st-${createHash('sha1').update(article.id).digest('hex').slice(0, 14)}`;
        // The last round writes whatever the versions are (a story split in two beats an article with none).
        const expected = round < MAX_ASSIGN_ROUNDS ? versions : versions.map(() => '*');
        const [status, committed] = (await COMMIT_ASSIGNMENT.run(
          redis,
          4 + 2 * indexKeys.length,
          keys.storyOf(article.id),
          keys.storyMembers(storyId),
          keys.story(storyId),
          ...indexKeys.map((key) => keys.storyIndex(key)),
          ...indexKeys.map((key) => keys.storyIndexVersion(key)),
          keys.articlesVersion(),
          indexKeys.length,
          storyId,
          at,
          article.id,
          retentionMs,
          2 * windowMs,
          `sig:${article.id}`,
          encoded,
          MAX_SIGNATURES,
          ...expected,
        )) as [string, string];
        if (status === '1') return { storyId, isNew: best === undefined };
        if (status === '2') return { storyId: committed, isNew: false };
      }
    },

    async storiesOf(articleIds) {
      const result = new Map<string, string>();
      if (articleIds.length === 0) return result;
      const values = await redis.mget(articleIds.map((id) => keys.storyOf(id)));
      values.forEach((value, i) => {
        if (value) result.set(articleIds[i]!, value);
      });
      return result;
    },

    async members(storyIds) {
      const result = new Map<string, string[]>();
      if (storyIds.length === 0) return result;
      const pipeline = redis.pipeline();
      for (const id of storyIds) pipeline.zrange(keys.storyMembers(id), 0, -1);
      ((await pipeline.exec()) ?? []).forEach(([error, ids], i) => {
        if (error) throw error;
        result.set(storyIds[i]!, ids as string[]);
      });
      return result;
    },

    async sentTo(chatId, storyIds) {
      if (storyIds.length === 0) return new Map();
      return store.sentFrom(storyIds, await redis.hmget(keys.chatStories(chatId), ...storyIds));
    },

    sentRead: (chatId, storyIds) => ({ key: keys.chatStories(chatId), fields: storyIds }),

    sentFrom(storyIds, values) {
      const result = new Map<string, SentStory>();
      values.forEach((value, i) => {
        if (!value) return;
        const [sources, sentAt] = value.split('|').map(Number);
        result.set(storyIds[i]!, { sources: sources ?? 0, sentAt: sentAt ?? 0 });
      });
      return result;
    },

    sentWrite(chatId, sent, now) {
      if (sent.length === 0) return undefined;
      const key = keys.chatStories(chatId);
      const entries: string[] = [];
      for (const { storyId, sources } of sent) entries.push(storyId, `${sources}|${now}`);
      return { key, entries, ttlMs: 2 * retentionMs, written: (size) => keepNewest(key, size) };
    },

    async markSentTo(chatId, sent, now) {
      const write = store.sentWrite(chatId, sent, now);
      if (!write) return;
      await write.written!(Number(await MARK_SENT_TO.run(redis, 1, write.key, write.ttlMs, ...write.entries)));
    },
  };
  return store;
}
