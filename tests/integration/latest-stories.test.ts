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
});
