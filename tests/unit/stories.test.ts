import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/articles/article';
import { en } from '../../src/i18n/en';
import { ru } from '../../src/i18n/ru';
import { zh } from '../../src/i18n/zh';
import { createStoryClusterer } from '../../src/stories/clusterer';
import { pairwiseScore } from '../../src/stories/evaluate';
import { createSignatureExtractor } from '../../src/stories/signature';
import { formatSourceLine } from '../../src/stories/source-line';
import { describeStory } from '../../src/stories/story-view';
import { loadStoryFixtures } from '../fixtures/stories/fixtures';

const HOUR = 3_600_000;
const T0 = Date.parse('2024-07-02T09:00:00Z');

function article(over: Partial<Article> & { title: string }): Article {
  return { sourceId: 's', sourceName: 'Src', url: `https://x.example/${encodeURIComponent(over.title)}`, description: '', publishedAt: T0, language: 'en', topics: [], ...over };
}

describe('event signatures', () => {
  const extractor = createSignatureExtractor();

  it('maps Tokayev in four scripts and inflections to one entity', () => {
    for (const text of ['Tokayev said', 'встреча с Токаевым', 'Тоқаевтың сапары', '托卡耶夫表示']) {
      expect([...extractor.extract(text).entities.keys()]).toContain('tokayev');
    }
  });

  it('normalises $1.5 billion, 1,5 млрд долларов and 15亿美元 to one figure', () => {
    const values = ['a $1.5 billion deal', 'сделка на 1,5 млрд долларов', '15亿美元的协议'].map((text) => extractor.extract(text).numbers);
    for (const numbers of values) expect(numbers).toContainEqual({ unit: 'money', value: 1.5e9 });
  });

  it('reads percentages, magnitudes and months', () => {
    expect(extractor.extract('Inflation slowed to 8.7% in March').numbers).toEqual(expect.arrayContaining([{ unit: 'pct', value: 8.7 }, { unit: 'month', value: 3 }]));
    expect(extractor.extract('Землетрясение магнитудой 7,1').numbers).toContainEqual({ unit: 'magnitude', value: 7.1 });
    expect(extractor.extract('新疆乌什县发生7.1级地震').numbers).toContainEqual({ unit: 'magnitude', value: 7.1 });
    expect(extractor.extract('3月份CPI同比上涨0.1%').numbers).toEqual(expect.arrayContaining([{ unit: 'month', value: 3 }, { unit: 'pct', value: 0.1 }]));
  });
});

describe('createStoryClusterer', () => {
  it('meets the precision and recall targets on the labelled fixtures', () => {
    const fixtures = loadStoryFixtures();
    expect(fixtures.length).toBeGreaterThanOrEqual(150);
    expect(new Set(fixtures.map((f) => f.event)).size).toBeGreaterThanOrEqual(40);
    expect(new Set(fixtures.map((f) => f.article.language))).toEqual(new Set(['en', 'ru', 'kk', 'zh', 'id']));
    const clusterer = createStoryClusterer();
    const predicted = fixtures.map((f) => clusterer.add(f.article).storyId);
    const score = pairwiseScore(fixtures.map((f) => f.event), predicted);
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
    expect(score.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps apart the hard negatives of the fixtures (same leaders twice, recycled statistics, two quakes)', () => {
    const fixtures = loadStoryFixtures();
    const clusterer = createStoryClusterer();
    const storyOf = new Map<string, Set<string>>();
    for (const f of fixtures) {
      const { storyId } = clusterer.add(f.article);
      storyOf.set(f.event, (storyOf.get(f.event) ?? new Set()).add(storyId));
    }
    for (const [a, b] of [['E01', 'E02'], ['E03', 'E04'], ['E05', 'E06'], ['E07', 'E08'], ['E07', 'E09'], ['E10', 'E11'], ['E14', 'E16'], ['E38', 'E39'], ['E26', 'E27']] as const) {
      const shared = [...storyOf.get(a)!].filter((id) => storyOf.get(b)!.has(id));
      expect(shared, `${a} and ${b}`).toEqual([]);
    }
  });

  it('joins one event across languages and scripts, and starts a new story for a different figure', () => {
    const clusterer = createStoryClusterer();
    const first = clusterer.add(article({ title: 'Kazakhstan and China sign $1.5 billion deal on Dostyk railway', description: 'Tokayev and Xi Jinping witnessed the signing.' }));
    const second = clusterer.add(article({ title: 'Казахстан и Китай подписали соглашение на 1,5 млрд долларов', description: 'Токаев и Си Цзиньпин присутствовали при подписании, Достык.', language: 'ru', publishedAt: T0 + HOUR }));
    const third = clusterer.add(article({ title: '中哈签署15亿美元多斯特克铁路协议', description: '托卡耶夫和习近平出席签字仪式。', language: 'zh', publishedAt: T0 + 2 * HOUR }));
    const other = clusterer.add(article({ title: 'Kazakhstan and China sign $3 billion deal on Dostyk railway', description: 'Tokayev and Xi Jinping witnessed the signing.', publishedAt: T0 + 3 * HOUR }));
    expect(first.isNew).toBe(true);
    expect(second).toEqual({ storyId: first.storyId, isNew: false, duplicate: false });
    expect(third.storyId).toBe(first.storyId);
    expect(other.isNew).toBe(true);
  });

  it('does not join articles outside the time window', () => {
    const clusterer = createStoryClusterer({ windowMs: 36 * HOUR });
    const a = clusterer.add(article({ title: 'Tokayev meets Xi Jinping in Astana' }));
    const b = clusterer.add(article({ title: 'Tokayev meets Xi Jinping in Astana again', publishedAt: T0 + 80 * HOUR }));
    expect(b.storyId).not.toBe(a.storyId);
  });

  it('joins a copy with the same title (Google News) as a duplicate', () => {
    const clusterer = createStoryClusterer();
    const own = clusterer.add(article({ title: 'Weather turns cold', sourceName: 'CNN' }));
    const copy = clusterer.add(article({ title: 'Weather turns cold', sourceName: 'CNN', sourceId: 'gnews', viaAggregator: 'CNN', url: 'https://news.google.com/x' }));
    expect(copy).toEqual({ storyId: own.storyId, isNew: false, duplicate: true });
  });

  it('gives the same story ids when run twice', () => {
    const run = () => {
      const clusterer = createStoryClusterer();
      return loadStoryFixtures().map((f) => clusterer.add(f.article).storyId);
    };
    expect(run()).toEqual(run());
  });
});

describe('describeStory and formatSourceLine', () => {
  const clusterer = createStoryClusterer();
  clusterer.add(article({ title: 'Tokayev and Xi Jinping hold talks in Astana', sourceName: 'Kazinform', description: 'The sides signed 30 documents on trade, transport and energy in the Akorda.', topics: ['kazakhstan', 'china'] }));
  clusterer.add(article({ title: 'Токаев провёл переговоры с Си Цзиньпином в Астане', sourceName: 'Tengrinews', language: 'ru', publishedAt: T0 + HOUR, description: 'Стороны подписали 30 документов.', topics: ['kazakhstan', 'china'] }));
  clusterer.add(article({ title: '习近平同托卡耶夫在阿斯塔纳会谈', sourceName: 'Xinhua', language: 'zh', publishedAt: T0 + 2 * HOUR, description: '双方签署了30份合作文件。', topics: ['china'] }));
  clusterer.add(article({ title: 'Xi Jinping and Tokayev hold talks in Astana', sourceName: 'Xinhua', publishedAt: T0 + 3 * HOUR, description: 'Thirty documents were signed.', topics: ['china'] }));
  const [story] = clusterer.stories();

  it('picks the title in the requested language, else the one the earliest/best source gave', () => {
    expect(clusterer.stories()).toHaveLength(1);
    expect(describeStory(story!, { language: 'ru' }).title).toBe('Токаев провёл переговоры с Си Цзиньпином в Астане');
    expect(describeStory(story!, { language: 'zh' }).title).toBe('习近平同托卡耶夫在阿斯塔纳会谈');
    expect(describeStory(story!, { language: 'kk' }).title).toBe('Tokayev and Xi Jinping hold talks in Astana');
    expect(describeStory(story!, { language: 'en', sourcePriority: (name) => (name === 'Xinhua' ? 1 : 0) }).title).toBe('Xi Jinping and Tokayev hold talks in Astana');
  });

  it('lists each source once, every link, languages and topics, and a summary that is not the title', () => {
    const view = describeStory(story!, { language: 'en' });
    expect(view.sources.map((s) => s.name)).toEqual(['Kazinform', 'Tengrinews', 'Xinhua']);
    expect(view.urls).toHaveLength(4);
    expect(view.languages).toEqual(['en', 'ru', 'zh']);
    expect(view.topics).toEqual(['kazakhstan', 'china']);
    expect(view.summary).toBe('The sides signed 30 documents on trade, transport and energy in the Akorda.');
  });

  it('formats the source line with links, "+N" and the language count from the catalogue, escaped', () => {
    const sources = [
      { name: 'Kazinform', url: 'https://kazinform.kz/a?x=1&y=2' },
      { name: 'Xinhua <EN>', url: 'https://xinhua.net/b' },
      { name: 'TASS', url: 'https://tass.ru/c' },
      { name: 'Egemen', url: 'https://egemen.kz/d' },
      { name: 'Antara', url: 'https://antaranews.com/e' },
    ];
    const words = (m: typeof en) => ({ moreSources: m.storyMoreSources, languages: m.storyLanguages });
    expect(formatSourceLine(sources, 3, words(en))).toBe(
      '<a href="https://kazinform.kz/a?x=1&amp;y=2">Kazinform</a>, <a href="https://xinhua.net/b">Xinhua &lt;EN&gt;</a> +3 · 3 languages',
    );
    expect(formatSourceLine(sources.slice(0, 1), 1, words(en))).toBe('<a href="https://kazinform.kz/a?x=1&amp;y=2">Kazinform</a>');
    expect(formatSourceLine(sources, 5, words(ru))).toContain('+3 · 5 языков');
    expect(formatSourceLine(sources, 2, words(ru))).toContain('· 2 языка');
    expect(formatSourceLine(sources, 3, words(zh))).toContain('· 3 种语言');
  });
});
