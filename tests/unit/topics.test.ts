import { describe, expect, it } from 'vitest';
import { ALL_TOPICS_WORDS, resolveTopic, resolveTopics } from '../../src/topics/topics';

describe('resolveTopic', () => {
  it.each([
    ['kz', 'kazakhstan'], ['Қазақстан', 'kazakhstan'], ['#KZ', 'kazakhstan'], ['中国', 'china'], ['Tiongkok', 'china'], ['mars', undefined], ['', undefined],
  ])('%s → %s', (word, topic) => {
    expect(resolveTopic(word)).toBe(topic);
  });
});

describe('resolveTopics', () => {
  it('resolves aliases in any language, in order, without duplicates', () => {
    expect(resolveTopics(['china', 'kz', 'КИТАЙ'])).toEqual({ ok: true, topics: ['china', 'kazakhstan'] });
  });

  it('names the first unknown word and the valid topics', () => {
    expect(resolveTopics(['kz', 'atlantis', 'mars'])).toEqual({ ok: false, input: 'atlantis', valid: 'kazakhstan, china' });
  });

  it('treats "all" as an unknown topic unless allowed', () => {
    expect(resolveTopics(['all'])).toEqual({ ok: false, input: 'all', valid: 'kazakhstan, china' });
    expect(resolveTopics(['mars'], { allowAll: true })).toEqual({ ok: false, input: 'mars', valid: 'kazakhstan, china, all' });
  });

  it.each(ALL_TOPICS_WORDS)('understands "%s" as every topic when allowed', (word) => {
    expect(resolveTopics([word.toUpperCase()], { allowAll: true })).toEqual({ ok: true, topics: 'all' });
  });

  it('knows "all" in the five languages', () => {
    expect([...ALL_TOPICS_WORDS].sort()).toEqual(['all', 'semua', 'барлығы', 'все', '全部'].sort());
  });
});
