import { describe, expect, it } from 'vitest';
import { classifyTopics } from '../../src/classify/classifier';
import { loadLabelledItems, scoreTopics } from '../fixtures/labelled/labelled';

describe('classifyTopics on the labelled set', () => {
  const items = loadLabelledItems();

  it('covers the five languages with at least 200 items, traps included', () => {
    expect(items.length).toBeGreaterThanOrEqual(200);
    expect(new Set(items.map((i) => i.language))).toEqual(new Set(['en', 'ru', 'kk', 'zh', 'id']));
    const text = items.map((i) => `${i.input.title} ${i.input.description ?? ''}`).join('\n').toLowerCase();
    for (const trap of ['fine china', 'Chinatown', 'Indochina', 'Kazan', 'Chin State', '美国国务院', 'Tionghoa', 'Zhongnanhai', 'Mazhilis', '国务院']) expect(text).toContain(trap.toLowerCase());
  });

  it('reaches precision ≥ 0.97 and recall ≥ 0.95 on each topic', () => {
    const { scores, errors } = scoreTopics(items, classifyTopics);
    for (const score of scores) {
      expect(score.precision, `${score.topic} precision; errors:\n${errors.join('\n')}`).toBeGreaterThanOrEqual(0.97);
      expect(score.recall, `${score.topic} recall; errors:\n${errors.join('\n')}`).toBeGreaterThanOrEqual(0.95);
    }
  });
});

describe('classifyTopics: traps and implicit mentions', () => {
  it.each([
    ['Fine china sales surge at auction', []],
    ['Chinese New Year parade in London', []],
    ['美国国务院发布旅行警告', []],
    ['国务院常务会议部署扩大消费', ['china']],
    ['The State Council unveils stimulus', ['china']],
    ['The yuan hits a three-month high', ['china']],
    ['Akorda announces appointments', ['kazakhstan']],
    ['Tenge weakens past 500 per dollar', ['kazakhstan']],
    ['Китайский ресторан открылся на Арбате', []],
  ])('%s', (title, expected) => {
    expect(classifyTopics({ title })).toEqual(expected);
  });
});

describe('classifyTopics: the body counts less than the title', () => {
  it('one passing mention in the body does not tag; two do; the title always does', () => {
    expect(classifyTopics({ title: 'Markets rally', content: 'Stocks rose. Traders also watched Astana.' })).toEqual([]);
    expect(classifyTopics({ title: 'Markets rally', content: 'Stocks rose in Astana. The tenge gained too.' })).toEqual(['kazakhstan']);
    expect(classifyTopics({ title: 'Markets rally in Astana', content: 'Nothing else.' })).toEqual(['kazakhstan']);
    expect(classifyTopics({ title: 'Markets rally', description: 'Stocks rose in Beijing.', content: '' })).toEqual(['china']);
  });
});
