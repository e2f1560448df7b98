import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/articles/article';
import { messagesFor } from '../../src/i18n';
import { articleItems, formatDelivery, storyRecords, type DeliveryStory } from '../../src/messages/delivery-message';
import { TELEGRAM_TEXT_LIMIT } from '../../src/messages/html';

const NOW = Date.UTC(2026, 10, 30, 8);

function article(id: string, topics: StoredArticle['topics'], hoursAgo: number, over: Partial<StoredArticle> = {}): StoredArticle {
  return {
    id,
    sourceId: 's',
    sourceName: 'Wire',
    title: `Story ${id}`,
    url: `https://wire.example/${id}`,
    description: '',
    publishedAt: NOW - hoursAgo * 3_600_000,
    language: 'en',
    topics,
    firstSeenAt: NOW,
    ...over,
  };
}

/** A story of one article, new to the chat. */
function single(a: StoredArticle, extra: Partial<DeliveryStory> = {}): DeliveryStory {
  return { group: { id: `st-${a.id}`, articles: [a] }, articleIds: [a.id], sources: 1, ...extra };
}

/** A grain story reported by five outlets in three languages. */
function grainStory(): DeliveryStory {
  const members = [
    article('g1', ['kazakhstan', 'china'], 3, {
      sourceName: 'Kazinform',
      title: 'Kazakhstan ships first grain train to Xi’an',
      description: 'The first block train with 3,000 tonnes of wheat left Kostanay for Xi’an on Monday. The route takes twelve days.',
    }),
    article('g2', ['kazakhstan', 'china'], 2, { sourceName: 'Xinhua', title: 'First Kazakh grain train heads to Xi’an' }),
    article('g3', ['kazakhstan'], 2, { sourceName: 'Tengrinews', title: 'Первый зерновой поезд ушёл в Сиань', language: 'ru', description: 'Состав с пшеницей отправился из Костаная.' }),
    article('g4', ['kazakhstan'], 1, { sourceName: 'Kursiv', title: 'Зерновой поезд в Сиань', language: 'ru' }),
    article('g5', ['china'], 1, { sourceName: 'CGTN 中文', title: '哈萨克斯坦首列粮食班列开往西安', language: 'zh' }),
  ];
  return { group: { id: 'st-grain', articles: members }, articleIds: members.map((m) => m.id), sources: 5 };
}

describe('formatDelivery (stories)', () => {
  it('shows a story once: best title, summary, sources line with links, and languages', () => {
    const [message] = formatDelivery('digest', [grainStory()], ['kazakhstan', 'china'], messagesFor('en'), NOW);
    const text = message!.html;
    expect(text).toMatch(/^📰 <b>Your Silkwire digest<\/b>\n\n<b>KAZAKHSTAN<\/b>\n/);
    expect(text).toContain('<b><a href="https://wire.example/g1">Kazakhstan ships first grain train to Xi’an</a></b>');
    expect(text).toContain('The first block train with 3,000 tonnes of wheat left Kostanay for Xi’an on Monday.');
    expect(text).toMatch(/<a href="https:\/\/wire\.example\/g\d">[^<]+<\/a>, <a href="https:\/\/wire\.example\/g\d">[^<]+<\/a> \+3 · 3 languages · 1 h ago/);
    // On both topics, shown once, and not repeated under CHINA.
    expect(text).not.toContain('<b>CHINA</b>');
    expect(text.match(/grain train/gi)).toHaveLength(1);
    expect(articleItems(message!.items)).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
    expect(storyRecords(message!.items)).toEqual([{ storyId: 'st-grain', sources: 5 }]);
  });

  it('picks the title in the chat language when one exists', () => {
    const [ru] = formatDelivery('digest', [grainStory()], ['kazakhstan'], messagesFor('ru'), NOW);
    expect(ru!.html).toContain('>Первый зерновой поезд ушёл в Сиань</a>');
    expect(ru!.html).toContain('Состав с пшеницей отправился из Костаная.');
    expect(ru!.html).toContain('+3 · 3 языка');
    const [zh] = formatDelivery('digest', [grainStory()], ['china'], messagesFor('zh'), NOW);
    expect(zh!.html).toContain('>哈萨克斯坦首列粮食班列开往西安</a>');
  });

  it('carries a story sent before as one "update: N more sources" line in a digest, and silently in an alert', () => {
    const update: DeliveryStory = { ...grainStory(), articleIds: ['g5'], added: 2 };
    const [digest] = formatDelivery('digest', [single(article('n1', ['china'], 1)), update], ['china'], messagesFor('en'), NOW);
    expect(digest!.html).toContain('<b>Updates</b>\n↻ <a href="https://wire.example/g1">Kazakhstan ships first grain train to Xi’an</a> — update: 2 more sources');
    expect(digest!.html.match(/grain train/gi)).toHaveLength(1);
    expect(storyRecords(digest!.items)).toContainEqual({ storyId: 'st-grain', sources: 5 });
    const [alert] = formatDelivery('alert', [single(article('n1', ['china'], 1)), update], ['china'], messagesFor('en'), NOW);
    expect(alert!.html).not.toContain('grain');
    expect(articleItems(alert!.items)).toContain('g5');
    expect(formatDelivery('alert', [update], ['china'], messagesFor('en'), NOW)).toEqual([]);
  });

  it('says in an alert why it came: the topic and the filter words matched', () => {
    const [alert] = formatDelivery('alert', [single(article('o1', ['kazakhstan'], 1, { title: 'Oil output rises' }), { matched: ['oil'] })], ['kazakhstan'], messagesFor('en'), NOW);
    expect(alert!.html).toContain('Why you got this: topic Kazakhstan; your words: oil');
    const [ru] = formatDelivery('alert', [single(article('o1', ['kazakhstan'], 1))], ['kazakhstan'], messagesFor('ru'), NOW);
    expect(ru!.html).toContain('Почему вы это получили: тема Казахстан');
  });

  it('caps each topic and counts the rest, which still count as delivered', () => {
    const many = Array.from({ length: 14 }, (_, i) => single(article(`c${i}`, ['china'], i)));
    const [message] = formatDelivery('digest', many, ['china'], messagesFor('en'), NOW, { capPerTopic: 10 });
    expect(message!.html).toContain('…and 4 more: /latest china 20');
    expect(message!.html).not.toContain('Story c10');
    expect(articleItems(message!.items)).toHaveLength(14);
  });

  it('keeps an alert to one message however many stories it holds; a digest splits under 4096 characters', () => {
    const long = Array.from({ length: 30 }, (_, i) =>
      single(article(`x${i}`, i % 2 ? ['china'] : ['kazakhstan'], i % 40, { title: `Headline ${i} `.padEnd(280, 'z'), description: 'A sentence that says what happened. '.repeat(3) })),
    );
    const alert = formatDelivery('alert', long, ['kazakhstan', 'china'], messagesFor('en'), NOW, { capPerTopic: 30 });
    expect(alert).toHaveLength(1);
    expect(alert[0]!.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(alert[0]!.html).toMatch(/…and \d+ more: \/latest$/);
    expect(articleItems(alert[0]!.items).sort()).toEqual(long.map((s) => s.articleIds[0]).sort());
    const digest = formatDelivery('digest', long, ['kazakhstan', 'china'], messagesFor('en'), NOW, { capPerTopic: 30 });
    expect(digest.length).toBeGreaterThan(1);
    for (const part of digest) expect(part.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
  });

  it('escapes feed text', () => {
    const [message] = formatDelivery('digest', [single(article('h', ['china'], 1, { title: '<b>bold</b> & co', sourceName: 'A<B' }))], ['china'], messagesFor('en'), NOW);
    expect(message!.html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; co');
    expect(message!.html).toContain('>A&lt;B</a>');
  });

  it('sends nothing when nothing is new', () => {
    expect(formatDelivery('digest', [], ['china'], messagesFor('en'), NOW)).toEqual([]);
  });
});
