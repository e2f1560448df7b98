import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeHTML } from 'entities';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTelegramHtml } from '../src';
import { buildRenderEntitiesBundle } from '../playground/browser-bundle';
import { renderEntitiesToHtml, type RenderableEntity } from '../playground/render-entities';

type Render = typeof renderEntitiesToHtml;

// The page's renderer is the bundle esbuild builds from render-entities.ts, exactly as the router serves it; it must
// agree with the TypeScript source on every case below.
const bundle = buildRenderEntitiesBundle();
const bundleDir = mkdtempSync(join(tmpdir(), 'silkwire-render-bundle-'));
const bundleFile = join(bundleDir, 'render-entities.mjs');
writeFileSync(bundleFile, bundle);
const browserCopy = (await import(/* @vite-ignore */ pathToFileURL(bundleFile).href)) as { renderEntitiesToHtml: Render; safeHttpUrl: (raw: string) => string | undefined };
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

const IMPLEMENTATIONS: Array<[string, Render]> = [
  ['render-entities.ts', renderEntitiesToHtml],
  ['the built browser bundle', browserCopy.renderEntitiesToHtml],
];

describe('the browser bundle', () => {
  it('is one self-contained ES module with the functions the page imports', () => {
    expect(bundle).not.toMatch(/^\s*import\s/m);
    expect(bundle).toMatch(/export\s*\{[^}]*renderEntitiesToHtml[^}]*\}/);
    expect(browserCopy.safeHttpUrl(' https://x.kz/a ')).toBe('https://x.kz/a');
    expect(browserCopy.safeHttpUrl('javascript:alert(1)')).toBeUndefined();
  });
});

const LINK = (href: string) => `<a href="${href}" target="_blank" rel="noopener noreferrer">`;

/** An entity over the first occurrence of `part` in `text`, with UTF-16 offsets as the Bot API counts them. */
function over(text: string, part: string, type: string, extra: Partial<RenderableEntity> = {}): RenderableEntity {
  const offset = text.indexOf(part);
  if (offset < 0) throw new Error(`${part} is not in ${text}`);
  return { type, offset, length: part.length, ...extra };
}

/** Checks that every tag closes in order and returns the text with the tags removed and the escapes decoded. */
function visibleText(html: string): string {
  const stack: string[] = [];
  for (const match of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    const [, closing, name] = match;
    if (closing === '') stack.push(name!);
    else expect(stack.pop(), `</${name}> closes the innermost open tag in ${html}`).toBe(name);
  }
  expect(stack, `every tag is closed in ${html}`).toEqual([]);
  return decodeHTML(html.replace(/<[^>]*>/g, ''));
}

describe.each(IMPLEMENTATIONS)('%s', (_name, render) => {
  it('escapes every character that means something in HTML, so a <script> in a title stays text', () => {
    const text = `<script>alert("x")</script> & 'q' <img src=x onerror=alert(1)>`;
    const html = render(text, [over(text, 'alert("x")', 'bold')]);
    expect(html).toBe(
      '&lt;script&gt;<b>alert(&quot;x&quot;)</b>&lt;/script&gt; &amp; &#39;q&#39; &lt;img src=x onerror=alert(1)&gt;',
    );
    expect(html).not.toMatch(/<script|<img/i);
    expect(visibleText(html)).toBe(text);
  });

  it('renders plain text without entities unchanged but escaped, keeping newlines', () => {
    expect(render('line 1\nline 2 > 1')).toBe('line 1\nline 2 &gt; 1');
    expect(render('')).toBe('');
  });

  it('maps each formatting entity to its tag', () => {
    const text = 'b i u s spoiler code quote long';
    const html = render(text, [
      over(text, 'b', 'bold'),
      over(text, 'i', 'italic'),
      over(text, 'u', 'underline'),
      over(text, 's', 'strikethrough'),
      over(text, 'spoiler', 'spoiler'),
      over(text, 'code', 'code'),
      over(text, 'quote', 'blockquote'),
      over(text, 'long', 'expandable_blockquote'),
    ]);
    expect(html).toBe(
      '<b>b</b> <i>i</i> <u>u</u> <s>s</s> <span class="tg-spoiler">spoiler</span> <code class="tg-code">code</code> ' +
        '<blockquote class="tg-quote">quote</blockquote> <blockquote class="tg-quote tg-expandable">long</blockquote>',
    );
  });

  it('nests entities inside each other, outer first', () => {
    const text = 'bold italic underline';
    const html = render(text, [
      over(text, 'underline', 'underline'),
      { type: 'bold', offset: 0, length: text.length },
      over(text, 'italic underline', 'italic'),
    ]);
    expect(html).toBe('<b>bold <i>italic <u>underline</u></i></b>');
  });

  it("orders entities over the same range as Telegram does: link outside, formatting inside", () => {
    const text = 'Title';
    const html = render(text, [
      { type: 'bold', offset: 0, length: 5 },
      { type: 'text_link', offset: 0, length: 5, url: 'https://example.com/a' },
    ]);
    expect(html).toBe(`${LINK('https://example.com/a')}<b>Title</b></a>`);
  });

  it('splits overlapping entities so that the tags still nest', () => {
    const html = render('abcdefghij', [
      { type: 'bold', offset: 0, length: 5 },
      { type: 'italic', offset: 3, length: 5 },
    ]);
    expect(html).toBe('<b>abc<i>de</i></b><i>fgh</i>ij');
    expect(visibleText(html)).toBe('abcdefghij');
  });

  it('counts offsets in UTF-16 code units across emoji (surrogate pairs and flag sequences)', () => {
    const text = '🇰🇿 Kazakhstan 🐼 China 👨‍👩‍👧 news';
    expect(text.indexOf('China')).toBeGreaterThan([...text].indexOf('C'));
    const html = render(text, [over(text, 'Kazakhstan', 'bold'), over(text, 'China', 'italic'), over(text, 'news', 'underline')]);
    expect(html).toBe('🇰🇿 <b>Kazakhstan</b> 🐼 <i>China</i> 👨‍👩‍👧 <u>news</u>');
  });

  it('formats an emoji itself without splitting it', () => {
    const text = 'a🐼b';
    expect(render(text, [{ type: 'bold', offset: 1, length: 2 }])).toBe('a<b>🐼</b>b');
  });

  it('handles Cyrillic and CJK text', () => {
    const text = 'Новости: Казахстан и 中国 — 最新消息';
    const html = render(text, [over(text, 'Казахстан', 'bold'), over(text, '中国', 'text_link', { url: 'https://例え.jp/中国?q=新闻' }), over(text, '最新消息', 'spoiler')]);
    expect(html).toBe(
      'Новости: <b>Казахстан</b> и ' +
        `${LINK('https://xn--r8jz45g.jp/%E4%B8%AD%E5%9B%BD?q=%E6%96%B0%E9%97%BB')}中国</a> — ` +
        '<span class="tg-spoiler">最新消息</span>',
    );
  });

  it('renders the bot’s own HTML after the emulator parsed it into text and entities', () => {
    const parsed = parseTelegramHtml(
      '<b>Latest on Kazakhstan</b> 🇰🇿\n1. <a href="https://radartasik.disway.id/read/88996/radartasik.com">China Tegaskan &lt;Dukungan&gt;</a>\n' +
        '<i>Radar Tasikmalaya · 2 h ago</i>\n<blockquote>Цитата <u>中文</u></blockquote>',
    );
    const html = render(parsed.text, parsed.entities);
    expect(html).toBe(
      '<b>Latest on Kazakhstan</b> 🇰🇿\n1. ' +
        `${LINK('https://radartasik.disway.id/read/88996/radartasik.com')}China Tegaskan &lt;Dukungan&gt;</a>\n` +
        '<i>Radar Tasikmalaya · 2 h ago</i>\n<blockquote class="tg-quote">Цитата <u>中文</u></blockquote>',
    );
    expect(visibleText(html)).toBe(parsed.text);
  });

  it('turns only http and https links into <a target=_blank rel=noopener>', () => {
    const text = 'one two three four five six seven';
    const html = render(text, [
      over(text, 'one', 'text_link', { url: 'javascript:alert(1)' }),
      over(text, 'two', 'text_link', { url: 'data:text/html,<script>alert(1)</script>' }),
      over(text, 'three', 'text_link', { url: 'tg://user?id=1' }),
      over(text, 'four', 'text_link', { url: ' JaVaScRiPt:alert(1)' }),
      over(text, 'five', 'text_link', { url: 'http://example.com/x?a=1&b="2"' }),
      over(text, 'six', 'text_link', { url: 'HTTPS://Example.COM' }),
      over(text, 'seven', 'text_link', { url: '//evil.example/' }),
    ]);
    expect(html).toBe(
      `one two three four ${LINK('http://example.com/x?a=1&amp;b=%222%22')}five</a> ${LINK('https://example.com/')}six</a> seven`,
    );
  });

  it('links url entities by their own text, adding http:// when there is no scheme, never javascript:', () => {
    const text = 'see example.com/path or https://t.me/silkwire or javascript:alert(1) or mailto:a@b.c';
    const html = render(text, [
      over(text, 'example.com/path', 'url'),
      over(text, 'https://t.me/silkwire', 'url'),
      over(text, 'javascript:alert(1)', 'url'),
      over(text, 'mailto:a@b.c', 'url'),
    ]);
    expect(html).toBe(
      `see ${LINK('http://example.com/path')}example.com/path</a> or ${LINK('https://t.me/silkwire')}https://t.me/silkwire</a>` +
        ' or javascript:alert(1) or mailto:a@b.c',
    );
  });

  it('never nests a link inside a link', () => {
    const text = 'outer inner';
    const html = render(text, [
      { type: 'text_link', offset: 0, length: text.length, url: 'https://a.example/' },
      over(text, 'inner', 'text_link', { url: 'https://b.example/' }),
    ]);
    expect(html).toBe(`${LINK('https://a.example/')}outer inner</a>`);
  });

  it('renders pre with a safe language label only', () => {
    const text = 'const a = 1;\nx';
    expect(render(text, [{ type: 'pre', offset: 0, length: 12, language: 'typescript' }])).toBe(
      '<pre class="tg-pre" data-language="typescript"><code class="language-typescript">const a = 1;</code></pre>\nx',
    );
    expect(render(text, [{ type: 'pre', offset: 0, length: 12, language: '"><script>alert(1)</script>' }])).toBe(
      '<pre class="tg-pre"><code>const a = 1;</code></pre>\nx',
    );
  });

  it('marks bot commands so that the page can send them when tapped, with the command escaped', () => {
    const text = 'Try /latest or /x"<y>';
    expect(render(text, [over(text, '/latest', 'bot_command'), over(text, '/x"<y>', 'bot_command')])).toBe(
      'Try <span class="tg-command" data-command="/latest">/latest</span> or ' +
        '<span class="tg-command" data-command="/x&quot;&lt;y&gt;">/x&quot;&lt;y&gt;</span>',
    );
  });

  it('ignores entities outside the text, empty, negative, fractional or of unknown types', () => {
    const text = 'hello';
    const html = render(text, [
      { type: 'bold', offset: 5, length: 3 },
      { type: 'bold', offset: -1, length: 3 },
      { type: 'italic', offset: 1, length: 0 },
      { type: 'italic', offset: 1.5, length: 2 },
      { type: 'constructor', offset: 0, length: 2 },
      { type: '__proto__', offset: 0, length: 2 },
      { type: 'custom_emoji', offset: 0, length: 1 },
      { type: 'underline', offset: 3, length: 10 },
    ]);
    expect(html).toBe('hel<u>lo</u>');
  });
});

describe('the page and the server render alike', () => {
  const TYPES = ['bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'code', 'pre', 'blockquote', 'text_link', 'url', 'bot_command', 'mention', 'hashtag', 'custom_emoji', 'weird'];
  const PIECES = ['a', 'Б', '中', '🐼', '🇰🇿', '<', '>', '&', '"', "'", ' ', '\n', 'https://x.example/', 'javascript:'];

  /** A deterministic pseudo-random generator (mulberry32), so that a failure can be reproduced. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('produces the same, well-nested HTML that shows exactly the text, for 500 random messages', () => {
    const next = random(20240407);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: Math.floor(next() * 24) }, () => pick(PIECES)).join('');
      const entities: RenderableEntity[] = Array.from({ length: Math.floor(next() * 6) }, () => {
        const offset = Math.floor(next() * (text.length + 2)) - 1;
        const entity: RenderableEntity = { type: pick(TYPES), offset, length: Math.floor(next() * (text.length + 1)) };
        if (entity.type === 'text_link') entity.url = pick(['https://ok.example/p?q="1"', 'javascript:alert(1)', 'tg://x']);
        if (entity.type === 'pre' && next() < 0.5) entity.language = pick(['ts', '"><b>', 'c++']);
        return entity;
      });
      const server = renderEntitiesToHtml(text, entities);
      expect(browserCopy.renderEntitiesToHtml(text, entities), JSON.stringify({ text, entities })).toBe(server);
      expect(visibleText(server)).toBe(text);
      expect(server).not.toMatch(/<script/i);
      for (const [, href] of server.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https?:\/\//);
    }
  });
});
