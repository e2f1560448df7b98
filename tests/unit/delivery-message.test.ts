import { describe, expect, it } from 'vitest';
import type { StoredArticle } from '../../src/articles/article';
import { messagesFor } from '../../src/i18n';
import { formatDelivery } from '../../src/messages/delivery-message';
import { TELEGRAM_TEXT_LIMIT } from '../../src/messages/html';

const NOW = Date.UTC(2026, 10, 30, 8);

function article(id: string, topics: StoredArticle['topics'], hoursAgo: number, title = `Story ${id}`): StoredArticle {
  return { id, sourceId: 's', sourceName: 'Wire', title, url: `https://wire.example/${id}`, description: '', publishedAt: NOW - hoursAgo * 3_600_000, language: 'en', topics, firstSeenAt: NOW };
}

describe('formatDelivery', () => {
  it('groups by topic, shows an article on both topics once, newest first', () => {
    const [message] = formatDelivery('digest', [article('k1', ['kazakhstan'], 5), article('b1', ['kazakhstan', 'china'], 1), article('c1', ['china'], 2)], ['kazakhstan', 'china'], messagesFor('en'), NOW);
    const text = message!.html;
    expect(text).toMatch(/^📰 <b>Your Silkwire digest<\/b>\n\n<b>KAZAKHSTAN<\/b>\n/);
    expect(text.indexOf('Story b1')).toBeLessThan(text.indexOf('Story k1'));
    expect(text.indexOf('Story k1')).toBeLessThan(text.indexOf('<b>CHINA</b>'));
    expect(text.match(/Story b1/g)).toHaveLength(1);
    expect(message!.items).toEqual(['b1', 'k1', 'c1']);
  });

  it('caps each topic and counts the rest, which still count as delivered', () => {
    const many = Array.from({ length: 14 }, (_, i) => article(`c${i}`, ['china'], i));
    const [message] = formatDelivery('alert', many, ['china'], messagesFor('en'), NOW, 10);
    expect(message!.html).toMatch(/^🔔 <b>New articles<\/b>/);
    expect(message!.html).toContain('…and 4 more: /latest china 20');
    expect(message!.html).not.toContain('Story c10');
    expect(message!.items).toHaveLength(14);
  });

  it('splits between articles under 4096 characters, the heading only once', () => {
    const long = Array.from({ length: 20 }, (_, i) => article(`x${i}`, i % 2 ? ['china'] : ['kazakhstan'], i, `Headline ${i} `.padEnd(280, 'z')));
    const parts = formatDelivery('digest', long, ['kazakhstan', 'china'], messagesFor('ru'), NOW, 20);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.html.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(parts.flatMap((part) => part.items).sort()).toEqual(long.map((a) => a.id).sort());
    expect(parts.filter((part) => part.html.includes('сводка') || part.html.includes('Silkwire')).length).toBe(1);
  });

  it('sends nothing when nothing is new', () => {
    expect(formatDelivery('digest', [], ['china'], messagesFor('en'), NOW)).toEqual([]);
  });
});
