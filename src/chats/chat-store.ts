import { TOPIC_IDS, type TopicId } from '../articles/article';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n';
import { nextDigestAt } from '../schedule/digest-times';
import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';
import { isReceiving, type ChatSettings, type ChatType, type DeliveryMode } from './chat';
import { formatFilterSpec, parseFilterSpec } from './filters';
import { formatQuietSpec, parseQuietSpec } from './quiet-hours';

/** A digest chat that is due, as read from the schedule. */
export interface DueDigest {
  chatId: number;
  member: string;
  zone: string;
  times: string;
}

/** Stores chats and keeps the delivery indexes (digest schedule, instant subscribers) in step with them. */
export interface ChatStore {
  get(id: number): Promise<ChatSettings | undefined>;
  getMany(ids: readonly number[]): Promise<Map<number, ChatSettings>>;
  /** Returns the chat, creating it with the given defaults if it is new. */
  ensure(id: number, defaults: Omit<ChatSettings, 'id' | 'strikes' | 'status' | 'createdAt'>, now: number): Promise<ChatSettings>;
  /** Applies a change and re-indexes the chat; returns the new settings, or undefined for an unknown chat. */
  update(id: number, change: (chat: ChatSettings) => ChatSettings, now: number): Promise<ChatSettings | undefined>;
  /** Counts a 403 without a known reason; returns the strikes in a row. */
  strike(id: number): Promise<number>;
  /** Moves a group's record to its new supergroup id. */
  migrate(fromId: number, toId: number, now: number): Promise<ChatSettings | undefined>;
  /** Records articles sent in the delivery under way, so a retry does not send them again. */
  markSent(id: number, articleIds: readonly string[]): Promise<void>;
  sentIds(id: number): Promise<Set<string>>;
  /** Finishes a delivery: advances the watermark and forgets the per-delivery sent set. */
  advanceWatermark(id: number, upTo: number): Promise<void>;
  /** Up to `limit` digest chats due at or before `now`, earliest first. */
  dueDigests(now: number, limit: number): Promise<DueDigest[]>;
  /** Moves planned digest chats to their next times (members whose chat changed meanwhile are left alone). */
  reschedule(entries: ReadonlyArray<{ member: string; at: number }>): Promise<void>;
  /** Iterates the active instant-alert chats of a topic in pages. */
  instantSubscribers(topic: TopicId): AsyncIterable<number[]>;
  /** Active subscribed chats per topic. */
  countByTopic(): Promise<Record<TopicId, number>>;
  /** Every chat that ever used the bot, and how many of them are active or suspended. */
  countByStatus(): Promise<{ total: number; active: number; suspended: number }>;
}

const TTL_SENT_SECONDS = 7 * 86_400;

function serialise(chat: ChatSettings, member: string | undefined): Record<string, string> {
  const fields: Record<string, string> = {
    type: chat.type,
    topics: chat.topics.join(','),
    mode: chat.mode,
    times: chat.times.join(','),
    zone: chat.zone,
    language: chat.language,
    status: chat.status,
    strikes: String(chat.strikes),
    createdAt: String(chat.createdAt),
    member: member ?? '',
    filters: formatFilterSpec(chat.filters),
    quiet: formatQuietSpec(chat.quiet),
  };
  if (chat.watermark !== undefined) fields.watermark = String(chat.watermark);
  return fields;
}

function parse(id: number, h: Record<string, string>): ChatSettings | undefined {
  if (!h.mode) return undefined;
  const chat: ChatSettings = {
    id,
    type: (h.type as ChatType) ?? 'private',
    topics: (h.topics ?? '').split(',').filter((t): t is TopicId => (TOPIC_IDS as readonly string[]).includes(t)),
    mode: h.mode as DeliveryMode,
    times: (h.times ?? '').split(',').filter(Boolean),
    zone: h.zone || 'UTC',
    language: (LANGUAGE_CODES as readonly string[]).includes(h.language ?? '') ? (h.language as LanguageCode) : 'en',
    status: h.status === 'suspended' ? 'suspended' : 'active',
    strikes: Number(h.strikes ?? 0),
    createdAt: Number(h.createdAt ?? 0),
  };
  if (h.watermark) chat.watermark = Number(h.watermark);
  const filters = parseFilterSpec(h.filters);
  if (filters) chat.filters = filters;
  const quiet = parseQuietSpec(h.quiet);
  if (quiet) chat.quiet = quiet;
  return chat;
}

/**
 * The digest schedule member of a chat: its id, zone and times, so that planning needs no other read.
 * An instant chat with quiet hours is scheduled at the end of its quiet window, when the held alerts are sent.
 */
function memberOf(chat: ChatSettings): string | undefined {
  if (isReceiving(chat) && chat.mode === 'instant' && chat.quiet) return `${chat.id}|${chat.zone}|${chat.quiet.to}`;
  if (!isReceiving(chat) || chat.mode !== 'digest' || chat.times.length === 0) return undefined;
  return `${chat.id}|${chat.zone}|${chat.times.join(',')}`;
}

/** Creates the Redis-backed chat store. */
export function createRedisChatStore(deps: { redis: Redis; keys: Keys }): ChatStore {
  const { redis, keys } = deps;

  async function read(id: number): Promise<{ chat: ChatSettings | undefined; member: string }> {
    const h = await redis.hgetall(keys.chat(id));
    return { chat: parse(id, h), member: h.member ?? '' };
  }

  /** Writes a chat and moves it in the indexes: digest schedule, topic and instant subscriber sets. */
  async function write(chat: ChatSettings, oldMember: string, now: number): Promise<void> {
    const member = memberOf(chat);
    const id = String(chat.id);
    const tx = redis.multi().hset(keys.chat(chat.id), serialise(chat, member)).sadd(keys.chats(), id);
    if (oldMember && oldMember !== member) tx.zrem(keys.digestDue(), oldMember);
    if (member && member !== oldMember) tx.zadd(keys.digestDue(), nextDigestAt(member.split('|')[2]!.split(','), chat.zone, now), member);
    for (const topic of TOPIC_IDS) {
      const subscribed = isReceiving(chat) && chat.topics.includes(topic);
      if (subscribed) tx.sadd(keys.topicSubscribers(topic), id);
      else tx.srem(keys.topicSubscribers(topic), id);
      if (subscribed && chat.mode === 'instant') tx.sadd(keys.instantSubscribers(topic), id);
      else tx.srem(keys.instantSubscribers(topic), id);
    }
    await tx.exec();
  }

  /** Deletes a chat and takes it out of every index. */
  async function remove(id: number, member: string): Promise<void> {
    const tx = redis.multi().unlink(keys.chat(id), keys.chatSent(id)).srem(keys.chats(), String(id));
    if (member) tx.zrem(keys.digestDue(), member);
    for (const topic of TOPIC_IDS) tx.srem(keys.topicSubscribers(topic), String(id)).srem(keys.instantSubscribers(topic), String(id));
    await tx.exec();
  }

  return {
    async get(id) {
      return (await read(id)).chat;
    },

    async getMany(ids) {
      const pipeline = redis.pipeline();
      for (const id of ids) pipeline.hgetall(keys.chat(id));
      const replies = (await pipeline.exec()) ?? [];
      const chats = new Map<number, ChatSettings>();
      replies.forEach(([error, value], i) => {
        if (error) throw error;
        const chat = parse(ids[i]!, value as Record<string, string>);
        if (chat) chats.set(chat.id, chat);
      });
      return chats;
    },

    async ensure(id, defaults, now) {
      const existing = await read(id);
      if (existing.chat) return existing.chat;
      const chat: ChatSettings = { ...defaults, id, strikes: 0, status: 'active', createdAt: now };
      await write(chat, '', now);
      return chat;
    },

    async update(id, change, now) {
      const { chat, member } = await read(id);
      if (!chat) return undefined;
      const next = change(chat);
      await write(next, member, now);
      return next;
    },

    strike(id) {
      return redis.hincrby(keys.chat(id), 'strikes', 1);
    },

    async migrate(fromId, toId, now) {
      const { chat, member } = await read(fromId);
      if (!chat) return undefined;
      const existing = await read(toId);
      const moved: ChatSettings = { ...chat, id: toId, type: 'supergroup' };
      await write(moved, existing.member, now);
      await remove(fromId, member);
      return moved;
    },

    async markSent(id, articleIds) {
      if (articleIds.length === 0) return;
      await redis.multi().sadd(keys.chatSent(id), ...articleIds).expire(keys.chatSent(id), TTL_SENT_SECONDS).exec();
    },

    async sentIds(id) {
      return new Set(await redis.smembers(keys.chatSent(id)));
    },

    async advanceWatermark(id, upTo) {
      await redis.multi().hset(keys.chat(id), { watermark: String(upTo), strikes: '0' }).unlink(keys.chatSent(id)).exec();
    },

    async dueDigests(now, limit) {
      const members = await redis.zrangebyscore(keys.digestDue(), '-inf', now, 'LIMIT', 0, limit);
      return members.map((member) => {
        const [chatId, zone, times] = member.split('|') as [string, string, string];
        return { chatId: Number(chatId), member, zone, times };
      });
    },

    async reschedule(entries) {
      if (entries.length === 0) return;
      // XX: only members still in the schedule move; a chat that changed its times meanwhile has a new member.
      const args: Array<string | number> = [];
      for (const entry of entries) args.push(entry.at, entry.member);
      await redis.zadd(keys.digestDue(), 'XX', ...args);
    },

    async *instantSubscribers(topic) {
      let cursor = '0';
      do {
        const [next, ids] = await redis.sscan(keys.instantSubscribers(topic), cursor, 'COUNT', 1000);
        cursor = next;
        if (ids.length > 0) yield ids.map(Number);
      } while (cursor !== '0');
    },

    async countByTopic() {
      const counts = await Promise.all(TOPIC_IDS.map((topic) => redis.scard(keys.topicSubscribers(topic))));
      return Object.fromEntries(TOPIC_IDS.map((topic, i) => [topic, counts[i] ?? 0])) as Record<TopicId, number>;
    },

    async countByStatus() {
      // NOTE: SSCAN may return a member more than once; count each id once.
      const ids = new Set<string>();
      let active = 0;
      let suspended = 0;
      let cursor = '0';
      do {
        const [next, page] = await redis.sscan(keys.chats(), cursor, 'COUNT', 1000);
        cursor = next;
        const fresh = page.filter((id) => !ids.has(id));
        if (fresh.length === 0) continue;
        const pipeline = redis.pipeline();
        for (const id of fresh) {
          ids.add(id);
          pipeline.hget(keys.chat(Number(id)), 'status');
        }
        for (const [error, status] of (await pipeline.exec()) ?? []) {
          if (error) throw error;
          if (status === 'active') active += 1;
          else if (status === 'suspended') suspended += 1;
        }
      } while (cursor !== '0');
      return { total: ids.size, active, suspended };
    },
  };
}
