import { describe, expect, it } from 'vitest';
import { TRACKING_PARAMS, canonicalUrl, isTrackingParam } from '../../src/text/canonical-url';

describe('canonicalUrl', () => {
  it('lowercases scheme and host, drops the default port and the fragment', () => {
    expect(canonicalUrl('HTTPS://WWW.Example.COM:443/News/Story?id=7#comments')).toBe('https://www.example.com/News/Story?id=7');
    expect(canonicalUrl('http://example.com:80/a')).toBe('http://example.com/a');
    expect(canonicalUrl('http://example.com:8080/a')).toBe('http://example.com:8080/a');
  });

  it('removes tracking parameters and keeps the rest in order', () => {
    expect(
      canonicalUrl('https://www.scmp.com/news/china/article/1?utm_source=rss_feed&b=2&fbclid=x&a=1&UTM_Medium=y&gclid=z&ocid=1'),
    ).toBe('https://www.scmp.com/news/china/article/1?b=2&a=1');
  });

  it('removes at_* parameters and the rest of the list', () => {
    const url = 'https://news.example/p?at_medium=rss&at_campaign=x&mc_cid=1&mc_eid=2&igshid=3&_ga=4&ref_src=5&cmpid=6&yclid=7&msclkid=8&dclid=9&keep=yes';
    expect(canonicalUrl(url)).toBe('https://news.example/p?keep=yes');
  });

  it('drops the query entirely when only tracking parameters were there', () => {
    expect(canonicalUrl('https://restofworld.org/2026/polymarket-china-betting-ban/?utm_source=rss')).toBe(
      'https://restofworld.org/2026/polymarket-china-betting-ban/',
    );
    expect(canonicalUrl('https://example.com/a?')).toBe('https://example.com/a');
  });

  it('keeps the encoding of the parameters it keeps', () => {
    expect(canonicalUrl('https://news.google.com/rss/search?q=%D0%9A%D0%B0%D0%B7&hl=ru&utm_source=x')).toBe(
      'https://news.google.com/rss/search?q=%D0%9A%D0%B0%D0%B7&hl=ru',
    );
    expect(canonicalUrl('https://a.example/s?q=a+b&x=%2F')).toBe('https://a.example/s?q=a+b&x=%2F');
  });

  it('resolves relative links against a base', () => {
    expect(canonicalUrl('/read/88996/radartasik.com', 'https://radartasik.disway.id/rss')).toBe(
      'https://radartasik.disway.id/read/88996/radartasik.com',
    );
    expect(canonicalUrl('../b?utm_term=x', 'https://example.com/a/c/')).toBe('https://example.com/a/b');
    expect(canonicalUrl('//cdn.example/x', 'https://example.com/')).toBe('https://cdn.example/x');
  });

  it('drops credentials and punycodes international hosts', () => {
    expect(canonicalUrl('https://user:secret@example.com/a')).toBe('https://example.com/a');
    expect(canonicalUrl('https://новости.рф/статья')).toBe('https://xn--b1amnebsh.xn--p1ai/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F');
  });

  it.each([
    '',
    '   ',
    'not a url',
    'javascript:alert(1)',
    'mailto:editor@example.com',
    'ftp://example.com/feed',
    'data:text/html,hi',
    'http://',
  ])('returns undefined for %j', (raw) => {
    expect(canonicalUrl(raw)).toBeUndefined();
  });

  it('returns undefined for a relative link without a usable base', () => {
    expect(canonicalUrl('/read/1')).toBeUndefined();
    expect(canonicalUrl('/read/1', 'not a base')).toBeUndefined();
  });
});

describe('TRACKING_PARAMS', () => {
  it('covers the documented parameters', () => {
    for (const name of ['utm_*', 'at_*', 'fbclid', 'gclid', 'dclid', 'msclkid', 'yclid', 'mc_cid', 'mc_eid', 'igshid', '_ga', 'ref_src', 'cmpid', 'ocid']) {
      expect(TRACKING_PARAMS).toContain(name);
    }
  });

  it('matches prefixes and is case-insensitive, but not look-alikes', () => {
    expect(isTrackingParam('utm_content')).toBe(true);
    expect(isTrackingParam('AT_MEDIUM')).toBe(true);
    expect(isTrackingParam('utm%5Fsource')).toBe(true);
    expect(isTrackingParam('utmost')).toBe(false);
    expect(isTrackingParam('page')).toBe(false);
    expect(isTrackingParam('id')).toBe(false);
  });
});
