import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/articles/article';
import { messagesFor } from '../../src/i18n';
import { formatLatest } from '../../src/messages/article-list';
import { escapeHtml, packBlocks, TELEGRAM_TEXT_LIMIT } from '../../src/messages/html';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

function article(n: number, overrides: Partial<StoredArticle> = {}): StoredArticle {
  return {
    id: `a${n}`,
    sourceId: 'src-1',
    sourceName: 'Astana <Times>',
    title: `Title ${n} & more`,
    url: `https://example.com/a?id=${n}&x=1`,
    description: '',
    publishedAt: NOW - n * 3_600_000,
    language: 'en',
    topics: ['kazakhstan'],
    firstSeenAt: NOW,
    ...overrides,
  };
}

describe('escapeHtml', () => {
  it('escapes the characters Telegram HTML cares about', () => {
    expect(escapeHtml(`<b>"A" & B</b>`)).toBe('&lt;b&gt;&quot;A&quot; &amp; B&lt;/b&gt;');
  });
});

describe('packBlocks', () => {
  it('keeps blocks whole and every message under the limit', () => {
    const blocks = Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(500, 'x'));
    const messages = packBlocks('HEADER', blocks);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(messages.join('\n\n')).toBe(['HEADER', ...blocks].join('\n\n'));
  });
});

describe('formatLatest', () => {
  it('shows a linked, escaped title, the source, the age and the topics', () => {
    const [text] = formatLatest([article(2, { topics: ['kazakhstan', 'china'] })], undefined, messagesFor('en'), NOW);
    expect(text).toContain('<b>Latest on Kazakhstan and China</b>');
    expect(text).toContain('<a href="https://example.com/a?id=2&amp;x=1">Title 2 &amp; more</a>');
    expect(text).toContain('Astana &lt;Times&gt; · 2 h ago · Kazakhstan, China');
  });

  it('speaks the reader language', () => {
    const [text] = formatLatest([article(48)], 'kazakhstan', messagesFor('ru'), NOW);
    expect(text).toContain('Свежее: Казахстан');
    expect(text).toContain('2 дня назад');
  });

  it('splits twenty long articles at article boundaries under 4096 characters', () => {
    const long = Array.from({ length: 20 }, (_, i) => article(i, { title: `Long title ${i} `.padEnd(290, 'y'), url: `https://example.com/${'p'.repeat(200)}/${i}` }));
    const messages = formatLatest(long, 'kazakhstan', messagesFor('en'), NOW);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    const all = messages.join('\n');
    for (let i = 0; i < 20; i++) expect(all).toContain(`Long title ${i} `);
  });

  it('says when there is nothing yet', () => {
    expect(formatLatest([], 'china', messagesFor('en'), NOW)).toEqual([expect.stringContaining('No articles on China yet')]);
  });
});
