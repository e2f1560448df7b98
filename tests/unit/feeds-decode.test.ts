import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FeedError } from '../../src/errors';
import { decodeFeedBody, detectCharset, normaliseCharset, sniffCharset } from '../../src/feeds/decode';
import { parseFeed } from '../../src/feeds/parse';
import { gbkFeed, koi8rFeed, latin1Feed, windows1251Feed } from '../fixtures/feeds/legacy-charsets';

const SIMPLE = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Алматы – 阿拉木图</title></channel></rss>';

describe('decodeFeedBody: declared legacy charsets', () => {
  it.each([
    ['windows-1251', windows1251Feed()],
    ['KOI8-R', koi8rFeed()],
    ['gb2312 (decoded as GB18030)', gbkFeed('gb2312')],
    ['GBK', gbkFeed('GBK')],
    ['ISO-8859-1 (decoded as windows-1252)', latin1Feed()],
  ])('decodes a feed declared %s', (_label, fixture) => {
    const feed = parseFeed(decodeFeedBody(fixture.bytes));
    expect(feed.title).toBe(fixture.channelTitle);
    expect(feed.items[0]?.title).toBe(fixture.itemTitle);
  });

  it('takes the charset from Content-Type when the document has no declaration', () => {
    const fixture = windows1251Feed(false);
    const feed = parseFeed(decodeFeedBody(fixture.bytes, 'application/rss+xml; charset="windows-1251"'));
    expect(feed.items[0]?.title).toBe(fixture.itemTitle);
  });

  it('prefers the Content-Type charset over the XML declaration', () => {
    // Declares KOI8-R but the server (correctly) says windows-1251.
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="koi8-r"?>'),
      iconv.encode('<rss version="2.0"><channel><title>Оренбург</title></channel></rss>', 'windows-1251'),
    ]);
    expect(parseFeed(decodeFeedBody(bytes, 'text/xml; charset=windows-1251')).title).toBe('Оренбург');
  });

  it('lets a UTF-8 document win over a default Latin-1 Content-Type when its bytes really are UTF-8', () => {
    const body = Buffer.from(SIMPLE, 'utf8');
    expect(parseFeed(decodeFeedBody(body, 'text/xml; charset=ISO-8859-1')).title).toBe('Алматы – 阿拉木图');
  });
});

describe('decodeFeedBody: byte-order marks and UTF-16', () => {
  const xml = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Астана 阿斯塔纳</title></channel></rss>';

  it('decodes UTF-16LE with a BOM', () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml, 'utf-16le')]);
    expect(parseFeed(decodeFeedBody(body)).title).toBe('Астана 阿斯塔纳');
  });

  it('decodes UTF-16BE with a BOM', () => {
    const body = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(xml, 'utf-16be')]);
    expect(parseFeed(decodeFeedBody(body)).title).toBe('Астана 阿斯塔纳');
  });

  it('decodes BOM-less UTF-16BE by where the NUL bytes sit', () => {
    expect(detectCharset(iconv.encode(xml, 'utf-16be'))).toBe('utf-16be');
    expect(parseFeed(decodeFeedBody(iconv.encode(xml, 'utf-16be'))).title).toBe('Астана 阿斯塔纳');
  });

  it('strips a UTF-8 BOM and lets it override a wrong Content-Type', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SIMPLE, 'utf8')]);
    const text = decodeFeedBody(body, 'text/xml; charset=windows-1251');
    expect(text.startsWith('<?xml')).toBe(true);
    expect(parseFeed(text).title).toBe('Алматы – 阿拉木图');
  });

  it('ignores a UTF-16 declaration on a body with no BOM and no NUL bytes', () => {
    const body = Buffer.from(xml, 'utf8');
    expect(detectCharset(body)).toBe('utf-8');
    expect(parseFeed(decodeFeedBody(body)).title).toBe('Астана 阿斯塔纳');
  });
});

describe('decodeFeedBody: sniffing bodies with no declaration', () => {
  it.each([
    ['windows-1251', windows1251Feed(false)],
    ['koi8-r', koi8rFeed(false)],
    ['windows-1252', latin1Feed(false)],
    ['gb18030', gbkFeed(undefined)],
  ])('recognises undeclared %s', (charset, fixture) => {
    expect(sniffCharset(fixture.bytes)).toBe(charset);
    expect(parseFeed(decodeFeedBody(fixture.bytes)).items[0]?.title).toBe(fixture.itemTitle);
  });

  it('uses UTF-8 for valid UTF-8 and for JSON', () => {
    expect(sniffCharset(Buffer.from('Алматы', 'utf8'))).toBe('utf-8');
    expect(detectCharset(Buffer.from('\n{"title":"Қазақстан"}', 'utf8'))).toBe('utf-8');
  });

  it('sniffs instead of trusting a UTF-8 declaration the bytes cannot be', () => {
    const fixture = windows1251Feed(false);
    const body = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n'), fixture.bytes]);
    expect(parseFeed(decodeFeedBody(body)).items[0]?.title).toBe(fixture.itemTitle);
  });

  it('keeps UTF-8 for a mostly-UTF-8 body with one stray byte', () => {
    const body = Buffer.concat([Buffer.from('<rss version="2.0"><channel><title>Алматы '), Buffer.from([0xe9]), Buffer.from('</title></channel></rss>')]);
    expect(parseFeed(decodeFeedBody(body)).title).toBe('Алматы \uFFFD');
  });
});

describe('decodeFeedBody: robustness', () => {
  it('gunzips gzip bodies', () => {
    const body = gzipSync(Buffer.from(SIMPLE, 'utf8'));
    expect(parseFeed(decodeFeedBody(body)).title).toBe('Алматы – 阿拉木图');
  });

  it('refuses a gzip body that inflates past the limit', () => {
    const body = gzipSync(Buffer.alloc(10_000, 0x20));
    expect(() => decodeFeedBody(body, undefined, { maxInflatedBytes: 1_000 })).toThrow(
      expect.objectContaining({ code: 'too-large', retryable: false }),
    );
  });

  it('reports a corrupt gzip body as a decode error', () => {
    const body = gzipSync(Buffer.from(SIMPLE)).subarray(0, 20);
    const error = catchError(() => decodeFeedBody(body));
    expect(error).toBeInstanceOf(FeedError);
    expect((error as FeedError).code).toBe('decode');
  });

  it('falls back to UTF-8 for an unknown charset name without throwing', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="x-klingon"?><rss version="2.0"><channel><title>Ақорда</title></channel></rss>');
    expect(parseFeed(decodeFeedBody(body, 'text/xml; charset=bogus-charset')).title).toBe('Ақорда');
  });

  it('strips characters XML 1.0 forbids but keeps tabs, newlines and astral characters', () => {
    const body = Buffer.from('<t>a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\tg\nh 🐎</t>', 'utf8');
    expect(decodeFeedBody(body)).toBe('<t>abcdef\tg\nh 🐎</t>');
  });
});

describe('normaliseCharset', () => {
  it.each([
    ['ISO-8859-1', 'windows-1252'],
    ['latin1', 'windows-1252'],
    ['US-ASCII', 'windows-1252'],
    ['GB2312', 'gb18030'],
    ['gbk', 'gb18030'],
    ['"UTF8"', 'utf-8'],
    ['KOI8-R', 'koi8-r'],
    ['Windows-1251', 'windows-1251'],
    ['no-such-charset', 'utf-8'],
  ])('%s → %s', (label, expected) => {
    expect(normaliseCharset(label)).toBe(expected);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
