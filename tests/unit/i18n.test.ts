import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, LANGUAGE_CODES, messagesFor, pickLanguage } from '../../src/i18n';
import { formatHelp } from '../../src/messages/help';

describe('catalogues', () => {
  it.each(LANGUAGE_CODES)('%s has every text, non-empty', (code) => {
    const messages = messagesFor(code);
    expect(messages.code).toBe(code);
    for (const name of COMMAND_NAMES) expect(messages.commands[name].length).toBeGreaterThan(0);
    expect(messages.welcome('Ana')).toContain('Ana');
    expect(messages.welcome('')).toContain('/latest');
    expect(messages.unknownTopic('x', 'kazakhstan, china')).toContain('kazakhstan, china');
    expect(messages.timeAgo(5 * 60_000)).toMatch(/5/);
    expect(formatHelp(messages).split('\n')).toHaveLength(COMMAND_NAMES.length + 1);
  });

  it('welcomes in different languages', () => {
    expect(new Set(LANGUAGE_CODES.map((code) => messagesFor(code).welcome('')))).toHaveProperty('size', LANGUAGE_CODES.length);
  });
});

describe('pickLanguage', () => {
  it.each([
    ['ru', 'ru'], ['id', 'id'], ['en-GB', 'en'], ['kk', 'kk'], ['zh-hans', 'zh'], ['de', 'en'], [undefined, 'en'], ['pt-br', 'en'],
  ])('%s → %s', (code, language) => {
    expect(pickLanguage(code)).toBe(language);
  });
});
