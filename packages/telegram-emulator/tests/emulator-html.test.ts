import { describe, expect, it } from 'vitest';
import { EntityParseError } from '../src/entity-parse-error';
import { parseTelegramHtml } from '../src/html';
import { parseTelegramMarkdown, parseTelegramMarkdownV2 } from '../src/markdown';

function htmlError(html: string): string {
  try {
    parseTelegramHtml(html);
  } catch (error) {
    expect(error).toBeInstanceOf(EntityParseError);
    return (error as EntityParseError).description;
  }
  throw new Error(`expected ${JSON.stringify(html)} to be rejected`);
}

function markdownV2Error(text: string): string {
  try {
    parseTelegramMarkdownV2(text);
  } catch (error) {
    expect(error).toBeInstanceOf(EntityParseError);
    return (error as EntityParseError).description;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseTelegramHtml: valid markup', () => {
  it('turns tags into entities over the visible text', () => {
    expect(parseTelegramHtml('<b>bold</b> and <i>it</i>')).toEqual({
      text: 'bold and it',
      entities: [
        { type: 'bold', offset: 0, length: 4 },
        { type: 'italic', offset: 9, length: 2 },
      ],
    });
  });

  it('keeps nested entities, outer first', () => {
    expect(parseTelegramHtml('<b>a<i>b<u>c</u></i></b>').entities).toEqual([
      { type: 'bold', offset: 0, length: 3 },
      { type: 'italic', offset: 1, length: 2 },
      { type: 'underline', offset: 2, length: 1 },
    ]);
  });

  it('maps every synonym Telegram accepts', () => {
    const html =
      '<strong>1</strong><em>2</em><ins>3</ins><s>4</s><strike>5</strike><del>6</del>' +
      '<tg-spoiler>7</tg-spoiler><span class="tg-spoiler">8</span><code>9</code>';
    expect(parseTelegramHtml(html).entities.map((entity) => entity.type)).toEqual([
      'bold',
      'italic',
      'underline',
      'strikethrough',
      'strikethrough',
      'strikethrough',
      'spoiler',
      'spoiler',
      'code',
    ]);
  });

  it('decodes the four named entities and numeric ones, in text and attributes', () => {
    const parsed = parseTelegramHtml('&lt;tag&gt; &amp; &quot;q&quot; &#65;&#x42; <a href="https://x.kz/?a=1&amp;b=2">link</a>');
    expect(parsed.text).toBe('<tag> & "q" AB link');
    expect(parsed.entities).toEqual([{ type: 'text_link', offset: 15, length: 4, url: 'https://x.kz/?a=1&b=2' }]);
  });

  it('counts offsets in UTF-16 code units', () => {
    expect(parseTelegramHtml('😀 <b>x</b>').entities).toEqual([{ type: 'bold', offset: 3, length: 1 }]);
  });

  it('gives pre the language of a code block inside it', () => {
    expect(parseTelegramHtml('<pre><code class="language-ts">let x = 1;</code></pre>').entities).toEqual([
      { type: 'pre', offset: 0, length: 10, language: 'ts' },
    ]);
    expect(parseTelegramHtml('<pre>plain</pre>').entities).toEqual([{ type: 'pre', offset: 0, length: 5 }]);
  });

  it('supports blockquote, expandable blockquote, custom emoji and user mentions', () => {
    expect(parseTelegramHtml('<blockquote>q</blockquote><blockquote expandable>e</blockquote>').entities).toEqual([
      { type: 'blockquote', offset: 0, length: 1 },
      { type: 'expandable_blockquote', offset: 1, length: 1 },
    ]);
    expect(parseTelegramHtml('<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>').entities).toEqual([
      { type: 'custom_emoji', offset: 0, length: 2, custom_emoji_id: '5368324170671202286' },
    ]);
    expect(parseTelegramHtml('<a href="tg://user?id=42">you</a>').entities[0]).toMatchObject({
      type: 'text_mention',
      user: { id: 42 },
    });
  });

  it('accepts tag names in any case, unquoted attribute values and a bare end tag', () => {
    expect(parseTelegramHtml('<B>x</b> <a href=example.com>y</>')).toEqual({
      text: 'x y',
      entities: [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'text_link', offset: 2, length: 1, url: 'http://example.com' },
      ],
    });
  });

  it('drops links with URLs Telegram refuses and empty entities, without failing', () => {
    expect(parseTelegramHtml('<a href="javascript:alert(1)">x</a><b></b>')).toEqual({ text: 'x', entities: [] });
  });

  it('leaves a literal ">" alone', () => {
    expect(parseTelegramHtml('a > b').text).toBe('a > b');
  });
});

describe('parseTelegramHtml: markup Telegram rejects', () => {
  it('rejects an unclosed tag', () => {
    expect(htmlError('<b>bold')).toBe(
      'Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"',
    );
  });

  it('rejects mis-nested tags', () => {
    expect(htmlError('<b><i>x</b></i>')).toBe(
      'Bad Request: can\'t parse entities: Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    );
  });

  it('rejects an end tag with nothing open', () => {
    expect(htmlError('x</b>')).toBe("Bad Request: can't parse entities: Unexpected end tag at byte offset 1");
  });

  it('rejects unknown tags, reporting the byte offset', () => {
    expect(htmlError('line<br>next')).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 4',
    );
    expect(htmlError('Привет <p>')).toBe(
      'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 13',
    );
  });

  it('rejects a bare "<"', () => {
    expect(htmlError('1 < 2')).toBe('Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2');
    expect(htmlError('1<2')).toBe("Bad Request: can't parse entities: Unclosed start tag at byte offset 1");
  });

  it('rejects a bare "&" in strict mode and keeps it literally otherwise', () => {
    expect(htmlError('AT&T')).toMatch(/^Bad Request: can't parse entities: Unescaped "&" at byte offset 2/);
    expect(htmlError('a&nbsp;b')).toMatch(/Unescaped "&"/);
    expect(htmlError('<a href="https://x.kz/?a=1&b=2">x</a>')).toMatch(/Unescaped "&" at byte offset 26/);
    expect(parseTelegramHtml('AT&T', { strictAmpersand: false }).text).toBe('AT&T');
    expect(parseTelegramHtml('<a href="https://x.kz/?a=1&b=2">x</a>', { strictAmpersand: false }).entities[0]?.url).toBe(
      'https://x.kz/?a=1&b=2',
    );
  });

  it('rejects span without the spoiler class and a bad custom emoji id', () => {
    expect(htmlError('<span>x</span>')).toBe(
      'Bad Request: can\'t parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0',
    );
    expect(htmlError('<tg-emoji emoji-id="abc">x</tg-emoji>')).toBe(
      "Bad Request: can't parse entities: Invalid custom emoji identifier specified",
    );
  });

  it('rejects broken attributes', () => {
    expect(htmlError('<a href>x</a>')).toMatch(/Expected equal sign in declaration of an attribute of the tag "a"/);
    expect(htmlError('<a href="x">y')).toMatch(/Can't find end tag corresponding to start tag "a"/);
    expect(htmlError('<a href="x')).toMatch(/Unclosed start tag/);
  });
});

describe('parseTelegramMarkdownV2', () => {
  it('parses the entity markers and escapes', () => {
    expect(parseTelegramMarkdownV2('*b* _i_ __u__ ~s~ ||sp|| `c` [l](https://x.kz/a\\)b) 1\\.5')).toEqual({
      text: 'b i u s sp c l 1.5',
      entities: [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 2, length: 1 },
        { type: 'underline', offset: 4, length: 1 },
        { type: 'strikethrough', offset: 6, length: 1 },
        { type: 'spoiler', offset: 8, length: 2 },
        { type: 'code', offset: 11, length: 1 },
        { type: 'text_link', offset: 13, length: 1, url: 'https://x.kz/a)b' },
      ],
    });
  });

  it('parses pre blocks with a language and blockquotes', () => {
    expect(parseTelegramMarkdownV2('```python\nprint(1)\n```')).toEqual({
      text: 'print(1)\n',
      entities: [{ type: 'pre', offset: 0, length: 9, language: 'python' }],
    });
    expect(parseTelegramMarkdownV2('>quoted\n>more\nafter')).toEqual({
      text: 'quoted\nmore\nafter',
      entities: [{ type: 'blockquote', offset: 0, length: 11 }],
    });
  });

  it('rejects unescaped reserved characters and unclosed entities', () => {
    expect(markdownV2Error('Price: 1.5')).toBe(
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    expect(markdownV2Error('a *bold')).toBe(
      "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 2",
    );
    expect(markdownV2Error('[x](https://a.kz')).toMatch(/Can't find end of a URL at byte offset 4/);
  });
});

describe('parseTelegramMarkdown (legacy)', () => {
  it('parses bold, italic, code and links, and rejects unclosed entities', () => {
    expect(parseTelegramMarkdown('*b* _i_ `c` [l](https://x.kz) 1.5')).toEqual({
      text: 'b i c l 1.5',
      entities: [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 2, length: 1 },
        { type: 'code', offset: 4, length: 1 },
        { type: 'text_link', offset: 6, length: 1, url: 'https://x.kz' },
      ],
    });
    expect(() => parseTelegramMarkdown('snake_case')).toThrow(
      "Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 5",
    );
  });
});
