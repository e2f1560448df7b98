import { describe, expect, it } from 'vitest';
import { echo, splitLines } from '../../src/messages/html';

describe('echo', () => {
  it('escapes short input whole', () => {
    expect(echo('<b>&</b>')).toBe('&lt;b&gt;&amp;&lt;/b&gt;');
  });

  it('cuts long input to the limit before escaping, so an escape is never cut', () => {
    expect(echo('&'.repeat(100), 5)).toBe('&amp;&amp;&amp;&amp;…');
  });

  it('never halves an emoji', () => {
    expect(echo('😀'.repeat(10), 4)).toBe('😀😀😀…');
  });
});

describe('splitLines', () => {
  it('keeps a short text as one message', () => {
    expect(splitLines('a\n\nb')).toEqual(['a\n\nb']);
  });

  it('splits only between lines, each message under the limit', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `<b>line ${i}</b>`);
    const parts = splitLines(lines.join('\n'), 40);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(40);
    expect(parts.join('\n')).toBe(lines.join('\n'));
  });
});
