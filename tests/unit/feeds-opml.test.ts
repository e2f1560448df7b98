import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../src/errors';
import { decodeFeedBody } from '../../src/feeds/decode';
import { parseOpml, resolveSourceUrl, toOpml } from '../../src/sources/opml';
import { parseFeed } from '../../src/feeds/parse';
import type { Source } from '../../src/sources/source';
import { sourceIdFor } from '../../src/sources/source';
import { cleanText } from '../../src/text/clean';
import { REPO_ROOT } from '../helpers/shared';

const NESTED = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Mine</title></head>
  <body>
    <outline text="Kazakhstan">
      <outline type="rss" text="The Astana Times" xmlUrl="https://astanatimes.com/feed/" language="en"/>
      <outline text="Deeper">
        <outline type="rss" title="Only a title" xmlUrl="https://www.inform.kz/rss/rus.xml" language="ru"/>
      </outline>
    </outline>
    <outline type="link" text="A web page, not a feed" url="https://example.com/"/>
    <outline type="rss" text="Google &amp; friends" xmlUrl="https://news.google.com/rss?hl=en&amp;gl=KZ&amp;ceid=KZ:en"/>
    <outline type="rss" text="Duplicate" xmlUrl="https://astanatimes.com/feed/"/>
    <outline type="rss" text="Bundled" xmlUrl="sample.rss" language="id"/>
  </body>
</opml>`;

describe('parseOpml', () => {
  const sources = parseOpml(NESTED);

  it('collects feeds from nested outlines in document order, skipping outlines without xmlUrl and duplicates', () => {
    expect(sources.map((source) => source.name)).toEqual(['The Astana Times', 'Only a title', 'Google & friends', 'Bundled']);
  });

  it('derives ids with sourceIdFor and keeps language and unescaped URLs', () => {
    expect(sources[0]).toEqual({
      id: sourceIdFor('https://astanatimes.com/feed/'),
      name: 'The Astana Times',
      url: 'https://astanatimes.com/feed/',
      language: 'en',
    });
    expect(sources[2]).toEqual({
      id: sourceIdFor('https://news.google.com/rss?hl=en&gl=KZ&ceid=KZ:en'),
      name: 'Google & friends',
      url: 'https://news.google.com/rss?hl=en&gl=KZ&ceid=KZ:en',
    });
  });

  it('resolves relative URLs against the OPML folder when given its path, keeping the id from the relative form', () => {
    const resolved = parseOpml(NESTED, { opmlPath: '/srv/silkwire/sources/list.opml' });
    const bundled = resolved.find((source) => source.name === 'Bundled');
    expect(bundled).toEqual({ id: sourceIdFor('sample.rss'), name: 'Bundled', url: '/srv/silkwire/sources/sample.rss', language: 'id' });
    expect(resolved[0]?.url).toBe('https://astanatimes.com/feed/');
  });

  it('reads an OPML with an empty body as no sources', () => {
    expect(parseOpml('<?xml version="1.0"?><opml version="2.0"><head/><body/></opml>')).toEqual([]);
  });

  it.each([
    ['an RSS feed', '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>'],
    ['an HTML page', '<html><body>hello</body></html>'],
    ['empty text', ''],
  ])('refuses %s with a clear UserInputError', (_label, text) => {
    expect(() => parseOpml(text)).toThrow(UserInputError);
    expect(() => parseOpml(text)).toThrow(/not an OPML file/);
  });

  it('refuses entity declarations', () => {
    const hostile = '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]><opml version="2.0"><body><outline text="&a;" xmlUrl="https://x.example/"/></body></opml>';
    expect(() => parseOpml(hostile)).toThrow(UserInputError);
  });
});

describe('toOpml', () => {
  const sources: Source[] = [
    { id: sourceIdFor('https://a.example/rss?x=1&y=2'), name: 'Tom & Jerry\'s "news" <daily>', url: 'https://a.example/rss?x=1&y=2', language: 'en' },
    { id: sourceIdFor('https://b.example/лента'), name: 'Лента 新闻', url: 'https://b.example/лента' },
    { id: sourceIdFor('sample.rss'), name: 'Silkwire sample', url: 'sample.rss', language: 'id' },
  ];

  it('round-trips through parseOpml', () => {
    expect(parseOpml(toOpml(sources, 'Export & more'))).toEqual(sources);
  });

  it('escapes markup in names, URLs and the title', () => {
    const xml = toOpml(sources, 'Export & <more>');
    expect(xml).toContain('<title>Export &amp; &lt;more&gt;</title>');
    expect(xml).toContain('text="Tom &amp; Jerry&apos;s &quot;news&quot; &lt;daily&gt;"');
    expect(xml).toContain('xmlUrl="https://a.example/rss?x=1&amp;y=2"');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">')).toBe(true);
  });
});

describe('resolveSourceUrl', () => {
  it('keeps URLs with a scheme and resolves paths against the OPML folder', () => {
    expect(resolveSourceUrl('https://tass.com/rss/v2.xml', '/etc/silkwire/default.opml')).toBe('https://tass.com/rss/v2.xml');
    expect(resolveSourceUrl('file:///data/feed.xml', '/etc/silkwire/default.opml')).toBe('file:///data/feed.xml');
    expect(resolveSourceUrl('sample.rss', '/etc/silkwire/default.opml')).toBe('/etc/silkwire/sample.rss');
    expect(resolveSourceUrl('../feeds/local.xml', '/etc/silkwire/default.opml')).toBe('/etc/feeds/local.xml');
    expect(resolveSourceUrl('/abs/feed.xml', '/etc/silkwire/default.opml')).toBe('/abs/feed.xml');
    expect(resolveSourceUrl('sample.rss', pathToFileURL('/etc/silkwire/default.opml').href)).toBe('/etc/silkwire/sample.rss');
  });
});

describe('the shipped default.opml and sample.rss', () => {
  const opmlPath = resolve(REPO_ROOT, 'src/feeds/sources/default.opml');
  const sources = parseOpml(readFileSync(opmlPath, 'utf8'), { opmlPath });

  it('covers English, Russian, Kazakh, Chinese and Indonesian, every source with a language and a name', () => {
    const languages = new Set(sources.map((source) => source.language?.split('-')[0]));
    expect([...languages].sort()).toEqual(['en', 'id', 'kk', 'ru', 'zh']);
    for (const source of sources) {
      expect(source.language, source.url).toBeDefined();
      expect(source.name, source.url).not.toBe(source.url);
    }
    expect(sources.length).toBeGreaterThanOrEqual(25);
  });

  it('lists only http(s) feeds besides the bundled sample and the demo feeds, with unique ids', () => {
    expect(new Set(sources.map((source) => source.id)).size).toBe(sources.length);
    const local = sources.filter((source) => !/^https?:\/\//.test(source.url));
    expect(local.map((source) => source.name)).toEqual([
      'Silkwire sample',
      'Steppe Wire (demo)',
      'Степной вестник (демо)',
      'Дала хабары (демо)',
      '丝路快讯（演示）',
      'Kabar Asia (demo)',
    ]);
    for (const source of local) {
      expect(source.kind).toBe('file');
      expect(existsSync(source.url)).toBe(true);
    }
  });

  it('points the sample entry at the bundled file, with an id that does not depend on the machine', () => {
    const sample = sources.find((source) => source.name === 'Silkwire sample');
    expect(sample?.url).toBe(join(REPO_ROOT, 'src/feeds/sources/sample.rss'));
    expect(sample?.id).toBe(sourceIdFor('sample.rss'));
    expect(existsSync(sample?.url ?? '')).toBe(true);
  });

  it('ships a sample feed with the seed article as its only item', () => {
    const feed = parseFeed(decodeFeedBody(readFileSync(resolve(REPO_ROOT, 'src/feeds/sources/sample.rss'))));
    expect(feed).toMatchObject({ format: 'rss', title: 'Silkwire sample', language: 'id' });
    expect(feed.items).toHaveLength(1);
    const [item] = feed.items;
    expect(item?.title).toBe('China Tegaskan Dukungan Terhadap Pemerintah Kazakhstan');
    expect(item?.link).toBe('https://radartasik.disway.id/read/88996/radartasik.com');
    expect(item?.guid).toBeDefined();
    expect(item?.publishedAt).toBe(Date.UTC(2022, 3, 7, 2, 0, 0));
    const description = cleanText(item?.description ?? '');
    expect(description.startsWith('Radartasik.com, Kazakhstan, Menteri pertahanan China menegaskan Beijing')).toBe(true);
    expect(description).toContain('Kassym-Jomart Tokayev di Nur-Sultan');
    expect(description.endsWith('campur tangan asing.')).toBe(true);
  });
});
