import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FEEDS_FILE } from '../../src/core';
import { createTestCore, type TestCore } from '../helpers/core';

// The playground's demo source: the bundled demo feeds, read through the real ingest, show stories at once.
let tc: TestCore;

beforeAll(async () => {
  tc = await createTestCore('demo-source', { env: { FEEDS_FILE: DEFAULT_FEEDS_FILE } });
  // As the ingest worker does: the origin rides with the source (only OPML sources may be bundled files).
  for (const { source, origin } of await tc.core.sources.entries()) {
    if (source.kind === 'file') expect(await tc.core.ingest.ingest({ ...source, origin })).toMatchObject({ status: 'ok' });
  }
});
afterAll(() => tc.close());

describe('demo source', () => {
  it('stores recent items in five languages, grouped into stories reported by several outlets', async () => {
    const latest = await tc.core.articles.latest('any', 100);
    const demo = latest.filter((a) => a.url.includes('.example/'));
    expect(demo.length).toBeGreaterThanOrEqual(35);
    expect(new Set(demo.map((a) => a.language))).toEqual(new Set(['en', 'ru', 'kk', 'zh', 'id']));
    // Dated relative to reading: all within the last two days.
    for (const a of demo) expect(Date.now() - a.publishedAt!).toBeLessThan(48 * 3_600_000);
    const stories = await tc.core.storyReader.group(demo);
    const wheat = stories.find((s) => s.articles.some((a) => a.title.includes('500,000 tonnes of wheat')));
    expect(wheat?.articles.map((a) => a.language).sort()).toEqual(['en', 'id', 'kk', 'ru', 'zh']);
    expect(stories.filter((s) => new Set(s.articles.map((a) => a.sourceName)).size >= 3).length).toBeGreaterThanOrEqual(5);
  });

  it('answers a first digest with stories, each once with its sources line', async () => {
    tc.emulator.addChat({ id: 501, type: 'private', first_name: 'Demo' });
    await tc.core.chats.ensure({ id: 501, type: 'private' }, 'en');
    await tc.core.chats.subscribe(501, ['kazakhstan', 'china']);
    await tc.core.delivery.deliver(501, 'digest', (await tc.core.articles.now()) + 1, 'demo-1');
    const text = tc.emulator.sent(501).map((m) => m.text).join('\n');
    expect(text).toContain('Kazakhstan to ship 500,000 tonnes of wheat to China via Khorgos');
    expect(text).toMatch(/\+\d · 5 languages/);
    expect(text.match(/to ship 500,000 tonnes of wheat/g)).toHaveLength(1);
  });
});
