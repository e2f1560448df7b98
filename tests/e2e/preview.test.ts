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
