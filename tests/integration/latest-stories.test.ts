import { afterAll, describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { createRedisArticleStore, type ArticleStore } from '../../src/articles/article-store';
import { createLatestStories, createStoryReader } from '../../src/stories/story-service';
import { createRedisStoryStore } from '../../src/stories/story-store';
import { openTestRedis } from '../helpers/redis';

// /latest's list of stories on the real Redis stores: read once for a burst, read again as soon as it changed.

const test = openTestRedis('lateststories');
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 12);
const store = createRedisArticleStore({ redis: test.redis, keys: test.keys, retentionMs: 14 * DAY });
const stories = createRedisStoryStore({ redis: test.redis, keys: test.keys, retentionMs: 14 * DAY });
let listReads = 0;
const counted: ArticleStore = { ...store, latest: (index, limit) => ((listReads += 1), store.latest(index, limit)) };
const latest = createLatestStories({ articles: counted, storyReader: createStoryReader({ articles: store, stories }), now: () => NOW });

afterAll(() => test.cleanup());

function article(n: number, title: string, sourceName = 'Kazinform'): Article {
  return { sourceId: `src-${sourceName}`, sourceName, guid: `g-${n}`, title, url: `https://news.example/${n}`, description: '', language: 'en', topics: ['kazakhstan'], publishedAt: NOW - 60_000 * (100 - n) };
}

async function ingest(a: Article) {
  const saved = await store.save(a, NOW);
  if (saved.created) await stories.assign({ ...a, id: saved.id }, a.publishedAt ?? NOW);
}

describe('the newest stories for /latest', () => {
  it('reads the list once for 200 asks at once, and shows a new article to the very next ask, in the same second', async () => {
    await ingest(article(1, 'Kazakhstan opens a new grain terminal in Aktau'));
    const burst = await Promise.all(Array.from({ length: 200 }, () => latest.latest('any', 5)));
    expect(listReads).toBe(1);
    expect(burst.every((list) => list.length === 1)).toBe(true);
    expect((await latest.latest('any', 5)).map((s) => s.articles[0]!.title)).toEqual(['Kazakhstan opens a new grain terminal in Aktau']);
    expect(listReads).toBe(1);

    // The clock has not moved: before, a list under a second old was shown as it was, without the new article.
    await ingest(article(2, 'Tokayev signs the new budget code into law'));
    const after = await latest.latest('any', 5);
    expect(after.map((s) => s.articles[0]!.title)).toEqual(['Tokayev signs the new budget code into law', 'Kazakhstan opens a new grain terminal in Aktau']);
    expect(listReads).toBe(2);
  });

  it('shows a second report of a story inside that story as soon as it is assigned', async () => {
    await ingest(article(3, 'Earthquake of magnitude 5.2 hits Almaty region', 'Kazinform'));
    const first = await latest.latest('any', 5);
    expect(first[0]!.articles).toHaveLength(1);
    await ingest(article(4, 'Magnitude 5.2 earthquake hits Almaty region, no casualties', 'Tengrinews'));
    const second = await latest.latest('any', 5);
    expect(second[0]!.articles.map((a) => a.sourceName).sort()).toEqual(['Kazinform', 'Tengrinews']);
  });

  it('keeps answering with a list past its age while its successor is read, and reads it once for a burst', async () => {
    let clock = NOW;
    let gate: Promise<void> = Promise.resolve();
    let reads = 0;
    const gated: ArticleStore = {
      ...store,
      latest: async (index, limit) => {
        reads += 1;
        await gate;
        return store.latest(index, limit);
      },
    };
    const aging = createLatestStories({ articles: gated, storyReader: createStoryReader({ articles: store, stories }), now: () => clock, maxAgeMs: 60_000 });
    const first = await aging.latest('kazakhstan', 3);
    expect(reads).toBe(1);

    // A minute on, nothing changed in the store: the burst is answered from the list it has while a read hangs.
    clock += 61_000;
    let open: () => void = () => undefined;
    gate = new Promise((resolve) => (open = resolve));
    const tooLate = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 2000));
    const burst = await Promise.race([Promise.all(Array.from({ length: 200 }, () => aging.latest('kazakhstan', 3))), tooLate]);
    expect(burst).not.toBe('waited');
    expect((burst as unknown[]).every((list) => list === first)).toBe(true);
    expect(reads).toBe(2);

    // Once read, the successor answers, and is not read again for another minute.
    open();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await aging.latest('kazakhstan', 3);
    expect(next).not.toBe(first);
    expect(next.map((s) => s.id)).toEqual(first.map((s) => s.id));
    expect(reads).toBe(2);
  });
});
