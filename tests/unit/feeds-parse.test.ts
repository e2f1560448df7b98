import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/errors';
import { parseFeed, parseFeedDate } from '../../src/feeds/parse';
import { hasEntityDeclarations } from '../../src/text/xml';
import { REPO_ROOT } from '../helpers/shared';

function fixture(name: string): string {
  return readFileSync(resolve(REPO_ROOT, 'tests/fixtures/feeds', name), 'utf8');
}

function parseError(text: string): FeedError {
  try {
    parseFeed(text);
  } catch (error) {
    if (error instanceof FeedError) return error;
    throw new Error(`expected a FeedError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected parseFeed to throw');
}

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(fixture('rss2.xml'));

  it('reads channel metadata, trimmed', () => {
    expect(feed).toMatchObject({ format: 'rss', title: 'Steppe Wire', language: 'en-us' });
  });

  it('maps items in document order and drops the empty one', () => {
    expect(feed.items.map((item) => item.title)).toEqual([
      'Tokayev meets Xi in Astana',
      'Kassym\u2011Jomart Tokayev visits Beijing',
      'Undated item',
      'Dublin Core date',
    ]);
  });

  it('keeps guid, link and the raw HTML description', () => {
    expect(feed.items[0]).toEqual({
      guid: 'steppe-1',
      title: 'Tokayev meets Xi in Astana',
      link: 'https://steppe.example/news/1?utm_source=rss',
      description: '<p>Talks on <b>trade</b> &amp; transit.</p>',
      publishedAt: Date.UTC(2026, 1, 17, 5, 0, 0),
    });
  });

  it('falls back to a permalink guid for the link and to content:encoded for the description', () => {
    expect(feed.items[1]?.link).toBe('https://steppe.example/news/2');
    expect(feed.items[1]?.description).toBe('<p>Only full content here.</p>');
    expect(feed.items[1]?.publishedAt).toBe(Date.UTC(2026, 1, 16, 16, 30, 0));
  });

  it('leaves an unparsable date undefined and reads dc:date', () => {
    expect(feed.items[2]).not.toHaveProperty('publishedAt');
    expect(feed.items[3]?.publishedAt).toBe(Date.UTC(2026, 1, 15, 4, 0, 0));
  });
});

describe('parseFeed: RSS 1.0 (RDF)', () => {
  it('maps items with dc:date and dc:language', () => {
    const feed = parseFeed(fixture('rss1.rdf'));
    expect(feed).toMatchObject({ format: 'rdf', title: 'Steppe Wire RDF', language: 'ru' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: 'https://steppe.example/rdf/1',
      title: 'Астана принимает саммит ШОС',
      link: 'https://steppe.example/rdf/1',
      description: 'Саммит пройдёт в июле.',
      publishedAt: Date.UTC(2026, 1, 18, 0, 15, 0),
    });
    expect(feed.items[1]?.publishedAt).toBeUndefined();
  });
});

describe('parseFeed: Atom', () => {
  const feed = parseFeed(fixture('atom.xml'));

  it('reads the title and xml:lang', () => {
    expect(feed).toMatchObject({ format: 'atom', title: '丝路快讯', language: 'zh' });
  });

  it('picks the alternate link, the summary and the published date', () => {
    expect(feed.items[0]).toEqual({
      guid: 'tag:silk.example,2026:1',
      title: '哈萨克斯坦总统访问北京',
      link: 'https://silk.example/news/1',
      description: '<p>中哈两国签署合作协议。</p>',
      publishedAt: Date.UTC(2026, 1, 17, 23, 30, 0),
    });
  });

  it('treats a link without rel as alternate and falls back to content and updated', () => {
    expect(feed.items[1]).toMatchObject({
      title: 'Entry with only <em>updated</em> and content',
      link: 'https://silk.example/news/2',
      description: '<p>Body text.</p>',
      publishedAt: Date.UTC(2026, 1, 17, 23, 0, 0),
    });
  });
});

describe('parseFeed: JSON Feed', () => {
  it('maps id, url/external_url, summary/content and dates', () => {
    const feed = parseFeed(fixture('feed.json'));
    expect(feed).toMatchObject({ format: 'json', title: 'Silk JSON', language: 'id' });
    expect(feed.items).toEqual([
      {
        guid: 'json-1',
        title: 'China dan Kazakhstan perkuat kerja sama',
        link: 'https://json.example/berita/1',
        description: 'Ringkasan berita.',
        content: '<p>Isi lengkap.</p>',
        publishedAt: Date.UTC(2026, 1, 18, 2, 0, 0),
      },
      {
        guid: 'json-2',
        link: 'https://elsewhere.example/2',
        description: 'Hanya teks.',
        publishedAt: Date.UTC(2026, 1, 17, 9, 0, 0),
      },
    ]);
  });
});

describe('parseFeed: refusals', () => {
  it('refuses a DOCTYPE that declares entities, without expanding anything', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title></channel></rss>`;
    const error = parseError(bomb);
    expect(error.code).toBe('hostile');
    expect(error.retryable).toBe(false);
  });

  it('refuses external entities too', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&x;</title></channel></rss>';
    expect(parseError(xxe).code).toBe('hostile');
  });

  it('accepts a plain DOCTYPE without entity declarations (old RSS 0.91)', () => {
    const rss091 = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><item><title>Caf&eacute;</title><link>https://old.example/1</link></item></channel></rss>`;
    expect(hasEntityDeclarations(rss091)).toBe(false);
    expect(parseFeed(rss091).items[0]?.title).toBe('Café');
  });

  it.each([
    ['an empty body', ''],
    ['whitespace', '  \n\t '],
    ['an HTML page', '<!doctype html><html><head><title>Home</title></head><body><p>Hello</p></body></html>'],
    ['some other XML', '<?xml version="1.0"?><config><item>1</item></config>'],
    ['a JSON object that is not a feed', '{"hello":"world"}'],
  ])('calls %s not a feed', (_label, text) => {
    expect(parseError(text).code).toBe('not-a-feed');
  });

  it('reports broken JSON as a parse error', () => {
    expect(parseError('{"version":"https://jsonfeed.org/version/1","items":[').code).toBe('parse');
  });
});

describe('parseFeedDate', () => {
  it.each<[string, number]>([
    ['Tue, 17 Feb 2026 20:19:37 -0500', Date.UTC(2026, 1, 18, 1, 19, 37)],
    ['Tue, 01 Oct 2019 14:30:00 PST', Date.UTC(2019, 9, 1, 22, 30, 0)],
    ['Wed, 17 Jan 2018 15:50:00 EST', Date.UTC(2018, 0, 17, 20, 50, 0)],
    ['Thu, 07 Apr 2022 09:00:00 +0700', Date.UTC(2022, 3, 7, 2, 0, 0)],
    ['Wed, 19 jan 2026 00:00:00 GMT', Date.UTC(2026, 0, 19)],
    ['Seg, 24 Set 2018 19:42:40 -0300', Date.UTC(2018, 8, 24, 22, 42, 40)],
    ['Senin, 17 Agustus 2020 10:00 WIB', Date.UTC(2020, 7, 17, 3, 0, 0)],
    ['Rabu, 18 Feb 2026 08:15:00 +0700', Date.UTC(2026, 1, 18, 1, 15, 0)],
    ['17 Feb 26 10:00 GMT+0700', Date.UTC(2026, 1, 17, 3, 0, 0)],
    ['17-Feb-2026 10:00:00+05:30', Date.UTC(2026, 1, 17, 4, 30, 0)],
    ['Feb 17, 2026 10:00 UTC', Date.UTC(2026, 1, 17, 10, 0, 0)],
    ['18 февраля 2026 12:00 +0600', Date.UTC(2026, 1, 18, 6, 0, 0)],
    ['2022-07-28T02:43:00.000000000Z', Date.UTC(2022, 6, 28, 2, 43, 0)],
    ['2026-02-18T07:30:00+08:00', Date.UTC(2026, 1, 17, 23, 30, 0)],
    ['2022-07-26 13:01:01', Date.UTC(2022, 6, 26, 13, 1, 1)],
    ['2026-02-17', Date.UTC(2026, 1, 17)],
  ])('%s', (raw, expected) => {
    expect(parseFeedDate(raw)).toBe(expected);
  });

  it.each(['', 'sometime last week', 'Tue, 31 Feb 2026 10:00:00 GMT', '2026-13-45', 'NaN', 'Mon, 99 Foo 2026', '0001-01-01T00:00:00Z'])(
    'leaves %j undefined',
    (raw) => {
      expect(parseFeedDate(raw)).toBeUndefined();
    },
  );
});
