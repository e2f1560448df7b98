import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { createRedisArticleStore } from '../../src/articles/article-store';
import { deletePrefix, openTestRedis } from '../helpers/redis';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 30, 12);
const test = openTestRedis('articles');
const store = createRedisArticleStore({ redis: test.redis, keys: test.keys, retentionMs: 14 * DAY });

function article(overrides: Partial<Article> = {}): Article {
  return {
    sourceId: 'src-a',
    sourceName: 'Source A',
    guid: 'guid-1',
    title: 'Tokayev meets Xi in Astana',
    url: 'https://example.com/1',
    description: 'desc',
    publishedAt: NOW - 3_600_000,
    language: 'en',
    topics: ['kazakhstan', 'china'],
    ...overrides,
  };
}

afterAll(() => test.cleanup());
beforeEach(() => deletePrefix(test.redis, test.prefix));

describe('Redis article store', () => {
  it('stores an article once however often it is saved, and keeps its first-seen time', async () => {
    const first = await store.save(article(), NOW);
    const again = await store.save(article(), NOW + 60_000);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const [stored] = await store.latest('any', 5);
    expect(stored).toMatchObject({ id: first.id, title: 'Tokayev meets Xi in Astana', firstSeenAt: NOW, topics: ['kazakhstan', 'china'] });
    expect(await store.count('any')).toBe(1);
  });

  it('keeps apart items that share the feed link for want of their own (by guid, else by title)', async () => {
    const shared = { url: 'https://example.com/', sharedUrl: true } as const;
    const a = await store.save(article({ ...shared, guid: 'g-a', title: 'First item' }), NOW);
    const b = await store.save(article({ ...shared, guid: 'g-b', title: 'Second item' }), NOW);
    const c = await store.save(article({ ...shared, guid: undefined, title: 'Third item' }), NOW);
    const again = await store.save(article({ ...shared, guid: undefined, title: 'Third item' }), NOW);
    expect([a.created, b.created, c.created]).toEqual([true, true, true]);
    expect(again).toEqual({ id: c.id, created: false });
    expect(await store.count('any')).toBe(3);
  });

  it('treats the same canonical URL, or the same title from the same source, as the same article', async () => {
    const first = await store.save(article(), NOW);
    expect((await store.save(article({ guid: 'other', sourceId: 'src-b' }), NOW)).id).toBe(first.id);
    expect((await store.save(article({ guid: undefined, url: 'https://example.com/other', title: 'TOKAYEV meets Xi, in Astana!' }), NOW)).id).toBe(first.id);
    const different = await store.save(article({ guid: undefined, url: 'https://example.com/2', title: 'Another story', sourceId: 'src-b' }), NOW);
    expect(different.created).toBe(true);
    expect(await store.count('any')).toBe(2);
  });

  it('indexes per topic by publication time, newest first', async () => {
    await store.save(article({ guid: 'k', url: 'https://e.com/k', title: 'K', topics: ['kazakhstan'], publishedAt: NOW - 3 * 3_600_000 }), NOW);
    await store.save(article({ guid: 'c', url: 'https://e.com/c', title: 'C', topics: ['china'], publishedAt: NOW - 2 * 3_600_000 }), NOW);
    await store.save(article({ guid: 'b', url: 'https://e.com/b', title: 'B', topics: ['kazakhstan', 'china'], publishedAt: NOW - 3_600_000 }), NOW);
    await store.save(article({ guid: 'n', url: 'https://e.com/n', title: 'N', topics: ['kazakhstan'], publishedAt: null }), NOW - 10);
    expect((await store.latest('kazakhstan', 10)).map((a) => a.title)).toEqual(['N', 'B', 'K']);
    expect((await store.latest('china', 10)).map((a) => a.title)).toEqual(['B', 'C']);
    expect((await store.latest('any', 2)).map((a) => a.title)).toEqual(['N', 'B']);
  });

  it('finds articles first seen in a window', async () => {
    await store.save(article({ guid: 'old', url: 'https://e.com/old', title: 'Old' }), NOW - DAY);
    await store.save(article({ guid: 'new', url: 'https://e.com/new', title: 'New' }), NOW);
    expect((await store.firstSeenBetween('china', NOW - 3_600_000, NOW)).map((a) => a.title)).toEqual(['New']);
  });

  it('prunes articles past retention from every index', async () => {
    await store.save(article({ guid: 'old', url: 'https://e.com/old', title: 'Old' }), NOW - 15 * DAY);
    await store.save(article({ guid: 'new', url: 'https://e.com/new', title: 'New' }), NOW);
    expect(await store.prune(NOW)).toBe(1);
    expect((await store.latest('kazakhstan', 10)).map((a) => a.title)).toEqual(['New']);
    expect(await store.count('china')).toBe(1);
  });

  it('keeps only the newest 1,000 entries of a common word in the search index, and still finds the newest first', async () => {
    const saves = Array.from({ length: 1010 }, (_, i) =>
      store.save(article({ guid: `g-${i}`, url: `https://example.com/w/${i}`, title: `Shymkent bulletin number ${i}`, publishedAt: NOW - 600_000_000 + i * 60_000 })),
    );
    await Promise.all(saves);
    expect(await test.redis.zcard(test.keys.searchToken('shymkent'))).toBe(1000);
    expect((await store.search('Shymkent', 3)).map((a) => a.title)).toEqual([
      'Shymkent bulletin number 1009',
      'Shymkent bulletin number 1008',
      'Shymkent bulletin number 1007',
    ]);
  });
});
