import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { describe, expect, it, vi } from 'vitest';
import { UserInputError } from '../../src/errors';
import { checkSourceUrl, classifyAddress, type LookupAll } from '../../src/sources/url-safety';

const resolvesTo =
  (...addresses: string[]): LookupAll =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(url: string, options: Parameters<typeof checkSourceUrl>[1] = { allowPrivate: false }): Promise<UserInputError> {
  const error = await checkSourceUrl(url, options).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `${url} should be refused`).toBeInstanceOf(UserInputError);
  return error as UserInputError;
}

describe('classifyAddress', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.0.10', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.200.1.1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT (shared)'],
    ['100.127.255.254', 'carrier-grade NAT (shared)'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'private (unique local)'],
    ['fdff:ffff::1', 'private (unique local)'],
    ['fe80::1%eth0', 'link-local'],
    ['febf:ffff::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['fec0::1', 'private (site-local)'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback'],
    ['::ffff:10.1.2.3', 'IPv4-mapped private'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped link-local'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::192.168.1.1', 'NAT64 private'],
    ['2002:c0a8:0101::1', '6to4 private'],
    ['[::1]', 'loopback'],
    ['example.com', 'not an IP address'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['8.8.8.8', '172.32.0.1', '172.15.255.255', '100.128.0.1', '100.63.255.255', '192.169.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2001:db8::1'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBeUndefined();
    },
  );
});

describe('checkSourceUrl', () => {
  it.each([
    ['http://10.1.2.3/feed.xml', '10.1.2.3 is a private address'],
    ['http://172.20.0.5/rss', '172.20.0.5 is a private address'],
    ['https://192.168.1.1/rss', '192.168.1.1 is a private address'],
    ['http://127.0.0.1:6379/', '127.0.0.1 is a loopback address'],
    ['http://2130706433/', '127.0.0.1 is a loopback address'],
    ['http://0x7f.1/', '127.0.0.1 is a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['http://100.64.1.1/', '100.64.1.1 is a carrier-grade NAT (shared) address'],
    ['http://0.0.0.0/', '0.0.0.0 is an unspecified ("this network") address'],
    ['http://[::1]/', '::1 is a loopback address'],
    ['http://[::]/', ':: is an unspecified address'],
    ['http://[fd00::5]/', 'fd00::5 is a private (unique local) address'],
    ['http://[fe80::1]/', 'fe80::1 is a link-local address'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1 is an IPv4-mapped loopback address'],
    ['http://[::ffff:192.168.0.1]/', '::ffff:c0a8:1 is an IPv4-mapped private address'],
  ])('refuses %s', async (url, reason) => {
    const error = await refusal(url);
    expect(error.message).toContain(reason);
    expect(error.message).toContain('ALLOW_PRIVATE_SOURCES=1');
    expect(error.retryable).toBe(false);
  });

  it('accepts public literal addresses without resolving anything', async () => {
    const lookupSpy = vi.fn(resolvesTo('127.0.0.1'));
    expect((await checkSourceUrl('http://93.184.215.14/feed', { allowPrivate: false, lookup: lookupSpy })).href).toBe('http://93.184.215.14/feed');
    expect((await checkSourceUrl('https://[2606:4700::1111]/rss', { allowPrivate: false, lookup: lookupSpy })).hostname).toBe('[2606:4700::1111]');
    expect(lookupSpy).not.toHaveBeenCalled();
  });

  it.each(['ftp://example.com/feed.xml', 'file:///etc/passwd', 'gopher://example.com/', 'javascript:alert(1)', 'data:text/xml,<rss/>'])(
    'refuses the scheme of %s',
    async (url) => {
      expect((await refusal(url)).message).toMatch(/^Only http:\/\/ and https:\/\/ feed URLs are accepted, not [a-z]+:\/\/\.$/);
    },
  );

  it('refuses text that is not a URL', async () => {
    expect((await refusal('example.com/feed')).message).toBe('"example.com/feed" is not a valid URL; give a full http:// or https:// address.');
  });

  it('refuses localhost and its subdomains without asking DNS', async () => {
    const lookupSpy = vi.fn(resolvesTo('93.184.215.14'));
    for (const url of ['http://localhost:8080/feed', 'http://LOCALHOST./feed', 'https://feeds.localhost/rss']) {
      expect((await refusal(url, { allowPrivate: false, lookup: lookupSpy })).message).toMatch(/is a loopback host/);
    }
    expect(lookupSpy).not.toHaveBeenCalled();
  });

  it('refuses a host name that resolves to 127.0.0.1', async () => {
    const error = await refusal('https://news.internal.example/rss', { allowPrivate: false, lookup: resolvesTo('127.0.0.1') });
    expect(error.message).toBe(
      'Refused https://news.internal.example/rss: news.internal.example resolves to 127.0.0.1, a loopback address. ' +
        'Feeds must be on the public internet (set ALLOW_PRIVATE_SOURCES=1 to allow internal addresses).',
    );
  });

  it('refuses a host when any of its addresses is internal', async () => {
    const error = await refusal('https://mixed.example/rss', { allowPrivate: false, lookup: resolvesTo('93.184.215.14', '2606:4700::1', 'fe80::7') });
    expect(error.message).toContain('mixed.example resolves to fe80::7, a link-local address');
  });

  it('accepts a host whose addresses are all public, asking the resolver for that host', async () => {
    const lookupSpy = vi.fn(resolvesTo('93.184.215.14', '2606:4700::1'));
    const url = await checkSourceUrl('  https://Feeds.Example.com/rss?x=1  ', { allowPrivate: false, lookup: lookupSpy });
    expect(url.href).toBe('https://feeds.example.com/rss?x=1');
    expect(lookupSpy).toHaveBeenCalledWith('feeds.example.com');
  });

  it('says when the host cannot be resolved', async () => {
    const failing: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.invalid'), { code: 'ENOTFOUND' });
    };
    expect((await refusal('https://nowhere.invalid/rss', { allowPrivate: false, lookup: failing })).message).toBe(
      'Cannot resolve the host nowhere.invalid (ENOTFOUND); check the URL.',
    );
    expect((await refusal('https://empty.example/rss', { allowPrivate: false, lookup: resolvesTo() })).message).toBe(
      'The host empty.example has no addresses; check the URL.',
    );
  });

  it('never shows credentials from the URL in its messages', async () => {
    const error = await refusal('http://user:s3cret@10.0.0.1/rss?token=abc');
    expect(error.message).not.toContain('s3cret');
    expect(error.message).not.toContain('abc');
  });

  it('with allowPrivate accepts internal hosts without resolving, but still only http(s)', async () => {
    const lookupSpy = vi.fn(resolvesTo('127.0.0.1'));
    for (const url of ['http://127.0.0.1:8080/feed', 'http://localhost/feed', 'http://10.0.0.1/rss', 'http://[::1]/', 'http://intranet.example/rss']) {
      expect((await checkSourceUrl(url, { allowPrivate: true, lookup: lookupSpy })).protocol).toBe('http:');
    }
    expect(lookupSpy).not.toHaveBeenCalled();
    expect((await refusal('file:///etc/passwd', { allowPrivate: true })).message).toMatch(/^Only http/);
  });

  it('uses node:dns by default (this machine\'s own host name)', async () => {
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    const internal = addresses.some(({ address }) => classifyAddress(address) !== undefined);
    const outcome = await checkSourceUrl(`http://${name}/feed`, { allowPrivate: false }).then(
      () => 'accepted',
      (error: unknown) => (error as Error).message,
    );
    if (addresses.length === 0) expect(outcome).toMatch(/Cannot resolve the host|has no addresses/);
    else if (internal) expect(outcome).toMatch(new RegExp(`${name.replace(/[.]/g, '\\.')} resolves to .*, an? .* address`));
    else expect(outcome).toBe('accepted');
  });
});
