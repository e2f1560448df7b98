import { describe, expect, it } from 'vitest';
import { cleanText, truncateText } from '../../src/text/clean';

describe('cleanText', () => {
  it('strips tags and keeps words apart across block elements', () => {
    expect(cleanText('<p>Talks on <b>trade</b> and transit.</p><p>Second paragraph</p><ul><li>one</li><li>two</li></ul>')).toBe(
      'Talks on trade and transit. Second paragraph one two',
    );
  });

  it('does not split words at inline elements', () => {
    expect(cleanText('Ka<i>zakh</i>stan')).toBe('Kazakhstan');
  });

  it('drops script and style content', () => {
    expect(cleanText('<style>p { color: red }</style>Visible<script>alert("x")</script> text')).toBe('Visible text');
  });

  it('decodes named and numeric entities', () => {
    expect(cleanText('Caf&eacute; &amp; r&#233;sum&#xE9; &lt;3 &quot;ok&quot;')).toBe('Café & résumé <3 "ok"');
  });

  it('turns the non-breaking hyphen (as entity or character) and other odd hyphens into "-"', () => {
    expect(cleanText('Kassym&#8209;Jomart Tokayev')).toBe('Kassym-Jomart Tokayev');
    expect(cleanText('Kassym\u2011Jomart \u2010 \u2212 \uFF0D')).toBe('Kassym-Jomart - - -');
  });

  it('keeps en and em dashes, drops soft hyphens and zero-width spaces', () => {
    expect(cleanText('Al Jazeera – News — World')).toBe('Al Jazeera – News — World');
    expect(cleanText('Ka\u00ADzakh\u200Bstan')).toBe('Kazakhstan');
  });

  it('turns NBSP into a space and folds whitespace', () => {
    expect(cleanText('  yang\u00A0 ditawarkan&nbsp;oleh\n\n\t hubungan  ')).toBe('yang ditawarkan oleh hubungan');
  });

  it('leaves plain text with a lone "<" intact', () => {
    expect(cleanText('a < b and c > d')).toBe('a < b and c > d');
  });

  it('handles CJK and Cyrillic text untouched', () => {
    expect(cleanText('<p>中哈两国签署合作协议。</p> <p>Астана</p>')).toBe('中哈两国签署合作协议。 Астана');
  });

  it('returns an empty string for markup without text', () => {
    expect(cleanText('<img src="x.jpg"><br/>')).toBe('');
  });
});

describe('truncateText', () => {
  it('returns short text unchanged', () => {
    expect(truncateText('Short title', 20)).toBe('Short title');
    expect(truncateText('Exactly ten', 11)).toBe('Exactly ten');
  });

  it('cuts at a word boundary and appends an ellipsis within the limit', () => {
    const result = truncateText('China and Kazakhstan sign a transit agreement', 25);
    expect(result).toBe('China and Kazakhstan…');
    expect(result.length).toBeLessThanOrEqual(25);
  });

  it('keeps a whole last word when the cut falls right after it', () => {
    expect(truncateText('one two three four', 9)).toBe('one two…');
  });

  it('drops trailing punctuation before the ellipsis', () => {
    expect(truncateText('Astana, Almaty, Shymkent and more', 16)).toBe('Astana, Almaty…');
  });

  it('hard-cuts text without spaces (CJK) and never splits a surrogate pair', () => {
    expect(truncateText('哈萨克斯坦总统访问北京并会见习近平', 6)).toBe('哈萨克斯坦…');
    expect(truncateText('🐎🐎🐎🐎', 4)).toBe('🐎…');
  });

  it('handles tiny limits', () => {
    expect(truncateText('Kazakhstan', 1)).toBe('…');
    expect(truncateText('Kazakhstan', 0)).toBe('');
  });
});
