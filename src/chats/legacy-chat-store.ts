import { TOPIC_IDS, type TopicId } from '../articles/article';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n';
import type { Logger } from '../observability/logger';
import type { Keys } from '../storage/keys';
import type { ExclusiveRunner } from '../storage/locks';
import type { Redis } from '../storage/redis';
import type { ChatSettings, ChatType, DeliveryMode } from './chat';
import type { ChatStore } from './chat-store';
import { parseFilterSpec } from './filters';
import { parseQuietSpec } from './quiet-hours';

/** What one import pass did. */
export interface LegacyImportResult {
  /** Chats written into the compact store. */
  imported: number;
  /** Chats that already had a compact record (it is newer: the chat used the bot after the upgrade); the old record is dropped. */
  kept: number;
  /** Old chat list entries that could not be read (no record, or not one this version knows); records are left in place. */
  unreadable: string[];
}

/**
 * Reads chats stored in the format before the compact buckets (a `chat:<id>` hash per chat, listed in the `chats` set,
 * with "id|zone|times" members in the digest schedule and per-topic subscriber sets) and moves them into the chat store.
 */
export interface LegacyChatImport {
  /** How many chats are still in the old format. */
  pending(): Promise<number>;
  /**
   * Moves every old chat into the chat store, a page at a time. Each chat is written first and its old keys removed
   * after, so an import cut short (a crash, a restart) is simply run again; running it again when done changes nothing.
   */
  run(now: number, onPage?: (done: number) => void): Promise<LegacyImportResult>;
}

const CHAT_TYPES: readonly ChatType[] = ['private', 'group', 'supergroup', 'channel'];
const MODES: readonly DeliveryMode[] = ['digest', 'instant', 'off'];
const TIME = /^\d{2}:\d{2}$/;

/** An old chat hash as settings, or undefined when it is not one (no mode, or a mode or type this version does not know). */
export function parseLegacyChat(id: number, h: Record<string, string>): ChatSettings | undefined {
  if (!Number.isSafeInteger(id) || !MODES.includes(h.mode as DeliveryMode)) return undefined;
  const type = (h.type ?? 'private') as ChatType;
  if (!CHAT_TYPES.includes(type)) return undefined;
  const chat: ChatSettings = {
    id,
    type,
    topics: (h.topics ?? '').split(',').filter((t): t is TopicId => (TOPIC_IDS as readonly string[]).includes(t)),
    mode: h.mode as DeliveryMode,
    times: (h.times ?? '').split(',').filter((t) => TIME.test(t)),
    zone: h.zone || 'UTC',
    language: (LANGUAGE_CODES as readonly string[]).includes(h.language ?? '') ? (h.language as LanguageCode) : 'en',
    status: h.status === 'suspended' ? 'suspended' : 'active',
    strikes: Number(h.strikes) > 0 ? Number(h.strikes) : 0,
    createdAt: Number(h.createdAt) > 0 ? Number(h.createdAt) : 0,
  };
  if (Number(h.watermark) > 0) chat.watermark = Number(h.watermark);
  const filters = parseFilterSpec(h.filters);
  if (filters) chat.filters = filters;
  const quiet = parseQuietSpec(h.quiet);
  if (quiet) chat.quiet = quiet;
  return chat;
}

/** Creates the importer over the same Redis and prefix as the chat store it fills. */
export function createLegacyChatImport(deps: { redis: Redis; keys: Keys; chats: ChatStore; pageSize?: number }): LegacyChatImport {
  const { redis, keys, chats } = deps;
  const pageSize = deps.pageSize ?? 200;

  /** The old chat list, if this prefix has one (the compact store never writes a plain `chats` key). */
  async function hasList(): Promise<boolean> {
    return (await redis.type(keys.legacyChats())) === 'set';
  }

  return {
    async pending() {
      return (await hasList()) ? redis.scard(keys.legacyChats()) : 0;
    },

    async run(now, onPage) {
      const result: LegacyImportResult = { imported: 0, kept: 0, unreadable: [] };
      if (!(await hasList())) return result;
      for (;;) {
        // Each pass takes the first ids left: imported ones leave the set, so the next pass sees the rest.
        const members = await redis.srandmember(keys.legacyChats(), pageSize);
        if (members.length === 0) break;
        const ids = members.map(Number);
        const read = redis.pipeline();
        for (const id of ids) read.hgetall(keys.legacyChat(id));
        const hashes = ((await read.exec()) ?? []).map(([error, h]) => {
          if (error) throw error;
          return h as Record<string, string>;
        });
        for (const [i, member] of members.entries()) {
          const id = ids[i]!;
          const h = hashes[i]!;
          const chat = /^-?\d+$/.test(member) ? parseLegacyChat(id, h) : undefined;
          const tx = redis.multi().srem(keys.legacyChats(), member);
          if (chat) {
            if (await chats.adopt(chat, now)) result.imported += 1;
            else result.kept += 1;
            tx.unlink(keys.legacyChat(id));
            if (h.member) tx.zrem(keys.digestDue(), h.member);
          } else {
            result.unreadable.push(member);
          }
          await tx.exec();
        }
        onPage?.(result.imported + result.kept + result.unreadable.length);
      }
      // Old schedule entries ("id|zone|times") whose hash had gone: the compact store's are "id:shape".
      let cursor = '0';
      do {
        const [next, found] = await redis.zscan(keys.digestDue(), cursor, 'MATCH', '*|*', 'COUNT', 1000);
        cursor = next;
        const stale = found.filter((_, i) => i % 2 === 0);
        if (stale.length > 0) await redis.zrem(keys.digestDue(), ...stale);
      } while (cursor !== '0');
      // The per-topic sets were only indexes of the chats just moved; the compact store keeps counters instead.
      await redis.unlink(...TOPIC_IDS.map((topic) => keys.legacyTopicSubscribers(topic)), keys.legacyChats());
      return result;
    },
  };
}

/** How long one process may hold the import before another takes over (an import of a million chats fits well within it). */
const IMPORT_LOCK_MS = 30 * 60_000;

/**
 * Brings chats from the old storage format over before a process starts serving, once per instance: the process that
 * takes the lock imports, the others wait until it is done, so nobody meets a chat that is half moved or gets the
 * default settings in place of their own.
 */
export async function importLegacyChats(deps: {
  legacy: LegacyChatImport;
  exclusive: ExclusiveRunner;
  logger: Pick<Logger, 'info' | 'warn'>;
  now: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How long a waiting process waits for another's import (default: the lock's life). */
  waitMs?: number;
}): Promise<LegacyImportResult | undefined> {
  const { legacy, logger } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const waitUntil = Date.now() + (deps.waitMs ?? IMPORT_LOCK_MS);
  for (;;) {
    const pending = await legacy.pending();
    if (pending === 0) return undefined;
    const result = await deps.exclusive.run('legacy-chat-import', IMPORT_LOCK_MS, async () => {
      logger.info({ pending }, 'importing chats from the old storage format');
      const started = Date.now();
      const done = await legacy.run(deps.now(), (count) => {
        if (count % 10_000 < 200) logger.info({ done: count, pending }, 'chat import under way');
      });
      logger.info({ ...done, unreadable: done.unreadable.length, ms: Date.now() - started }, 'chats imported from the old storage format');
      if (done.unreadable.length > 0) logger.warn({ entries: done.unreadable.slice(0, 20) }, 'some old chat list entries had no readable record; their keys were left in place');
      return done;
    });
    if (result) return result;
    if (Date.now() > waitUntil) throw new Error('another process has been importing chats from the old storage format for too long; is it stuck?');
    await sleep(500);
  }
}
