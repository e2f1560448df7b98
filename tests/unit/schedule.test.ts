import { describe, expect, it } from 'vitest';
import { createNextDigestCache, nextDigestAt, parseDigestSpec } from '../../src/schedule/digest-times';
import { guessTimeZone, parseTimeZone } from '../../src/schedule/time-zone';

const at = (iso: string) => Date.parse(iso);

describe('parseDigestSpec', () => {
  it.each([
    [['08:00'], { mode: 'digest', times: ['08:00'] }],
    [['18:30,8:00'], { mode: 'digest', times: ['08:00', '18:30'] }],
    [['8.15', '20:45'], { mode: 'digest', times: ['08:15', '20:45'] }],
    [['instant'], { mode: 'instant' }],
    [['OFF'], { mode: 'off' }],
  ])('%j', (args, spec) => {
    expect(parseDigestSpec(args)).toEqual(spec);
  });
  it.each([[[]], [['25:00']], [['8']], [['noon']], [['08:60']]])('refuses %j', (args) => {
    expect(parseDigestSpec(args)).toEqual({ mode: 'invalid', reason: 'format' });
  });
  it('refuses more than six a day', () => {
    expect(parseDigestSpec(['1:00,2:00,3:00,4:00,5:00,6:00,7:00'])).toEqual({ mode: 'invalid', reason: 'too-many' });
  });
});

describe('nextDigestAt', () => {
  it('finds the next time today or tomorrow in the zone', () => {
    expect(nextDigestAt(['08:00'], 'UTC', at('2026-11-30T07:00:00Z'))).toBe(at('2026-11-30T08:00:00Z'));
    expect(nextDigestAt(['08:00'], 'UTC', at('2026-11-30T08:00:00Z'))).toBe(at('2026-12-01T08:00:00Z'));
    expect(nextDigestAt(['08:00', '18:30'], 'Asia/Almaty', at('2026-11-30T07:00:00Z'))).toBe(at('2026-11-30T13:30:00Z'));
    expect(nextDigestAt(['08:00'], 'Asia/Jakarta', at('2026-11-30T02:00:00Z'))).toBe(at('2026-12-01T01:00:00Z'));
    expect(nextDigestAt(['08:00'], 'UTC+5:30', at('2026-11-30T00:00:00Z'))).toBe(at('2026-11-30T02:30:00Z'));
  });
  it('moves a time skipped by a daylight-saving jump forward, never to the past', () => {
    const after = at('2026-03-29T00:30:00Z'); // Europe/Berlin skips 02:00–03:00 local that night
    const next = nextDigestAt(['02:30'], 'Europe/Berlin', after);
    expect(next).toBeGreaterThan(after);
    expect(next - after).toBeLessThan(26 * 3_600_000);
  });
  it('caches per schedule within a planning run', () => {
    const next = createNextDigestCache();
    expect(next('08:00', 'UTC', at('2026-11-30T07:00:00Z'))).toBe(at('2026-11-30T08:00:00Z'));
    expect(next('08:00', 'UTC', at('2026-11-30T07:00:00Z'))).toBe(at('2026-11-30T08:00:00Z'));
  });
});

describe('parseTimeZone', () => {
  it.each([
    ['Asia/Almaty', 'Asia/Almaty'], ['asia/jakarta', 'Asia/Jakarta'], ['UTC', 'UTC'], ['utc+6', 'UTC+6'],
    ['UTC-3:30', 'UTC-3:30'], ['GMT+5', 'UTC+5'], ['UTC+0', 'UTC'],
  ])('%s → %s', (input, zone) => {
    expect(parseTimeZone(input)).toBe(zone);
  });
  it.each([['Mars/Olympus'], ['UTC+15'], ['+5'], [''], ['UTC+5:75']])('refuses %s', (input) => {
    expect(parseTimeZone(input)).toBeUndefined();
  });
  it('guesses a zone from the language only where the guess is good', () => {
    expect(guessTimeZone('kk')).toBe('Asia/Almaty');
    expect(guessTimeZone('id')).toBe('Asia/Jakarta');
    expect(guessTimeZone('zh')).toBe('Asia/Shanghai');
    expect(guessTimeZone('ru')).toBe('UTC');
    expect(guessTimeZone('en')).toBe('UTC');
  });
});
