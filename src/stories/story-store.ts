import { createHash } from 'node:crypto';
import type { Article } from '../articles/article';
import { titleFingerprint } from '../articles/article-store';
import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';
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
}

/** How many candidate stories one article is compared with at most (as in the in-memory clusterer). */
const MAX_CANDIDATES = 24;
/** How many stories one index key yields at most. */
const PER_KEY = 40;
/** Member signatures kept per story: a story this large is matched on its first and latest members only. */
const MAX_SIGNATURES = 64;
/** The most stories remembered per chat; older records are dropped first. */
const MAX_SENT_PER_CHAT = 5000;

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

  return {
    async assign(article, at) {
      const known = await redis.get(keys.storyOf(article.id));
      if (known) return { storyId: known, isNew: false };
      const titleKey = titleFingerprint(article.title);
      const signature = extractor.extract(leadOf(article));
      const indexKeys = keysOf(signature, titleKey);

      // Candidates: stories with news within the window sharing a key, those sharing the most keys first.
      const lookup = redis.pipeline();
      for (const key of indexKeys) lookup.zrevrangebyscore(keys.storyIndex(key), '+inf', at - windowMs, 'LIMIT', 0, PER_KEY);
      const shared = new Map<string, number>();
      for (const [error, ids] of (await lookup.exec()) ?? []) {
        if (error) throw error;
        for (const id of ids as string[]) shared.set(id, (shared.get(id) ?? 0) + 1);
      }
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

      const isNew = best === undefined;
      const storyId = best ?? `st-${createHash('sha1').update(article.id).digest('hex').slice(0, 14)}`;
      const h = isNew ? undefined : hashes[candidates.indexOf(storyId)];
      const firstAt = Math.min(Number(h?.firstAt ?? at), at);
      const lastAt = Math.max(Number(h?.lastAt ?? at), at);
      const signatureCount = h ? Object.keys(h).filter((f) => f.startsWith('sig:')).length : 0;
      const ttl = retentionMs;
      const tx = redis.multi();
      tx.set(keys.storyOf(article.id), storyId, 'PX', ttl);
      tx.zadd(keys.storyMembers(storyId), at, article.id).pexpire(keys.storyMembers(storyId), ttl);
      const fields: Record<string, string> = { firstAt: String(firstAt), lastAt: String(lastAt) };
      if (signatureCount < MAX_SIGNATURES) fields[`sig:${article.id}`] = encode(signature, titleKey);
      tx.hset(keys.story(storyId), fields).pexpire(keys.story(storyId), ttl);
      for (const key of indexKeys) tx.zadd(keys.storyIndex(key), lastAt, storyId).pexpire(keys.storyIndex(key), 2 * windowMs);
      await tx.exec();
      return { storyId, isNew };
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
      const result = new Map<string, SentStory>();
      if (storyIds.length === 0) return result;
      const values = await redis.hmget(keys.chatStories(chatId), ...storyIds);
      values.forEach((value, i) => {
        if (!value) return;
        const [sources, sentAt] = value.split('|').map(Number);
        result.set(storyIds[i]!, { sources: sources ?? 0, sentAt: sentAt ?? 0 });
      });
      return result;
    },

    async markSentTo(chatId, sent, now) {
      if (sent.length === 0) return;
      const key = keys.chatStories(chatId);
      const fields: Record<string, string> = {};
      for (const { storyId, sources } of sent) fields[storyId] = `${sources}|${now}`;
      const replies = (await redis.multi().hset(key, fields).pexpire(key, 2 * retentionMs).hlen(key).exec()) ?? [];
      const size = Number(replies[2]?.[1] ?? 0);
      if (size <= MAX_SENT_PER_CHAT) return;
      // Forget the records sent longest ago (their stories have expired by then anyway).
      const all = await redis.hgetall(key);
      const oldest = Object.entries(all)
        .sort((a, b) => Number(a[1].split('|')[1]) - Number(b[1].split('|')[1]))
        .slice(0, size - MAX_SENT_PER_CHAT)
        .map(([id]) => id);
      if (oldest.length > 0) await redis.hdel(key, ...oldest);
    },
  };
}
