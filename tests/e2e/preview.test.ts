import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rss, startFeedServer, type FeedServer } from '../helpers/feed-server';
import { spawnScript } from '../helpers/process';
import { SHARED_FEEDS_AVAILABLE, sharedFeed } from '../helpers/shared';

let feeds: FeedServer;

beforeAll(async () => {
  feeds = await startFeedServer();
  feeds.set(
    '/mixed.rss',
    rss('Mixed', [
      { title: 'Президент Казахстана встретился с делегацией', link: 'https://example.kz/1?utm_source=rss&id=7', description: 'Встреча прошла в Астане.' },
      { title: '习近平会见哈萨克斯坦总统', link: 'https://example.cn/2#top' },
      { title: 'Weather in Lisbon', link: 'https://example.pt/3' },
    ]),
  );
});

afterAll(() => feeds.close());

async function preview(args: string[]): Promise<{ code: number | null; out: string }> {
  const proc = spawnScript('app/preview.ts', args, {});
  const code = await proc.exited;
  return { code, out: proc.output() };
}

describe('npm run preview', () => {
  it('prints one JSON object per item with the canonical URL, language and topics', async () => {
    const { code, out } = await preview([feeds.url('/mixed.rss'), '--json']);
    expect(code).toBe(0);
    const items = out.trim().split('\n').map((line) => JSON.parse(line) as { title: string; url: string; language: string; topics: string[] });
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ url: 'https://example.kz/1?id=7', language: 'ru', topics: ['kazakhstan'] });
    expect(items[1]).toMatchObject({ url: 'https://example.cn/2', language: 'zh', topics: ['kazakhstan', 'china'] });
    expect(items[2]).toMatchObject({ language: 'en', topics: [] });
  });

  it('classifies the bundled seed article as both topics, language id', async () => {
    const { code, out } = await preview(['src/feeds/sources/sample.rss', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out.trim())).toMatchObject({ title: 'China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan', language: 'id', topics: ['kazakhstan', 'china'] });
  });

  it('prints a readable line per item without --json', async () => {
    const { code, out } = await preview([feeds.url('/mixed.rss')]);
    expect(code).toBe(0);
    expect(out).toContain('[ru] [kazakhstan] Президент Казахстана встретился с делегацией');
    expect(out).toMatch(/rss feed "Mixed": 3 items, 3 usable, 2 on topic/);
  });

  it('--stories --json reads several feeds together and prints one object per story with every member link', async () => {
    const dir = 'tests/fixtures/stories';
    const { code, out } = await preview([`${dir}/feed-en.rss`, `${dir}/feed-ru.rss`, `${dir}/feed-zh.rss`, '--stories', '--json']);
    expect(code).toBe(0);
    const stories = out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { title: string; summary: string; topics: string[]; languages: string[]; sources: string[]; urls: string[] });
    expect(stories).toHaveLength(3);
    const talks = stories.find((s) => s.urls.includes('https://steppe.example/en/tokayev-xi'));
    expect(talks).toEqual({
      title: 'Tokayev and Xi Jinping hold talks in Astana',
      summary: 'President Kassym-Jomart Tokayev held talks with Chinese President Xi Jinping at the Akorda. The sides signed 30 documents on trade, transport and energy.',
      topics: ['kazakhstan', 'china'],
      languages: ['en', 'ru', 'zh'],
      // Each source is named by its feed's own title, as "Kazinform, Xinhua +3" names outlets in the bot.
      sources: ['Steppe Wire (en)', 'Степной вестник (ru)', '草原新闻 (zh)'],
      urls: ['https://steppe.example/en/tokayev-xi', 'https://steppe.example/ru/tokayev-xi', 'https://steppe.example/zh/xi-tokayev'],
    });
    // March and April inflation share a template but not a month or a figure: two stories.
    const march = stories.find((s) => s.title.includes('8.7%'));
    expect(march?.languages).toEqual(['en', 'ru']);
    expect(stories.some((s) => s.title.includes('8,5%') && s.urls.length === 1)).toBe(true);
    expect(out).toContain('preview: tests/fixtures/stories/feed-en.rss: skipped 2 items: 1 without a title, 1 off-topic');
    expect(out).toContain('preview: tests/fixtures/stories/feed-zh.rss: skipped 1 item: 1 off-topic');
  });

  it('--stories --lang=ru picks the Russian title where one exists', async () => {
    const dir = 'tests/fixtures/stories';
    const { code, out } = await preview([`${dir}/feed-en.rss`, `${dir}/feed-ru.rss`, '--stories', '--json', '--lang=ru']);
    expect(code).toBe(0);
    const titles = out.split('\n').filter((l) => l.startsWith('{')).map((l) => (JSON.parse(l) as { title: string }).title);
    expect(titles).toContain('Токаев провёл переговоры с Си Цзиньпином в Астане');
  });

  it.skipIf(!SHARED_FEEDS_AVAILABLE)('keeps items without a link (feed link or file URL) and says what it skipped', async () => {
    const koi8 = await preview([sharedFeed('koi8r-nodecl.rss'), '--json']);
    expect(koi8.code).toBe(0);
    expect(JSON.parse(koi8.out.trim())).toMatchObject({ title: 'Как пережить новогоднюю ночь', language: 'ru' });
    const many = await preview([sharedFeed('many-items-1046.rss')]);
    expect(many.code).toBe(0);
    expect(many.out).toMatch(/1046 items, 1044 usable/);
    expect(many.out).toContain('preview: skipped 2 items: 2 without a title');
    const stories = await preview([sharedFeed('many-items-1046.rss'), '--stories']);
    expect(stories.out).toContain('preview: skipped 1046 items: 2 without a title, 1044 off-topic');
    expect(stories.out).toContain('preview: no stories');
  });

  it.skipIf(!SHARED_FEEDS_AVAILABLE)('refuses a hostile feed with a clear error and a non-zero exit', async () => {
    const { code, out } = await preview([sharedFeed('xml-bomb-billion-laughs.rss')]);
    expect(code).not.toBe(0);
    expect(out).toMatch(/preview: cannot read .*entit/i);
  });

  it('exits non-zero with a clear message for an unreadable source or bad usage', async () => {
    const missing = await preview([feeds.url('/nothing.rss')]);
    expect(missing.code).not.toBe(0);
    expect(missing.out).toMatch(/preview: cannot read .*404/);
    const usage = await preview([]);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('Usage: npm run preview');
  });
});
