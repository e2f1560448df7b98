import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisChatStore } from '../../src/chats/chat-store';
import { createLegacyChatImport, importLegacyChats } from '../../src/chats/legacy-chat-store';
import { planDueDigests } from '../../src/delivery/planners';
import type { DeliveryBatch } from '../../src/jobs-contract';
import { createRedisExclusiveRunner } from '../../src/storage/locks';
import { deletePrefix, openTestRedis } from '../helpers/redis';

// A deployment upgraded from the storage before the compact buckets: its subscribers must keep every setting.
const test = openTestRedis('legacy-chats');
const { redis, keys, prefix } = test;
const store = createRedisChatStore({ redis, keys });
const legacy = createLegacyChatImport({ redis, keys, chats: store, pageSize: 3 });
const NOW = Date.parse('2026-12-01T03:00:00Z'); // 09:00 in Almaty
const silent = { info: () => undefined, warn: () => undefined };

afterAll(() => test.cleanup());

/** Writes a chat exactly as the old store did: its hash, the chat list, the schedule member and the topic sets. */
async function seedOld(id: number, h: Record<string, string>, dueAt?: number): Promise<void> {
  const tx = redis.multi().hset(`${prefix}:chat:${id}`, h).sadd(`${prefix}:chats`, String(id));
  if (h.member && dueAt !== undefined) tx.zadd(`${prefix}:digest:due`, dueAt, h.member);
  if (h.status !== 'suspended' && h.mode !== 'off') {
    for (const topic of (h.topics ?? '').split(',').filter(Boolean)) {
      tx.sadd(`${prefix}:subs:topic:${topic}`, String(id));
      if (h.mode === 'instant') tx.sadd(`${prefix}:subs:instant:${topic}`, String(id));
    }
  }
  await tx.exec();
}

async function seedDeployment(): Promise<void> {
  await seedOld(
    1,
    { type: 'private', topics: 'kazakhstan,china', mode: 'digest', times: '08:00,18:30', zone: 'Asia/Almaty', language: 'ru', status: 'active', strikes: '0', createdAt: '1700000000000', member: '1|Asia/Almaty|08:00,18:30', watermark: '1764540000000' },
    Date.parse('2026-12-01T13:30:00Z'),
  );
  await seedOld(2, { type: 'private', topics: 'china', mode: 'instant', times: '08:00', zone: 'UTC', language: 'zh', status: 'active', strikes: '0', createdAt: '1700000001000', member: '', filters: '+oil -football', quiet: '22:00-07:00' });
  await seedOld(-1003, { type: 'supergroup', topics: 'kazakhstan', mode: 'digest', times: '08:00', zone: 'UTC', language: 'en', status: 'suspended', strikes: '2', createdAt: '1700000002000', member: '' });
  await redis.sadd(`${prefix}:chats`, 'junk', '77'); // an id that is not one, and an id whose hash is gone
  await redis.zadd(`${prefix}:digest:due`, NOW - 1000, '77|UTC|08:00'); // its stale schedule entry
}

beforeEach(async () => {
  await deletePrefix(redis, prefix);
});

describe('importing chats from the old storage format', () => {
  it('keeps every setting, schedule and subscription, and removes the old keys', async () => {
    await seedDeployment();
    expect(await legacy.pending()).toBe(5);
    const result = await legacy.run(NOW);
    expect(result).toEqual({ imported: 3, kept: 0, unreadable: expect.arrayContaining(['junk', '77']) });

    expect(await store.get(1)).toEqual({
      id: 1, type: 'private', topics: ['kazakhstan', 'china'], mode: 'digest', times: ['08:00', '18:30'], zone: 'Asia/Almaty',
      language: 'ru', status: 'active', strikes: 0, createdAt: 1700000000000, watermark: 1764540000000,
    });
    expect(await store.get(2)).toMatchObject({ mode: 'instant', language: 'zh', filters: { include: ['oil'], exclude: ['football'] }, quiet: { from: '22:00', to: '07:00' } });
    expect(await store.get(-1003)).toMatchObject({ type: 'supergroup', status: 'suspended', strikes: 2 });

    // Planned in the new schedule only: chat 2's held alerts at the end of its quiet hours (07:00 UTC), then chat 1's
    // 18:30 Almaty digest (13:30 UTC).
    const planned = async (at: string) => {
      const batches: DeliveryBatch[] = [];
      await planDueDigests({ chats: store, enqueue: async (b) => void batches.push(...b) }, Date.parse(at), 100);
      return batches.flatMap((b) => b.chatIds);
    };
    expect(await planned('2026-12-01T07:00:05Z')).toEqual([2]);
    expect(await planned('2026-12-01T13:30:05Z')).toEqual([1]);
    expect(await redis.zrangebyscore(`${prefix}:digest:due`, '-inf', '+inf')).not.toContain('1|Asia/Almaty|08:00,18:30');
    const instant: number[] = [];
    for await (const page of store.instantSubscribers('china')) instant.push(...page);
    expect(instant).toEqual([2]);
    expect(await store.countByTopic()).toEqual({ kazakhstan: 1, china: 2 });
    expect(await store.countByStatus()).toEqual({ total: 3, active: 2, suspended: 1 });

    expect(await redis.exists(`${prefix}:chat:1`, `${prefix}:chat:2`, `${prefix}:chat:-1003`, `${prefix}:chats`, `${prefix}:subs:topic:china`, `${prefix}:subs:topic:kazakhstan`)).toBe(0);
    expect(await redis.zscore(`${prefix}:digest:due`, '77|UTC|08:00')).toBeNull();
    expect(await legacy.pending()).toBe(0);
    expect(await legacy.run(NOW)).toEqual({ imported: 0, kept: 0, unreadable: [] });
  });

  it('keeps the record of a chat that used the bot after the upgrade, and drops its old one', async () => {
    await seedDeployment();
    await store.ensure(2, { type: 'private', topics: ['kazakhstan'], mode: 'digest', times: ['09:00'], zone: 'UTC', language: 'en' }, NOW);
    const result = await legacy.run(NOW);
    expect(result).toMatchObject({ imported: 2, kept: 1 });
    expect(await store.get(2)).toMatchObject({ topics: ['kazakhstan'], language: 'en', mode: 'digest' });
    expect(await redis.exists(`${prefix}:chat:2`)).toBe(0);
  });

  it('picks up where an import that was cut short stopped', async () => {
    await seedDeployment();
    // The first chat was written to the new store, then the process died before its old keys went.
    await store.adopt({ id: 1, type: 'private', topics: ['kazakhstan', 'china'], mode: 'digest', times: ['08:00', '18:30'], zone: 'Asia/Almaty', language: 'ru', status: 'active', strikes: 0, createdAt: 1700000000000 }, NOW);
    const result = await legacy.run(NOW);
    expect(result).toMatchObject({ imported: 2, kept: 1 });
    expect(await store.countByTopic()).toEqual({ kazakhstan: 1, china: 2 });
    expect(await legacy.pending()).toBe(0);
  });

  it('imports once when several processes start together; the others wait for it', async () => {
    await seedDeployment();
    const exclusive = createRedisExclusiveRunner({ redis, keys });
    const starts = await Promise.all(
      Array.from({ length: 3 }, () => importLegacyChats({ legacy, exclusive, logger: silent, now: () => NOW, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 20))) })),
    );
    expect(starts.filter((r) => r !== undefined)).toEqual([expect.objectContaining({ imported: 3 })]);
    expect(await store.countByStatus()).toEqual({ total: 3, active: 2, suspended: 1 });
  });

  it('does nothing on a deployment that never had the old format', async () => {
    const exclusive = createRedisExclusiveRunner({ redis, keys });
    await store.ensure(5, { type: 'private', topics: ['china'], mode: 'digest', times: ['08:00'], zone: 'UTC', language: 'en' }, NOW);
    expect(await legacy.pending()).toBe(0);
    expect(await importLegacyChats({ legacy, exclusive, logger: silent, now: () => NOW })).toBeUndefined();
    expect(await store.get(5)).toMatchObject({ topics: ['china'] });
  });
});
