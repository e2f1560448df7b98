import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParsedFeed } from '../../src/articles/article';
import { FeedError } from '../../src/errors';
import { decodeFeedBody } from '../../src/feeds/decode';
import { parseFeed } from '../../src/feeds/parse';
import { SHARED_DIR, SHARED_FEEDS_AVAILABLE, sharedFeed } from '../helpers/shared';

/** Decodes and parses one file of ../shared/feeds the way the reader does (no Content-Type: files have none). */
function read(name: string): ParsedFeed {
  return parseFeed(decodeFeedBody(readFileSync(sharedFeed(name))));
}

function failure(name: string): FeedError {
  try {
    read(name);
  } catch (error) {
    if (error instanceof FeedError) return error;
    throw new Error(`${name}: expected a FeedError, got ${String(error)}`, { cause: error });
  }
  throw new Error(`${name}: expected a FeedError, but it parsed`);
}

function titles(feed: ParsedFeed): string[] {
  return feed.items.map((item) => item.title ?? '');
}

/** Files that must not parse, and the code they must fail with. */
const MUST_FAIL: Readonly<Record<string, string>> = {
  'xml-bomb-billion-laughs.rss': 'hostile',
  'malformed-dylanharris.rss': 'parse',
};

describe.skipIf(!SHARED_FEEDS_AVAILABLE)('shared feed corpus', () => {
  const files = SHARED_FEEDS_AVAILABLE
    ? readdirSync(resolve(SHARED_DIR, 'feeds'))
        .filter((name) => name !== 'SOURCES.md')
        .sort()
    : [];
  const parsed = new Map<string, ParsedFeed>();

  afterAll(() => {
    const failed = files.filter((name) => !parsed.has(name));
    console.log(`shared feeds: ${parsed.size} of ${files.length} parse${failed.length > 0 ? ` (refused: ${failed.join(', ')})` : ''}`);
  });

  it('holds the 38 files SOURCES.md lists', () => {
    expect(files).toHaveLength(38);
  });

  describe('every well-formed feed yields items', () => {
    it.each(files.filter((name) => MUST_FAIL[name] === undefined))('%s', (name) => {
      const feed = read(name);
      parsed.set(name, feed);
      if (name === 'hupu-gb2312.rss') {
        expect(feed.items).toHaveLength(0);
        return;
      }
      expect(feed.items.length).toBeGreaterThan(0);
      for (const item of feed.items) {
        expect(item.title ?? item.description ?? item.link, `${name}: an item with nothing in it`).toBeDefined();
        expect(item.title ?? '', `${name}: replacement character in a title`).not.toContain('\uFFFD');
        if (item.publishedAt !== undefined) expect(Number.isFinite(item.publishedAt)).toBe(true);
      }
    });
  });

  describe('charsets', () => {
    it('windows-1251 (declared): Cyrillic titles', () => {
      const feed = read('oren-windows1251.rss');
      expect(feed.title).toBe('Новости Оренбурга и области / Раздел Новости');
      expect(titles(feed)).toContain('В Бузулуке главные стройплощадки – детсад и Ледовый дворец');
      expect(titles(feed)).toContain('ЧОПовцы в Оренбурге избили молодого человека');
      expect(feed.items[0]?.publishedAt).toBe(Date.UTC(2014, 0, 22, 14, 31, 31));
    });

    it('KOI8-R without any declaration: sniffed', () => {
      const feed = read('koi8r-nodecl.rss');
      expect(titles(feed)).toEqual(['Как пережить новогоднюю ночь']);
      expect(feed.items[0]?.description).toContain('Новый год обязательно наступит');
    });

    it('UTF-8 Atom in Russian', () => {
      const feed = read('touchnokia-cyrillic.atom');
      expect(feed.format).toBe('atom');
      expect(feed.items).toHaveLength(15);
      expect(titles(feed)[0]).toBe('Невидимая броня для Вашего Nokia 5800');
      expect(feed.items[0]?.link).toBe('http://touchnokia.ru/2009/09/nevidimaja-bronja-dlja-vashego-nokia-5800.html');
    });

    it('ISO-8859-1 (declared): Portuguese accents', () => {
      const feed = read('jn-iso8859-1.rss');
      expect(feed.title).toBe('Jornal de Notícias - Últimas Notícias');
      expect(titles(feed)).toContain('Mãe de utente é a nova presidente da Raríssimas');
    });

    it('Latin-1 without any declaration: sniffed, and Portuguese dates parsed', () => {
      const feed = read('uol-latin1-nodecl.rss');
      expect(titles(feed)).toContain('Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno');
      // "Seg, 24 Set 2018 19:42:40 -0300"
      expect(feed.items[0]?.publishedAt).toBe(Date.UTC(2018, 8, 24, 22, 42, 40));
    });

    it('ISO-8859-1 RDF', () => {
      const feed = read('slashdot-iso8859-1.rdf');
      expect(feed.format).toBe('rdf');
      expect(titles(feed)[0]).toBe('SpaceX Working With Cloudflare To Speed Up Starlink Service');
    });

    it('gb2312: the channel title decodes, there are no items', () => {
      const feed = read('hupu-gb2312.rss');
      expect(feed.title).toBe('虎扑足球新闻');
      expect(feed.items).toEqual([]);
    });

    it('a false utf-16 declaration on UTF-8 bytes does not garble the text', () => {
      const feed = read('utf16-blog.rss');
      expect(feed.title).toBe('Eliot Jones');
      expect(feed.items).toHaveLength(59);
      expect(titles(feed).slice(0, 2)).toEqual(['So you want to parse a PDF?', 'Laureles, Medellin swimming pools']);
    });

    it('gzip with characters XML forbids', () => {
      const feed = read('nshipster-invalid-chars.rss.gz');
      expect(feed.title).toBe('NSHipster');
      expect(feed.items).toHaveLength(25);
      expect(titles(feed)[0]).toBe('NSOperation');
    });
  });

  describe('sizes and oddities', () => {
    it('keeps all 1046 items of many-items-1046.rss', () => {
      expect(read('many-items-1046.rss').items).toHaveLength(1046);
    });

    it('keeps all 730 items of the giantbomb podcast and reads its PST dates', () => {
      const feed = read('giantbomb-podcast-huge.rss');
      expect(feed.items).toHaveLength(730);
      // "Tue, 01 Oct 2019 14:30:00 PST"
      expect(feed.items[0]?.publishedAt).toBe(Date.UTC(2019, 9, 1, 22, 30, 0));
      expect(feed.items.every((item) => item.publishedAt !== undefined)).toBe(true);
    });

    it('reads EST dates (pcmag)', () => {
      expect(read('pcmag-illegally-nested.rss').items[0]?.publishedAt).toBe(Date.UTC(2018, 0, 17, 20, 50, 0));
    });

    it('trims CDATA titles padded with whitespace (economist, theweek)', () => {
      const economist = read('economist-asia.rss');
      expect(economist.title).toBe('Asia');
      expect(economist.items).toHaveLength(300);
      expect(titles(economist)[0]).toBe('The flaws in India’s AI plans');
      for (const title of [...titles(economist), ...titles(read('theweek.rss'))]) {
        expect(title).toBe(title.trim());
      }
    });

    it('decodes numeric entities in titles and keeps the big feed whole (time-world)', () => {
      const feed = read('time-world.rss');
      expect(feed.items).toHaveLength(100);
      expect(titles(feed)).toContain('Trump Unveils Gaza \u2018Board of Peace\u2019 at Davos and Lauds Overseas Accomplishments');
      // NOTE: "Kassym&#8209;Jomart" only occurs in content:encoded, which FeedItem does not carry when a
      // description exists; the U+2011 folding itself is covered in text-clean.test.ts.
      expect(titles(feed).join(' ')).not.toMatch(/&#\d+;/);
    });

    it('parses feeds without an XML declaration (aljazeera, mercopress)', () => {
      expect(read('aljazeera-all.rss').items).toHaveLength(25);
      expect(read('mercopress.rss').items).toHaveLength(10);
    });

    it('parses RDF with dc:date (dw)', () => {
      const feed = read('dw-en-all.rdf');
      expect(feed.items).toHaveLength(141);
      expect(feed.items[0]?.publishedAt).toBe(Date.UTC(2026, 1, 18, 0, 15, 0));
    });

    it('parses both JSON Feeds, including one with a leading blank line', () => {
      const adactio = read('jsonfeed-adactio.json');
      expect(adactio).toMatchObject({ format: 'json', title: 'Adactio: Journal' });
      expect(titles(adactio)[0]).toBe('The line-up for dConstruct 2022 …revealed!');
      expect(read('jsonfeed-humanwhocodes.json').items).toHaveLength(10);
    });

    it('reads Google News as RSS and as Atom with the same 38 stories', () => {
      const rss = read('google-news-top.rss');
      const atom = read('google-news-top.atom');
      expect(rss.items).toHaveLength(38);
      expect(atom.items).toHaveLength(38);
      expect(titles(atom)[0]).toBe(titles(rss)[0]);
      expect(atom.items[0]?.link).toMatch(/^https:\/\/news\.google\.com\/__i\/rss\/rd\/articles\//);
    });

    it('saxerror.rss: the items before and after the bad ampersand survive', () => {
      const feed = read('saxerror.rss');
      expect(titles(feed)).toEqual(['Good Item', 'Bad Item', 'Item After Error']);
      expect(feed.items[2]?.link).toBe('http://example.com/after');
    });
  });

  describe('refusals', () => {
    it('billion laughs is refused as hostile, nothing expanded', () => {
      const error = failure('xml-bomb-billion-laughs.rss');
      expect(error.code).toBe(MUST_FAIL['xml-bomb-billion-laughs.rss']);
      expect(error.retryable).toBe(false);
    });

    it('malformed-dylanharris.rss ends in a FeedError, not a crash', () => {
      const error = failure('malformed-dylanharris.rss');
      expect(error.code).toBe(MUST_FAIL['malformed-dylanharris.rss']);
      expect(error.retryable).toBe(false);
    });
  });
});
