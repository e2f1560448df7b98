import { lookup as dnsLookup } from 'node:dns/promises';
import { isIPv4, isIPv6, type LookupFunction } from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import { TransientError, UserInputError } from '../errors';

/** Query parameter names whose values are secrets and never appear in messages or logs. */
const SECRET_PARAM = /^(?:api[-_]?key|key|token|access[-_]?token|auth|secret|client[-_]?secret|password|passwd|pwd|sig|signature)$/i;

/** Returns `url` fit for messages and logs: no user name or password, secret-looking query values masked. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/[^/?#@\s]*@/g, '//');
  }
  parsed.username = '';
  parsed.password = '';
  if (parsed.search !== '') {
    const pairs = parsed.search.slice(1).split('&').map((pair) => {
      const name = pair.split('=')[0] ?? '';
      return SECRET_PARAM.test(safeDecode(name)) ? `${name}=REDACTED` : pair;
    });
    parsed.search = `?${pairs.join('&')}`;
  }
  return parsed.href;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Resolves a host name to every address it has (node:dns lookup with `all: true`). */
export type LookupAll = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

/** Options for {@link checkSourceUrl}. */
export interface UrlSafetyOptions {
  /** Accept hosts on private, loopback and other internal networks (ALLOW_PRIVATE_SOURCES, tests on loopback). */
  allowPrivate: boolean;
  /** The resolver; node:dns lookup by default. */
  lookup?: LookupAll;
}

const defaultLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

type Range = readonly [base: number, bits: number, name: string];

const IPV4_RANGES: readonly Range[] = [
  [ipv4Number([0, 0, 0, 0]), 8, 'unspecified ("this network")'],
  [ipv4Number([10, 0, 0, 0]), 8, 'private'],
  [ipv4Number([100, 64, 0, 0]), 10, 'carrier-grade NAT (shared)'],
  [ipv4Number([127, 0, 0, 0]), 8, 'loopback'],
  [ipv4Number([169, 254, 0, 0]), 16, 'link-local'],
  [ipv4Number([172, 16, 0, 0]), 12, 'private'],
  [ipv4Number([192, 0, 0, 0]), 24, 'reserved (IETF protocol)'],
  [ipv4Number([192, 168, 0, 0]), 16, 'private'],
  [ipv4Number([198, 18, 0, 0]), 15, 'reserved (benchmarking)'],
  [ipv4Number([224, 0, 0, 0]), 4, 'multicast'],
  [ipv4Number([240, 0, 0, 0]), 4, 'reserved'],
];

function ipv4Number(octets: readonly number[]): number {
  return (((octets[0]! << 24) >>> 0) + (octets[1]! << 16) + (octets[2]! << 8) + octets[3]!) >>> 0;
}

function classifyIpv4Number(value: number): string | undefined {
  for (const [base, bits, name] of IPV4_RANGES) {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((value & mask) >>> 0) === base) return name;
  }
  return undefined;
}

/** Parses an IPv6 address (zone, embedded IPv4 tail and :: allowed) into its eight 16-bit groups. */
function parseIpv6(text: string): number[] | undefined {
  let address = text.replace(/%.*$/, '');
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  if (tail) {
    if (!isIPv4(tail[1]!)) return undefined;
    const [a, b, c, d] = tail[1]!.split('.').map(Number) as [number, number, number, number];
    address = `${address.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
  return groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : undefined;
}

function classifyIpv6(groups: readonly number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const embedded = ((g6 << 16) >>> 0) + g7;
  const zeroUpTo = (n: number) => groups.slice(0, n).every((group) => group === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g7 === 1) return 'loopback';
  if (zeroUpTo(5) && g5 === 0xffff) {
    const inner = classifyIpv4Number(embedded);
    return inner === undefined ? undefined : `IPv4-mapped ${inner}`;
  }
  if (zeroUpTo(6)) return `IPv4-compatible ${classifyIpv4Number(embedded) ?? 'reserved'}`;
  // SIIT's IPv4-translated form (::ffff:0:a.b.c.d, RFC 2765): only a local translator routes it, never a public feed.
  if (zeroUpTo(4) && g4 === 0xffff && g5 === 0) return 'IPv4-translated';
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) {
    const inner = classifyIpv4Number(embedded);
    return inner === undefined ? undefined : `NAT64 ${inner}`;
  }
  // RFC 8215 local-use NAT64 (64:ff9b:1::/48): the operator's own translator, whatever IPv4 address it embeds.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'local-use NAT64';
  if (g0 === 0x2002) {
    const inner = classifyIpv4Number(((g1 << 16) >>> 0) + g2);
    return inner === undefined ? undefined : `6to4 ${inner}`;
  }
  if ((g0 & 0xfe00) === 0xfc00) return 'private (unique local)';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private (site-local)';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return undefined;
}

/**
 * Names the kind of non-public network an IP address belongs to ("loopback", "private", "IPv4-mapped loopback"…),
 * or returns undefined for a public address; anything that is not an IP address counts as "not an IP address".
 */
export function classifyAddress(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (isIPv4(bare)) return classifyIpv4Number(ipv4Number(bare.split('.').map(Number)));
  if (isIPv6(bare)) {
    const groups = parseIpv6(bare);
    return groups === undefined ? 'not an IP address' : classifyIpv6(groups);
  }
  return 'not an IP address';
}

const PRIVATE_HINT = 'Feeds must be on the public internet (set ALLOW_PRIVATE_SOURCES=1 to allow internal addresses).';

/**
 * Checks that a URL may be added as a feed source: http or https only and, unless `allowPrivate`, a host that
 * resolves only to public addresses. Returns the parsed URL; throws UserInputError with the reason otherwise.
 * NOTE: this is an admission check. The fetcher resolves the host again and follows redirects, so on its own it
 * does not stop DNS rebinding or a public feed that redirects inward; createFeedFetcher therefore applies
 * {@link createSourceUrlGuard} at every hop and connects through {@link createGuardedFetch}.
 */
export async function checkSourceUrl(url: string, options: UrlSafetyOptions): Promise<URL> {
  const trimmed = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new UserInputError(`"${redactUrl(trimmed)}" is not a valid URL; give a full http:// or https:// address.`);
  }
  const shown = redactUrl(parsed.href);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new UserInputError(`Only http:// and https:// feed URLs are accepted, not ${parsed.protocol}//.`, { url: shown });
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host === '') throw new UserInputError(`The URL ${shown} has no host name.`, { url: shown });
  if (options.allowPrivate) return parsed;

  const name = host.replace(/\.$/, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) {
    throw new UserInputError(`Refused ${shown}: ${host} is a loopback host. ${PRIVATE_HINT}`, { url: shown, kind: 'loopback' });
  }

  let addresses: ReadonlyArray<{ address: string }>;
  if (isIPv4(host) || isIPv6(host)) addresses = [{ address: host }];
  else {
    try {
      addresses = await (options.lookup ?? defaultLookup)(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new UserInputError(`Cannot resolve the host ${host}${typeof code === 'string' ? ` (${code})` : ''}; check the URL.`, { url: shown, unresolved: true });
    }
    if (addresses.length === 0) throw new UserInputError(`The host ${host} has no addresses; check the URL.`, { url: shown, unresolved: true });
  }
  const forbidden = firstForbidden(addresses);
  if (forbidden !== undefined) {
    throw new UserInputError(`Refused ${shown}: ${describeForbidden(host, forbidden)}`, { url: shown, ...forbidden });
  }
  return parsed;
}

/** The first address that is not on the public internet, with its kind, or undefined when every one is public. */
function firstForbidden(addresses: ReadonlyArray<{ address: string }>): { address: string; kind: string } | undefined {
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind !== undefined) return { address, kind };
  }
  return undefined;
}

function describeForbidden(host: string, { address, kind }: { address: string; kind: string }): string {
  const where = address === host ? `${host} is` : `${host} resolves to ${address},`;
  return `${where} ${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind} address. ${PRIVATE_HINT}`;
}

/**
 * Builds the URL check every feed fetcher applies (createFeedFetcher's default): {@link checkSourceUrl} on the first URL
 * and on every redirect hop. A refusal throws UserInputError; a host that cannot be resolved right now throws
 * TransientError, since a later poll may succeed.
 */
export function createSourceUrlGuard(options: UrlSafetyOptions): (url: URL) => Promise<void> {
  return async (url) => {
    try {
      await checkSourceUrl(url.href, options);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      // The fetcher names the URL (and the redirect) itself; keep only the reason.
      const reason = error.message.replace(`Refused ${redactUrl(url.href)}: `, '');
      if (error.data.unresolved === true) throw new TransientError(reason, error.data, error);
      throw new UserInputError(reason, error.data);
    }
  };
}

/** A fetch whose connections go only to vetted addresses, and the way to release its pooled sockets. */
export interface GuardedFetch {
  fetch: typeof globalThis.fetch;
  /** Closes the connection pool; waits for requests in flight. */
  close(): Promise<void>;
}

/**
 * Builds the transport every feed fetcher uses (createFeedFetcher's default): undici's fetch on an Agent that resolves
 * each host itself when it opens a connection and, unless `allowPrivate`, refuses to connect when any address is
 * not public (an IP-literal host included), so the address connected to is one that was vetted, whatever the DNS
 * said to the `checkUrl` check a moment earlier (rebinding). A refusal is a UserInputError in the fetch error's cause.
 */
export function createGuardedFetch(options: UrlSafetyOptions): GuardedFetch {
  const resolveAll = options.lookup ?? defaultLookup;

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolveVetted(hostname, resolveAll, options.allowPrivate, lookupOptions.family).then(
      (addresses) => {
        if (lookupOptions.all === true) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
  const connector = buildConnector({ lookup });
  const agent = new Agent({
    // NOTE: net.connect skips `lookup` for an IP-literal host, so those are vetted here before connecting.
    connect: (connectOptions, callback) => {
      const host = connectOptions.hostname.replace(/^\[|\]$/g, '');
      const kind = options.allowPrivate || !(isIPv4(host) || isIPv6(host)) ? undefined : classifyAddress(host);
      if (kind === undefined) connector(connectOptions, callback);
      else callback(new UserInputError(describeForbidden(host, { address: host, kind }), { address: host, kind }), null);
    },
  });

  // NOTE: undici's own fetch, never the global one: the package's Agent and Node's bundled undici must not mix.
  const fetch = ((input, init) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent })) as typeof globalThis.fetch;
  return { fetch, close: () => agent.close() };
}

/** Resolves `hostname` for a connection; throws UserInputError when an address is not public (unless allowed). */
async function resolveVetted(
  hostname: string,
  resolveAll: LookupAll,
  allowPrivate: boolean,
  family: number | 'IPv4' | 'IPv6' | undefined,
): Promise<Array<{ address: string; family: number }>> {
  const addresses = await resolveAll(hostname);
  const forbidden = allowPrivate ? undefined : firstForbidden(addresses);
  if (forbidden !== undefined) throw new UserInputError(describeForbidden(hostname, forbidden), { ...forbidden });
  const wanted = family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : family;
  const usable = wanted === 4 || wanted === 6 ? addresses.filter((entry) => entry.family === wanted) : addresses;
  if (usable.length === 0) {
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
  }
  return usable.map(({ address, family: kind }) => ({ address, family: kind }));
}
