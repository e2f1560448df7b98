/**
 * Query parameters that only track the reader, compared case-insensitively; a trailing `*` matches any
 * parameter with that prefix (utm_source, at_medium…).
 */
export const TRACKING_PARAMS: readonly string[] = [
  'utm_*',
  'at_*',
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'mc_cid',
  'mc_eid',
  'igshid',
  '_ga',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'ref_src',
  'cmpid',
  'ocid',
  'xtor',
  'smid',
];

/**
 * Normalises an article link (resolved against `base`) so the same story gets the same URL: http(s) only,
 * lowercase scheme and host, no default port, credentials, fragment or tracking parameters; the rest of the
 * query keeps its order and encoding. Returns undefined for anything that is not a usable web address.
 */
export function canonicalUrl(raw: string, base?: string): string | undefined {
  const trimmed = raw.trim();
  if (trimmed === '' || /[\s<>"]/.test(trimmed)) return undefined;
  const url = parseUrl(trimmed, base);
  if (url === undefined) return undefined;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.hostname === '') return undefined;

  // WHATWG URL parsing already lowercases scheme and host, punycodes IDNs and drops default ports.
  url.username = '';
  url.password = '';
  url.hash = '';
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && !isTrackingParam(pair.split('=')[0] ?? ''));
  // Assigning '' also drops a bare trailing '?'.
  url.search = kept.length === 0 ? '' : `?${kept.join('&')}`;
  return url.href;
}

/** True when a query parameter name (possibly percent-encoded) is in {@link TRACKING_PARAMS}. */
export function isTrackingParam(name: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    decoded = name;
  }
  const key = decoded.toLowerCase();
  return TRACKING_PARAMS.some((pattern) => (pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern));
}

function parseUrl(raw: string, base: string | undefined): URL | undefined {
  try {
    return base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    if (base === undefined) return undefined;
    try {
      return new URL(raw);
    } catch {
      return undefined;
    }
  }
}
