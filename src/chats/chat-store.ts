import { TOPIC_IDS, type TopicId } from '../articles/article';
import { LANGUAGE_CODES, type LanguageCode } from '../i18n';
import { nextDigestAt } from '../schedule/digest-times';
import { formatFilterSpec, parseFilterSpec } from './filters';
import { formatQuietSpec, parseQuietSpec } from './quiet-hours';
import { hashWriteLua, type HashRead, type HashWrite } from '../storage/hash-parts';
import type { Keys } from '../storage/keys';
import { takeChatLockLua } from '../storage/locks';
import type { Redis } from '../storage/redis';
import { luaScript } from '../storage/scripts';
import { isReceiving, type ChatSettings, type ChatType, type DeliveryMode } from './chat';

/** A digest chat that is due, as read from the schedule. */
export interface DueDigest {
  chatId: number;
  member: string;
  zone: string;
  times: string;
}

/** The chat lock a fenced write requires: held by `owner` (the delivery job) on chat `chat`. */
export interface LockFence {
  chat: number;
  owner: string;
}

/** Stores chats and keeps the delivery indexes (digest schedule, instant subscribers) in step with them. */
export interface ChatStore {
  get(id: number): Promise<ChatSettings | undefined>;
  getMany(ids: readonly number[]): Promise<Map<number, ChatSettings>>;
  /** Returns the chat, creating it with the given defaults if it is new. */
  ensure(id: number, defaults: Omit<ChatSettings, 'id' | 'strikes' | 'status' | 'createdAt'>, now: number): Promise<ChatSettings>;
  /**
   * Applies a change and re-indexes the chat; returns the new settings, or undefined for an unknown chat. Atomic: the
   * change is applied again if the chat changed meanwhile, and only fields it changed are written (never rolling
   * back a watermark a delivery advanced in between).
   */
  update(id: number, change: (chat: ChatSettings) => ChatSettings, now: number): Promise<ChatSettings | undefined>;
  /** Counts a 403 without a known reason; returns the strikes in a row. */
  strike(id: number): Promise<number>;
  /** Writes a whole chat (e.g. one read from an older storage format) unless the chat already has a record; true if written. */
  adopt(chat: ChatSettings, now: number): Promise<boolean>;
  /** Moves a group's record to its new supergroup id. */
  migrate(fromId: number, toId: number, now: number): Promise<ChatSettings | undefined>;
  /**
   * Records articles sent in the delivery under way, so a retry does not send them again. Fenced: false (and nothing
   * recorded) when the delivery's lock is no longer held by its owner.
   */
  markSent(id: number, articleIds: readonly string[], fence: LockFence): Promise<boolean>;
  sentIds(id: number): Promise<Set<string>>;
  /**
   * Starts a delivery in one call: takes the chat lock for `fence.owner` (reentrant: the same owner may take it again)
   * for `ttlMs`, then reads the chat and the articles its delivery under way already sent. Undefined when another
   * owner holds the lock. The caller keeps the lock renewed (ChatLock.keep) and ends it with advanceWatermark.
   * `alsoRead` (another store's hash, e.g. the stories the chat was sent) is read in the same call: `also` holds its values.
   */
  openDelivery(
    fence: LockFence,
    ttlMs: number,
    alsoRead?: HashRead,
  ): Promise<{ chat: ChatSettings | undefined; sent: Set<string>; also?: Array<string | null> } | undefined>;
  /**
   * Finishes a delivery: advances the watermark, clears the strikes and forgets the per-delivery sent set, and with
   * `release` lets the chat lock go in the same write. Fenced: false (and nothing changed) when the delivery's lock is
   * no longer held by its owner. `alsoWrite` (another store's record of the delivery, e.g. the stories it sent) is
   * written just before, in the same call and whether or not the lock is still held, as a separate write would be.
   */
  advanceWatermark(id: number, upTo: number, fence: LockFence, options?: { release?: boolean; alsoWrite?: HashWrite }): Promise<boolean>;
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

/** The stored part of a chat: no id, watermark or strikes (kept beside it), zone and times as a schedule shape index. */
type ChatRecord = Omit<ChatSettings, 'id' | 'watermark' | 'strikes' | 'zone' | 'times'> & { shape: number };

/** How one field of the packed record is written and read back; `encode` gives undefined for the default (left out). */
interface FieldCodec {
  key: string;
  encode(record: ChatRecord): string | undefined;
  decode(value: string | undefined, record: ChatRecord): void;
}

const CHAT_TYPES: readonly ChatType[] = ['private', 'group', 'supergroup', 'channel'];
const MODES: readonly DeliveryMode[] = ['digest', 'instant', 'off'];
const SEPARATOR = '\u001f';

/**
 * The packed chat record: one entry per field, a one-letter key then the value, defaults left out, so that a chat's
 * record stays a short string in a listpack bucket. To keep a new setting, add it to ChatSettings and one codec here
 * (its decode must give the default for records written before it existed). Values must not contain SEPARATOR.
 */
const RECORD_FIELDS: readonly FieldCodec[] = [
  {
    key: 't',
    encode: (r) => String(Math.max(0, CHAT_TYPES.indexOf(r.type))),
    decode: (v, r) => void (r.type = CHAT_TYPES[Number(v ?? 0)] ?? 'private'),
  },
  {
    key: 'p',
    encode: (r) => String(TOPIC_IDS.reduce((mask, topic, i) => (r.topics.includes(topic) ? mask | (1 << i) : mask), 0)),
    decode: (v, r) => void (r.topics = TOPIC_IDS.filter((_, i) => (Number(v ?? 0) & (1 << i)) !== 0)),
  },
  {
    key: 'm',
    encode: (r) => String(Math.max(0, MODES.indexOf(r.mode))),
    decode: (v, r) => void (r.mode = MODES[Number(v ?? 0)] ?? 'digest'),
  },
  { key: 's', encode: (r) => String(r.shape), decode: (v, r) => void (r.shape = Number(v ?? 0)) },
  {
    key: 'l',
    encode: (r) => r.language,
    decode: (v, r) => void (r.language = (LANGUAGE_CODES as readonly string[]).includes(v ?? '') ? (v as LanguageCode) : 'en'),
  },
  { key: 'x', encode: (r) => (r.status === 'suspended' ? '1' : undefined), decode: (v, r) => void (r.status = v === '1' ? 'suspended' : 'active') },
  { key: 'c', encode: (r) => r.createdAt.toString(36), decode: (v, r) => void (r.createdAt = v ? parseInt(v, 36) : 0) },
  {
    key: 'f',
    encode: (r) => formatFilterSpec(r.filters).replaceAll(SEPARATOR, '') || undefined,
    decode: (v, r) => {
      const filters = parseFilterSpec(v);
      if (filters) r.filters = filters;
    },
  },
  {
    key: 'q',
    encode: (r) => formatQuietSpec(r.quiet) || undefined,
    decode: (v, r) => {
      const quiet = parseQuietSpec(v);
      if (quiet) r.quiet = quiet;
    },
  },
];

function encodeRecord(record: ChatRecord): string {
  const parts: string[] = [];
  for (const field of RECORD_FIELDS) {
    const value = field.encode(record);
    if (value !== undefined) parts.push(field.key + value);
  }
  return parts.join(SEPARATOR);
}

function decodeRecord(packed: string): ChatRecord {
  const values = new Map<string, string>();
  for (const part of packed.split(SEPARATOR)) values.set(part.slice(0, 1), part.slice(1));
  const record = { shape: 0 } as ChatRecord;
  for (const field of RECORD_FIELDS) field.decode(values.get(field.key), record);
  return record;
}

/** A digest schedule shape: the zone and times that decide when a chat's digests are due. */
const shapeOf = (zone: string, times: readonly string[]) => `${zone}|${times.join(',')}`;

/**
 * The times at which a chat is due in the digest schedule: its digest times, or for an instant chat with quiet hours
 * the end of its quiet window (when the held alerts go out); none when it is not scheduled.
 */
function scheduledTimes(chat: ChatSettings): readonly string[] {
  if (!isReceiving(chat)) return [];
  if (chat.mode === 'instant' && chat.quiet) return [chat.quiet.to];
  return chat.mode === 'digest' ? chat.times : [];
}


/** The counters a chat adds to: total, its status, and the topics it actively receives. */
function tally(chat: ChatSettings | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  if (!chat) return counts;
  counts.set('total', 1);
  counts.set(chat.status, 1);
  if (isReceiving(chat)) for (const topic of chat.topics) counts.set(`topic:${topic}`, 1);
  return counts;
}

const SHAPE_INDEX = luaScript(`
local idx = redis.call('HGET', KEYS[1], ARGV[1])
if idx then return idx end
idx = tostring(redis.call('HINCRBY', KEYS[1], '#', 1))
redis.call('HSET', KEYS[1], ARGV[1], idx, idx, ARGV[1])
return idx
`);

// KEYS: records, schedule, counts, watermarks, strikes, sent, instant sets (TOPIC_IDS order).
// ARGV: id, expected record ('' = none), new record ('' = delete), old member, new member, score, watermark ('' keep,
// '-' delete), strikes ('' keep, '0' delete), n counter pairs, pairs…, one instant op per topic ('+', '-').
const WRITE_CHAT = luaScript(`
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if (cur or '') ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[4], ARGV[1])
  redis.call('HDEL', KEYS[5], ARGV[1])
  redis.call('DEL', KEYS[6])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
if ARGV[4] ~= '' and ARGV[4] ~= ARGV[5] then redis.call('ZREM', KEYS[2], ARGV[4]) end
if ARGV[5] ~= '' and ARGV[5] ~= ARGV[4] then redis.call('ZADD', KEYS[2], ARGV[6], ARGV[5]) end
if ARGV[7] == '-' then redis.call('HDEL', KEYS[4], ARGV[1]) elseif ARGV[7] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[7]) end
if ARGV[8] == '0' then redis.call('HDEL', KEYS[5], ARGV[1]) elseif ARGV[8] ~= '' then redis.call('HSET', KEYS[5], ARGV[1], ARGV[8]) end
local n = tonumber(ARGV[9])
for i = 0, n - 1 do redis.call('HINCRBY', KEYS[3], ARGV[10 + 2 * i], ARGV[11 + 2 * i]) end
for i = 7, #KEYS do
  local op = ARGV[10 + 2 * n + i - 7]
  if op == '+' then redis.call('SADD', KEYS[i], ARGV[1]) else redis.call('SREM', KEYS[i], ARGV[1]) end
end
return 1
`);

const MARK_SENT = luaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SADD', KEYS[2], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[2], ARGV[2])
return 1
`);

// KEYS: lock, watermarks, strikes, sent, [a hash written first: HashWrite]. ARGV: owner, watermark, chat id, '1' to
// release the lock as well, [the hash's ttl ms, then its fields and values]. Returns {advanced (0 or 1), hash size}.
const ADVANCE_WATERMARK = luaScript(`
local size = 0
if KEYS[5] then
${hashWriteLua('KEYS[5]', 'ARGV[5]', 6)}end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {0, size} end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[2])
redis.call('HDEL', KEYS[3], ARGV[3])
redis.call('DEL', KEYS[4])
if ARGV[4] == '1' then redis.call('DEL', KEYS[1]) end
return {1, size}
`);

// The chat lock (reentrant for its owner) and, once it is held, the chat's record, watermark, strikes and sent set,
// and the fields of one more hash (HashRead) when given. KEYS: lock, records, watermarks, strikes, sent, [hash].
// ARGV: owner, ttl ms, chat id, [the hash's fields].
const OPEN_DELIVERY = luaScript(`${takeChatLockLua('{0}')}local also = {}
if KEYS[6] then also = redis.call('HMGET', KEYS[6], unpack(ARGV, 4)) end
return {1, redis.call('HGET', KEYS[2], ARGV[3]) or '', redis.call('HGET', KEYS[3], ARGV[3]) or '', redis.call('HGET', KEYS[4], ARGV[3]) or '', redis.call('SMEMBERS', KEYS[5]), also}
`);

// KEYS: records, watermarks, strikes of each chat in turn; ARGV: the chat ids. Returns the three fields of each chat in
// turn, '' for a missing one (a record is never empty, nor a watermark or strike count).
const READ_CHATS = luaScript(`
local out = {}
for i = 1, #ARGV do
  local k = 3 * i
  out[k - 2] = redis.call('HGET', KEYS[k - 2], ARGV[i]) or ''
  out[k - 1] = redis.call('HGET', KEYS[k - 1], ARGV[i]) or ''
  out[k] = redis.call('HGET', KEYS[k], ARGV[i]) or ''
end
return out
`);

/** Chats read by one READ_CHATS call at most, so that a large read never holds Redis for long. */
const READ_CHUNK = 200;

/** A chat as read, with its packed record as stored (the expected value of a compare-and-set write). */
interface Read {
  chat: ChatSettings | undefined;
  packed: string;
}

/** The schedule of a chat whose shape index is not in the shape table. */
const UNKNOWN_SCHEDULE = { zone: 'UTC', times: [] as readonly string[] };

/** Tries a compare-and-set write this many times before giving up on a chat that keeps changing. */
const MAX_WRITE_ATTEMPTS = 20;

/**
 * Creates the Redis-backed chat store. Chats live packed in bucketed hashes (keys.chatRecords) with their watermarks
 * and strikes beside them; every write is one compare-and-set script that also moves the chat in the digest schedule,
 * the instant subscriber sets and the counters.
 */
export function createRedisChatStore(deps: { redis: Redis; keys: Keys }): ChatStore {
  const { redis, keys } = deps;
  // Shape indexes never change once given, so both directions are cached for the life of the store.
  const shapeIndexes = new Map<string, number>();
  const shapeNames = new Map<number, string>();
  /** Each known shape's zone and times, parsed once. */
  const shapeSchedules = new Map<number, { zone: string; times: readonly string[] }>();

  function remember(index: number, shape: string): void {
    shapeIndexes.set(shape, index);
    shapeNames.set(index, shape);
    const [zone = 'UTC', times = ''] = shape.split('|');
    shapeSchedules.set(index, { zone: zone || 'UTC', times: times.split(',').filter(Boolean) });
  }

  async function shapeIndex(zone: string, times: readonly string[]): Promise<number> {
    const shape = shapeOf(zone, times);
    const cached = shapeIndexes.get(shape);
    if (cached !== undefined) return cached;
    const index = Number(await SHAPE_INDEX.run(redis, 1, keys.digestShapes(), shape));
    remember(index, shape);
    return index;
  }

  async function shapeNamesOf(indexes: Iterable<number>): Promise<void> {
    const missing = [...new Set(indexes)].filter((index) => !shapeNames.has(index));
    if (missing.length === 0) return;
    const names = await redis.hmget(keys.digestShapes(), ...missing.map(String));
    missing.forEach((index, i) => {
      const name = names[i];
      if (name) remember(index, name);
    });
  }

  function toSettings(id: number, record: ChatRecord, watermark: string | null, strikes: string | null): ChatSettings {
    const schedule = shapeSchedules.get(record.shape) ?? UNKNOWN_SCHEDULE;
    // NOTE: the fields are added to the copy the rest pattern makes: spreading that copy into a new literal took V8's
    // slow path, ~7 µs a chat, and 200 people at once read 200 chats.
    const { shape: _shape, ...chat } = record as ChatRecord & Partial<ChatSettings>;
    chat.id = id;
    chat.zone = schedule.zone;
    chat.times = [...schedule.times];
    chat.strikes = Number(strikes ?? 0);
    if (watermark) chat.watermark = Number(watermark);
    return chat as ChatSettings;
  }

  /** The record, watermark and strikes of each chat in turn ('' when absent), one script call per READ_CHUNK chats. */
  async function readFields(ids: readonly number[]): Promise<string[]> {
    const chunks: Array<Promise<unknown>> = [];
    for (let start = 0; start < ids.length; start += READ_CHUNK) {
      const chunk = ids.slice(start, start + READ_CHUNK);
      const keyList: string[] = [];
      for (const id of chunk) keyList.push(keys.chatRecords(id), keys.chatWatermarks(id), keys.chatStrikes(id));
      chunks.push(READ_CHATS.run(redis, keyList.length, ...keyList, ...chunk.map(String)));
    }
    return (await Promise.all(chunks)).flat() as string[];
  }

  async function readMany(ids: readonly number[]): Promise<Read[]> {
    if (ids.length === 0) return [];
    // NOTE: one script call instead of a pipeline of three HGETs a chat: ioredis builds a command, its arguments and its
    // promise per HGET, which for a burst of 200 people cost the client several times what the reads cost Redis.
    const values = (await readFields(ids)).map((value) => value || null);
    const records = ids.map((_, i) => (values[3 * i] ? decodeRecord(values[3 * i]!) : undefined));
    await shapeNamesOf(records.flatMap((r) => (r ? [r.shape] : [])));
    return ids.map((id, i) => {
      const record = records[i];
      return { packed: values[3 * i] ?? '', chat: record ? toSettings(id, record, values[3 * i + 1] ?? null, values[3 * i + 2] ?? null) : undefined };
    });
  }

  // NOTE: reads of single chats issued in one turn of the event loop go out together (readMany): 200 people writing at
  // once cost one round trip, not 200.
  type PendingRead = { id: number; resolve: (read: Read) => void; reject: (error: unknown) => void };
  let batch: PendingRead[] | undefined;
  const read = (id: number): Promise<Read> =>
    new Promise<Read>((resolve, reject) => {
      if (!batch) {
        const taken: PendingRead[] = [];
        batch = taken;
        process.nextTick(() => {
          batch = undefined;
          readMany(taken.map((r) => r.id)).then(
            (reads) => taken.forEach((r, i) => r.resolve(reads[i]!)),
            (error: unknown) => taken.forEach((r) => r.reject(error)),
          );
        });
      }
      batch.push({ id, resolve, reject });
    });

  /** The digest schedule member of a chat: its id and the shape of its scheduled times, so that planning needs no read of the chat. */
  async function scheduleMember(chat: ChatSettings | undefined): Promise<string> {
    const times = chat ? scheduledTimes(chat) : [];
    return chat && times.length > 0 ? `${chat.id}:${await shapeIndex(chat.zone, times)}` : '';
  }

  /**
   * Replaces `current` by `next` (undefined deletes the chat) if the stored record is still the one read, and moves the
   * chat in every index. The watermark and strikes are written only when `next` changed them. False on a conflict.
   */
  async function write(id: number, current: Read, next: ChatSettings | undefined, now: number): Promise<boolean> {
    const before = current.chat;
    const newShape = next ? await shapeIndex(next.zone, next.times) : 0;
    const { id: _id, watermark: _watermark, strikes: _strikes, zone: _zone, times: _times, ...stored } = next ?? ({} as ChatSettings);
    const packed = next ? encodeRecord({ ...stored, shape: newShape }) : '';
    const oldMember = await scheduleMember(before);
    const newMember = await scheduleMember(next);
    const score = newMember && newMember !== oldMember ? nextDigestAt(scheduledTimes(next!), next!.zone, now) : 0;
    const watermark = !next || next.watermark === before?.watermark ? '' : next.watermark === undefined ? '-' : String(next.watermark);
    const strikes = !next || next.strikes === (before?.strikes ?? 0) ? '' : String(next.strikes);
    const oldCounts = tally(before);
    const newCounts = tally(next);
    const deltas: string[] = [];
    for (const field of new Set([...oldCounts.keys(), ...newCounts.keys()])) {
      const delta = (newCounts.get(field) ?? 0) - (oldCounts.get(field) ?? 0);
      if (delta !== 0) deltas.push(field, String(delta));
    }
    const instant = TOPIC_IDS.map((topic) => (next && isReceiving(next) && next.mode === 'instant' && next.topics.includes(topic) ? '+' : '-'));
    const keyList = [keys.chatRecords(id), keys.digestDue(), keys.chatCounts(), keys.chatWatermarks(id), keys.chatStrikes(id), keys.chatSent(id), ...TOPIC_IDS.map((topic) => keys.instantSubscribers(topic))];
    const args = [String(id), current.packed, packed, oldMember, newMember, String(score), watermark, strikes, String(deltas.length / 2), ...deltas, ...instant];
    return Number(await WRITE_CHAT.run(redis, keyList.length, ...keyList, ...args)) === 1;
  }

  /** Reads, changes and writes a chat until the write meets the record it read; `change` may return undefined (delete). */
  async function modify(id: number, now: number, change: (current: Read) => ChatSettings | undefined | 'skip'): Promise<Read> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await read(id);
      const next = change(current);
      if (next === 'skip') return current;
      if (await write(id, current, next, now)) return { packed: '', chat: next };
    }
    throw new Error(`chat ${id} kept changing while being written; gave up after ${MAX_WRITE_ATTEMPTS} attempts`);
  }

  return {
    async get(id) {
      return (await read(id)).chat;
    },

    async getMany(ids) {
      const chats = new Map<number, ChatSettings>();
      for (const { chat } of await readMany(ids)) if (chat) chats.set(chat.id, chat);
      return chats;
    },

    async ensure(id, defaults, now) {
      let existing: ChatSettings | undefined;
      const result = await modify(id, now, (current) => {
        existing = current.chat;
        return current.chat ? 'skip' : { ...defaults, id, strikes: 0, status: 'active', createdAt: now };
      });
      return existing ?? result.chat!;
    },

    async update(id, change, now) {
      return (await modify(id, now, (current) => (current.chat ? change(current.chat) : 'skip'))).chat;
    },

    async adopt(chat, now) {
      let written = false;
      await modify(chat.id, now, (current) => {
        written = current.chat === undefined;
        return written ? chat : 'skip';
      });
      return written;
    },

    strike(id) {
      return redis.hincrby(keys.chatStrikes(id), String(id), 1);
    },

    async migrate(fromId, toId, now) {
      const from = await read(fromId);
      if (!from.chat) return undefined;
      const moved: ChatSettings = { ...from.chat, id: toId, type: 'supergroup' };
      await modify(toId, now, () => moved);
      await modify(fromId, now, (current) => (current.chat ? undefined : 'skip'));
      return moved;
    },

    async markSent(id, articleIds, fence) {
      if (articleIds.length === 0) return true;
      return Number(await MARK_SENT.run(redis, 2, keys.chatLock(fence.chat), keys.chatSent(id), fence.owner, TTL_SENT_SECONDS, ...articleIds)) === 1;
    },

    async sentIds(id) {
      return new Set(await redis.smembers(keys.chatSent(id)));
    },

    async openDelivery(fence, ttlMs, alsoRead) {
      const id = fence.chat;
      const keyList = [keys.chatLock(id), keys.chatRecords(id), keys.chatWatermarks(id), keys.chatStrikes(id), keys.chatSent(id)];
      const also = alsoRead && alsoRead.fields.length > 0 ? alsoRead : undefined;
      if (also) keyList.push(also.key);
      const reply = (await OPEN_DELIVERY.run(redis, keyList.length, ...keyList, fence.owner, ttlMs, String(id), ...(also?.fields ?? []))) as [
        number,
        string?,
        string?,
        string?,
        string[]?,
        Array<string | null>?,
      ];
      if (Number(reply[0]) !== 1) return undefined;
      const [, packed = '', watermark = '', strikes = '', sent = [], alsoValues = []] = reply;
      const record = packed ? decodeRecord(packed) : undefined;
      if (record) await shapeNamesOf([record.shape]);
      const chat = record ? toSettings(id, record, watermark || null, strikes || null) : undefined;
      return also ? { chat, sent: new Set(sent), also: alsoValues } : { chat, sent: new Set(sent) };
    },

    async advanceWatermark(id, upTo, fence, options = {}) {
      const keyList = [keys.chatLock(fence.chat), keys.chatWatermarks(id), keys.chatStrikes(id), keys.chatSent(id)];
      const write = options.alsoWrite && options.alsoWrite.entries.length > 0 ? options.alsoWrite : undefined;
      if (write) keyList.push(write.key);
      const args = write ? [String(write.ttlMs), ...write.entries] : [];
      const [advanced, size] = (await ADVANCE_WATERMARK.run(redis, keyList.length, ...keyList, fence.owner, String(upTo), String(id), options.release ? '1' : '0', ...args)) as [
        number,
        number,
      ];
      if (write?.written) await write.written(Number(size));
      return Number(advanced) === 1;
    },

    async dueDigests(now, limit) {
      const members = await redis.zrangebyscore(keys.digestDue(), '-inf', now, 'LIMIT', 0, limit);
      const parsed = members.map((member) => {
        const [chatId, shape] = member.split(':') as [string, string];
        return { chatId: Number(chatId), member, shape: Number(shape) };
      });
      await shapeNamesOf(parsed.map((entry) => entry.shape));
      return parsed.map(({ chatId, member, shape }) => {
        const [zone = 'UTC', times = ''] = (shapeNames.get(shape) ?? 'UTC|').split('|');
        return { chatId, member, zone, times };
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
      const counts = await redis.hmget(keys.chatCounts(), ...TOPIC_IDS.map((topic) => `topic:${topic}`));
      return Object.fromEntries(TOPIC_IDS.map((topic, i) => [topic, Math.max(0, Number(counts[i] ?? 0))])) as Record<TopicId, number>;
    },

    async countByStatus() {
      const [total, active, suspended] = (await redis.hmget(keys.chatCounts(), 'total', 'active', 'suspended')).map((value) => Math.max(0, Number(value ?? 0)));
      return { total: total!, active: active!, suspended: suspended! };
    },
  };
}
