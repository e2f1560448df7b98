import { describe, expect, it } from 'vitest';
import { applyFilters, formatFilterSpec, mergeFilters, parseFilterArgs, parseFilterSpec } from '../../src/chats/filters';
import { isQuietAt, parseQuietArgs } from '../../src/chats/quiet-hours';
import { tokenize } from '../../src/text/tokens';

const only = (include: string[], exclude: string[] = []) => ({ include, exclude });

describe('keyword filters', () => {
  it('match whole words, case-insensitively, in English, Indonesian, Russian and Kazakh', () => {
    expect(applyFilters('OIL output rises in Atyrau', only(['oil']))).toEqual({ pass: true, matched: ['oil'] });
    expect(applyFilters('Boiling point of the oilfield debate', only(['oil'])).pass).toBe(false);
    expect(applyFilters('Harga Minyak naik di Jakarta', only(['minyak'])).pass).toBe(true);
    expect(applyFilters('Perminyakan nasional', only(['minyak'])).pass).toBe(false);
    expect(applyFilters('Экспорт ПШЕНИЦЫ вырос', only(['пшеницы'])).pass).toBe(true);
    expect(applyFilters('Экспорт пшеницы-сырца', only(['пшеница'])).pass).toBe(false);
    expect(applyFilters('Ёлка в Астане', only(['елка'])).pass).toBe(true);
    expect(applyFilters('Қазақстан мұнай өндірісін арттырды', only(['МҰНАЙ'])).pass).toBe(true);
    expect(applyFilters('Мұнайшылар күні', only(['мұнай'])).pass).toBe(false);
  });

  it('match Chinese words as substrings, also inside mixed text', () => {
    expect(applyFilters('哈萨克斯坦石油产量增长', only(['石油'])).pass).toBe(true);
    expect(applyFilters('中国小麦进口', only(['石油'])).pass).toBe(false);
    expect(applyFilters('CNPC中石油宣布', only(['cnpc'])).pass).toBe(true);
  });

  it('drop a story with an exclude word even when an include word matches', () => {
    expect(applyFilters('Oil money funds a football stadium', only(['oil'], ['football']))).toEqual({ pass: false, matched: [] });
    expect(applyFilters('Tokayev visits Beijing', only([], ['football'])).pass).toBe(true);
    expect(applyFilters('足球比赛', only([], ['足球'])).pass).toBe(false);
  });

  it('parse /filter commands and refuse bad words, changing nothing', () => {
    expect(parseFilterArgs([])).toEqual({ kind: 'show' });
    expect(parseFilterArgs(['clear'])).toEqual({ kind: 'clear' });
    expect(parseFilterArgs(['+Oil', '-Футбол', '+石油'])).toEqual({ kind: 'add', include: ['oil', '石油'], exclude: ['футбол'] });
    expect(parseFilterArgs(['oil'])).toMatchObject({ kind: 'invalid', reason: 'format', word: 'oil' });
    expect(parseFilterArgs(['+<b>'])).toMatchObject({ kind: 'invalid', reason: 'format' });
    expect(parseFilterArgs(Array.from({ length: 21 }, (_, i) => `+w${i}`))).toEqual({ kind: 'invalid', reason: 'too-many' });
  });

  it('merge words (a word changes sides) and store them', () => {
    const merged = mergeFilters(only(['oil', 'gas']), { include: ['wheat'], exclude: ['gas'] });
    expect(merged).toEqual(only(['oil', 'wheat'], ['gas']));
    expect(parseFilterSpec(formatFilterSpec(merged as never))).toEqual(merged);
    expect(parseFilterSpec('')).toBeUndefined();
  });

  it('tokenize words and Chinese bigrams the same way for search', () => {
    expect(tokenize('Tokayev, ЁЛКА & 哈萨克斯坦')).toEqual(['tokayev', 'елка', '哈萨', '萨克', '克斯', '斯坦']);
  });
});

describe('quiet hours', () => {
  it('parse /quiet and tell whether a time falls inside the window in the chat zone', () => {
    expect(parseQuietArgs(['23:00-07:00'])).toEqual({ kind: 'set', quiet: { from: '23:00', to: '07:00' } });
    expect(parseQuietArgs(['1:30', '6.45'])).toEqual({ kind: 'set', quiet: { from: '01:30', to: '06:45' } });
    expect(parseQuietArgs(['off'])).toEqual({ kind: 'off' });
    expect(parseQuietArgs(['25:00-07:00'])).toEqual({ kind: 'invalid' });
    expect(parseQuietArgs(['07:00-07:00'])).toEqual({ kind: 'invalid' });
    const night = { from: '23:00', to: '07:00' };
    // 18:30 UTC is 23:30 in Almaty (UTC+5): quiet; 02:30 UTC is 07:30 there: not.
    expect(isQuietAt(night, 'Asia/Almaty', Date.UTC(2026, 0, 5, 18, 30))).toBe(true);
    expect(isQuietAt(night, 'Asia/Almaty', Date.UTC(2026, 0, 5, 2, 30))).toBe(false);
    expect(isQuietAt({ from: '12:00', to: '14:00' }, 'UTC', Date.UTC(2026, 0, 5, 13))).toBe(true);
    expect(isQuietAt(undefined, 'UTC', Date.UTC(2026, 0, 5, 13))).toBe(false);
  });
});
