import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { createRedisStoryStore } from '../../src/stories/story-store';
import { openTestRedis, TEST_REDIS_URL } from '../helpers/redis';

// The Redis story store as several ingest workers use it: each with its own connection, assigning at the same moment.

const test = openTestRedis('storystore');
const second = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 12);
const storeOf = (redis: Redis) => createRedisStoryStore({ redis, keys: test.keys, retentionMs: 14 * DAY });
const workerA = storeOf(test.redis);
const workerB = storeOf(second);

afterAll(async () => {
  second.disconnect();
  await test.cleanup();
});

function article(id: string, title: string, sourceId: string, language = 'en'): Article & { id: string } {
  return { id, guid: id, url: `https://${sourceId}.example/${id}`, title, description: '', sourceId, sourceName: sourceId, language, topics: ['kazakhstan'], publishedAt: NOW };
}

/** Reports of one event by two outlets, in two languages; each pair is a different event. */
const EVENTS = [
  ['Tokayev signs $1.5 billion deal with Siemens Energy in Astana', 'Токаев подписал соглашение с Siemens Energy на $1,5 млрд в Астане'],
  ['Earthquake of magnitude 5.2 hits Almaty region, no casualties reported', 'Землетрясение магнитудой 5,2 произошло в Алматинской области, пострадавших нет'],
  ['Kazakhstan inflation slows to 8.7% in October, statistics bureau says', 'Инфляция в Казахстане в октябре замедлилась до 8,7%, сообщило бюро статистики'],
  ['Air Astana orders 15 Boeing 787 Dreamliners at Dubai Airshow', 'Air Astana заказала 15 самолетов Boeing 787 Dreamliner на авиасалоне в Дубае'],
] as const;

describe('Redis story store with two workers', () => {
  it('puts two reports of one event assigned at the same moment by two workers into one story', async () => {
    // Before the compare-and-set commit, both workers found no story and each founded its own.
    const results = await Promise.all(
      EVENTS.flatMap(([english, russian], i) => [
        workerA.assign(article(`e${i}-en`, english, 'kazinform'), NOW),
        workerB.assign(article(`e${i}-ru`, russian, 'tengrinews', 'ru'), NOW + 60_000),
      ]),
    );
    for (let i = 0; i < EVENTS.length; i++) {
      const [en, ru] = [results[2 * i]!, results[2 * i + 1]!];
      expect(ru.storyId, `event ${i}: ${EVENTS[i]![0]}`).toBe(en.storyId);
      expect([en.isNew, ru.isNew].sort()).toEqual([false, true]);
    }
    expect(new Set(results.map((r) => r.storyId)).size).toBe(EVENTS.length);
    const members = await workerA.members([results[0]!.storyId]);
    expect(members.get(results[0]!.storyId)?.sort()).toEqual(['e0-en', 'e0-ru']);
  });

  it('assigning one article from two workers at once gives it one story, with the article in it once', async () => {
    const one = article('same-1', 'Kazakhstan and China open a new border crossing at Khorgos', 'kazinform');
    const [a, b] = await Promise.all([workerA.assign(one, NOW), workerB.assign(one, NOW)]);
    expect(b.storyId).toBe(a.storyId);
    expect([a.isNew, b.isNew].filter(Boolean)).toHaveLength(1);
    expect((await workerA.members([a.storyId])).get(a.storyId)).toEqual(['same-1']);
  });
});
