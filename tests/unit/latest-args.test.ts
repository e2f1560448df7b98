import { describe, expect, it } from 'vitest';
import { parseLatestArgs } from '../../src/messages/latest-args';
import { resolveTopic } from '../../src/topics/topics';

describe('resolveTopic', () => {
  it.each([
    ['kazakhstan', 'kazakhstan'], ['KZ', 'kazakhstan'], ['qazaqstan', 'kazakhstan'], ['kazakstan', 'kazakhstan'],
    ['Казахстан', 'kazakhstan'], ['Қазақстан', 'kazakhstan'], ['哈萨克斯坦', 'kazakhstan'],
    ['china', 'china'], ['cn', 'china'], ['PRC', 'china'], ['tiongkok', 'china'], ['cina', 'china'],
    ['Китай', 'china'], ['қытай', 'china'], ['中国', 'china'],
  ])('%s → %s', (input, topic) => {
    expect(resolveTopic(input)).toBe(topic);
  });

  it('knows no other topic', () => {
    expect(resolveTopic('russia')).toBeUndefined();
    expect(resolveTopic('')).toBeUndefined();
  });
});

describe('parseLatestArgs', () => {
  it('defaults to both topics and five articles', () => {
    expect(parseLatestArgs([])).toEqual({ ok: true, topic: undefined, count: 5 });
  });
  it('reads a topic and a count in either order', () => {
    expect(parseLatestArgs(['china', '10'])).toEqual({ ok: true, topic: 'china', count: 10 });
    expect(parseLatestArgs(['3', 'kz'])).toEqual({ ok: true, topic: 'kazakhstan', count: 3 });
    expect(parseLatestArgs(['20'])).toEqual({ ok: true, topic: undefined, count: 20 });
  });
  it.each([['0'], ['21'], ['-3'], ['2.5'], ['china', '100']])('refuses a bad count %s', (...args) => {
    expect(parseLatestArgs(args)).toEqual({ ok: false, reason: 'bad-count' });
  });
  it('names the valid topics for an unknown one', () => {
    expect(parseLatestArgs(['mars'])).toEqual({ ok: false, reason: 'unknown-topic', input: 'mars', valid: 'kazakhstan, china' });
  });
});
