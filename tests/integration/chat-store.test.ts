import { afterAll, describe, expect, it } from 'vitest';
import { createChatService } from '../../src/chats/chat-service';
import { createRedisChatStore } from '../../src/chats/chat-store';
import { planDueDigests } from '../../src/delivery/planners';
import type { DeliveryBatch } from '../../src/jobs-contract';
import { openTestRedis } from '../helpers/redis';

const test = openTestRedis('chats');
const store = createRedisChatStore({ redis: test.redis, keys: test.keys });
const clock = { now: () => Date.parse('2026-11-30T07:00:00Z') };
const service = createChatService({ chats: store, clock, defaultTimes: ['08:00'] });

afterAll(() => test.cleanup());

describe('chat store and service (real Redis)', () => {
  it('creates a chat with defaults guessed from the language', async () => {
    const chat = await service.ensure({ id: 1, type: 'private' }, 'kk');
    expect(chat).toMatchObject({ id: 1, topics: [], mode: 'digest', times: ['08:00'], zone: 'Asia/Almaty', language: 'kk', status: 'active' });
    expect((await service.ensure({ id: 1, type: 'private' }, 'en')).language).toBe('kk');
  });

  it('keeps the digest schedule and instant sets in step with subscriptions', async () => {
    await service.ensure({ id: 2, type: 'private' }, 'en');
    await service.subscribe(2, ['china']);
    expect(await store.dueDigests(Date.parse('2026-11-30T08:00:00Z'), 10)).toEqual([{ chatId: 2, member: expect.any(String), zone: 'UTC', times: '08:00' }]);
    await service.setSchedule(2, { mode: 'instant' });
    expect(await store.dueDigests(Date.parse('2026-12-30T08:00:00Z'), 10)).toEqual([]);
    const instant: number[] = [];
    for await (const page of store.instantSubscribers('china')) instant.push(...page);
    expect(instant).toEqual([2]);
    expect(await store.countByTopic()).toEqual({ kazakhstan: 0, china: 1 });
    await service.suspend(2);
    expect(await store.countByTopic()).toEqual({ kazakhstan: 0, china: 0 });
    expect(await service.resume(2)).toBe(true);
    expect(await store.countByTopic()).toEqual({ kazakhstan: 0, china: 1 });
  });

  it('plans due digests in batches and moves each chat to its next time', async () => {
    for (let id = 100; id < 350; id++) {
      await service.ensure({ id, type: 'private' }, 'en');
      await service.subscribe(id, ['kazakhstan']);
    }
    const batches: DeliveryBatch[] = [];
    const now = Date.parse('2026-11-30T08:00:05Z');
    const result = await planDueDigests({ chats: store, enqueue: async (b) => void batches.push(...b) }, now, 100);
    expect(result).toEqual({ chats: 250, batches: 3 });
    expect(batches.flatMap((b) => b.chatIds).sort((a, b) => a - b)).toEqual(Array.from({ length: 250 }, (_, i) => 100 + i));
    expect(new Set(batches.map((b) => b.id)).size).toBe(3);
    expect(await store.dueDigests(now, 10)).toEqual([]);
    expect(await store.dueDigests(Date.parse('2026-12-01T08:00:00Z'), 1000)).toHaveLength(250);
  });

  it('migrates a group with its settings', async () => {
    await service.ensure({ id: -5, type: 'group' }, 'ru');
    await service.subscribe(-5, ['kazakhstan', 'china']);
    await service.migrate(-5, -1005);
    expect(await store.get(-5)).toBeUndefined();
    expect(await store.get(-1005)).toMatchObject({ topics: ['kazakhstan', 'china'], language: 'ru', type: 'supergroup' });
    expect((await store.dueDigests(Date.parse('2026-12-30T08:00:00Z'), 1000)).map((d) => d.chatId)).toContain(-1005);
    expect((await store.dueDigests(Date.parse('2026-12-30T08:00:00Z'), 1000)).map((d) => d.chatId)).not.toContain(-5);
  });

  it('reads many chats at once, each with its own watermark and strikes, and none for chats never seen', async () => {
    const ids = Array.from({ length: 450 }, (_, i) => 7000 + i);
    const stored = ids.filter((id) => id % 3 !== 0);
    for (const id of stored) await service.ensure({ id, type: 'private' }, id % 2 === 0 ? 'zh' : 'en');
    for (const id of stored.filter((id) => id % 5 === 0)) await store.update(id, (chat) => ({ ...chat, watermark: id * 1000, strikes: id % 7 }), clock.now());
    // Read in one turn of the event loop, as a burst of updates reads them, and all at once.
    const [one, many] = await Promise.all([Promise.all(ids.map((id) => store.get(id))), store.getMany(ids)]);
    expect([...many.keys()].sort((a, b) => a - b)).toEqual(stored);
    ids.forEach((id, i) => {
      const chat = one[i];
      if (id % 3 === 0) return expect(chat).toBeUndefined();
      expect(chat).toEqual(many.get(id));
      expect(chat).toMatchObject({ id, language: id % 2 === 0 ? 'zh' : 'en', times: ['08:00'], strikes: id % 5 === 0 ? id % 7 : 0 });
      expect(chat?.watermark).toBe(id % 5 === 0 ? id * 1000 : undefined);
    });
  });
});
