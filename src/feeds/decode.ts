import { isUtf8 } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { FeedError } from '../errors';

/** Upper bound on the size of a gzip-compressed feed body once inflated (a gzip bomb stops here). */
export const MAX_INFLATED_BYTES = 32 * 1024 * 1024;

/** How many leading bytes are inspected for an XML declaration and for UTF-16 NUL patterns. */
const HEAD_BYTES = 1024;

/** Characters XML 1.0 forbids (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const XML_ILLEGAL_CHARS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** What Latin-1 and ASCII labels map to: servers send those by default, even for UTF-8 bodies. */
const DEFAULT_LATIN_CHARSET = 'windows-1252';

interface Utf8Stats {
  /** Well-formed multi-byte sequences seen. */
  multiByte: number;
  /** Bytes that are not part of any well-formed sequence. */
  invalid: number;
}

/**
 * Turns a raw feed body into a string: gunzips gzip bodies, picks the charset, decodes it with iconv-lite
 * and strips characters that XML 1.0 forbids.
 *
 * Charset order: byte-order mark, then the `charset` of `contentType`, then the XML declaration's
 * `encoding`, then UTF-8 for JSON, then sniffing (see {@link sniffCharset}). A declaration is trusted as
 * given unless the bytes make it impossible: a UTF-16/32 declaration with no BOM and no NUL bytes, or a
 * UTF-8 declaration whose broken byte sequences outnumber its well-formed multi-byte ones. Unknown names
 * fall back to UTF-8.
 */
export function decodeFeedBody(body: Buffer, contentType?: string, options: { maxInflatedBytes?: number } = {}): string {
  const bytes = isGzip(body) ? gunzip(body, options.maxInflatedBytes ?? MAX_INFLATED_BYTES) : body;
  const charset = detectCharset(bytes, contentType);
  // NOTE: UTF-8 (nearly every feed) decodes natively, as iconv-lite would (U+FFFD for broken sequences), at half the cost.
  const text = charset === 'utf-8' ? withoutBom(bytes.toString('utf8')) : iconv.decode(bytes, charset, { stripBOM: true });
  return text.replace(XML_ILLEGAL_CHARS, '');
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Names the iconv-lite charset {@link decodeFeedBody} will use for `body` (already gunzipped). */
export function detectCharset(body: Buffer, contentType?: string): string {
  const charset = pickCharset(body, contentType);
  // A BOM-less UTF-16 declaration says nothing about byte order; the NUL positions do.
  if (charset === 'utf-16') return utf16FromNulPattern(body) ?? 'utf-16le';
  return charset;
}

function pickCharset(body: Buffer, contentType: string | undefined): string {
  const bom = charsetFromBom(body);
  if (bom !== undefined) return bom;

  const httpCharset = normaliseCharset(charsetFromContentType(contentType));
  const declared = normaliseCharset(charsetFromXmlDeclaration(body));

  if (httpCharset !== undefined && isPossible(httpCharset, body)) {
    // NOTE: servers often label every text/xml response as Latin-1 or ASCII by default; when the document
    // itself says UTF-8 and its bytes really are UTF-8 with non-ASCII content, the two agreeing signals win.
    const overriddenByDocument =
      httpCharset === DEFAULT_LATIN_CHARSET && declared === 'utf-8' && isConvincingUtf8(body);
    if (!overriddenByDocument) return httpCharset;
  }
  if (declared !== undefined && isPossible(declared, body)) return declared;

  const utf16 = utf16FromNulPattern(body);
  if (utf16 !== undefined) return utf16;
  if (looksLikeJson(body)) return 'utf-8';
  return sniffCharset(body);
}

/**
 * Guesses the charset of an undeclared body: UTF-8 when the bytes are valid UTF-8 (or nearly so: more than
 * four well-formed multi-byte sequences per stray byte); otherwise a score over the high bytes (0x80–0xFF)
 * picks among GBK (gb18030), windows-1251, KOI8-R and windows-1252.
 *
 * The score: Cyrillic and CJK text is written almost entirely in high bytes, so most of its high bytes sit
 * in runs of three or more, while Latin-1 text (Portuguese, Spanish…) has isolated accented letters among
 * ASCII. If at least half the high bytes are in such runs the text is not Latin-1. GB2312-range Chinese
 * uses 0xA1–0xBF heavily (as lead and trail bytes), which Russian text in either Cyrillic charset almost
 * never does; if more than a quarter of the high bytes fall there it is GBK. Otherwise it is Cyrillic, and
 * since running text is mostly lowercase, the range holding most letters decides: lowercase а–я is
 * 0xE0–0xFF in windows-1251 but 0xC0–0xDF in KOI8-R.
 */
export function sniffCharset(body: Buffer): string {
  if (isUtf8(body)) return 'utf-8';
  const utf8 = utf8Stats(body);
  // Valid UTF-8, or UTF-8 with a few stray bytes (well-formed sequences far outnumber broken ones).
  if (utf8.invalid === 0 || utf8.multiByte > 4 * utf8.invalid) return 'utf-8';

  let high = 0;
  let inRuns = 0;
  let gbRange = 0;
  let c0ToDf = 0;
  let e0ToFf = 0;
  let run = 0;
  const flushRun = (): void => {
    if (run >= 3) inRuns += run;
    run = 0;
  };
  for (const byte of body) {
    if (byte < 0x80) {
      flushRun();
      continue;
    }
    high += 1;
    run += 1;
    if (byte >= 0xa1 && byte <= 0xbf) gbRange += 1;
    else if (byte >= 0xc0 && byte <= 0xdf) c0ToDf += 1;
    else if (byte >= 0xe0) e0ToFf += 1;
  }
  flushRun();

  if (inRuns * 2 < high) return 'windows-1252';
  if (gbRange * 4 > high) return 'gb18030';
  return e0ToFf >= c0ToDf ? 'windows-1251' : 'koi8-r';
}

/** Maps a charset label to the iconv-lite name Silkwire decodes it with, or undefined when unknown. */
export function normaliseCharset(label: string | undefined): string | undefined {
  if (label === undefined) return undefined;
  const name = label.trim().replace(/^["']|["']$/g, '').toLowerCase();
  if (name === '') return undefined;
  switch (name) {
    case 'utf8':
    case 'utf-8':
    case 'unicode-1-1-utf-8':
      return 'utf-8';
    // NOTE: browsers decode all of these as windows-1252; real "Latin-1" feeds use its 0x80–0x9F quotes.
    case 'iso-8859-1':
    case 'iso8859-1':
    case 'iso_8859-1':
    case 'latin1':
    case 'latin-1':
    case 'l1':
    case 'cp1252':
    case 'windows-1252':
    case 'x-cp1252':
      return 'windows-1252';
    // Plain ASCII is a subset; decoding stray high bytes as windows-1252 beats replacing them.
    case 'us-ascii':
    case 'ascii':
      return 'windows-1252';
    // GB2312 and GBK pages routinely contain characters outside their tables; GB18030 is the superset.
    case 'gb2312':
    case 'gb_2312':
    case 'gb_2312-80':
    case 'csgb2312':
    case 'x-gbk':
    case 'gbk':
    case 'cp936':
    case 'gb18030':
      return 'gb18030';
    case 'unicode':
    case 'utf-16':
    case 'utf16':
    case 'ucs-2':
      return 'utf-16';
    case 'utf-16le':
      return 'utf-16le';
    case 'utf-16be':
      return 'utf-16be';
    default:
      return iconv.encodingExists(name) ? name : 'utf-8';
  }
}

function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

function gunzip(body: Buffer, maxInflatedBytes: number): Buffer {
  try {
    return gunzipSync(body, { maxOutputLength: maxInflatedBytes });
  } catch (error) {
    const tooLarge = error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    if (tooLarge) {
      throw new FeedError('too-large', `gzip feed body inflates to more than ${maxInflatedBytes} bytes`, {
        retryable: false,
        data: { maxInflatedBytes },
        cause: error,
      });
    }
    throw new FeedError('decode', `gzip feed body is corrupt: ${(error as Error).message}`, { retryable: false, cause: error });
  }
}

function charsetFromBom(body: Buffer): string | undefined {
  const [b0, b1, b2, b3] = body;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8';
  if (b0 === 0xff && b1 === 0xfe) return b2 === 0 && b3 === 0 ? 'utf-32le' : 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'utf-32be';
  return undefined;
}

function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match?.[2];
}

function charsetFromXmlDeclaration(body: Buffer): string | undefined {
  // Dropping NULs lets the same pattern read a UTF-16 declaration; `latin1` maps bytes one to one.
  const head = body.subarray(0, HEAD_BYTES).toString('latin1').replace(/\0/g, '');
  const match = /<\?xml\s[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)\s*["']/.exec(head);
  return match?.[1];
}

/** False when the bytes rule the charset out, so that a false declaration cannot garble the text. */
function isPossible(charset: string, body: Buffer): boolean {
  if (charset.startsWith('utf-16') || charset.startsWith('utf-32')) {
    return body.subarray(0, HEAD_BYTES).includes(0);
  }
  if (charset === 'utf-8') {
    // NOTE: node's native check settles the usual case (valid UTF-8) without counting sequences in JS.
    if (isUtf8(body)) return true;
    // A declaration gets the benefit of the doubt: it only loses when broken sequences outnumber good ones.
    const stats = utf8Stats(body);
    return stats.invalid === 0 || stats.multiByte >= stats.invalid;
  }
  return true;
}

function isConvincingUtf8(body: Buffer): boolean {
  const stats = utf8Stats(body);
  return stats.invalid === 0 && stats.multiByte > 0;
}

function utf16FromNulPattern(body: Buffer): string | undefined {
  const head = body.subarray(0, HEAD_BYTES);
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < head.length; i += 1) {
    if (head[i] === 0) {
      if (i % 2 === 0) evenNuls += 1;
      else oddNuls += 1;
    }
  }
  const half = head.length / 4;
  if (oddNuls > half && evenNuls < oddNuls / 4) return 'utf-16le';
  if (evenNuls > half && oddNuls < evenNuls / 4) return 'utf-16be';
  return undefined;
}

function looksLikeJson(body: Buffer): boolean {
  for (const byte of body.subarray(0, HEAD_BYTES)) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
    return byte === 0x7b || byte === 0x5b;
  }
  return false;
}

/** Counts well-formed multi-byte UTF-8 sequences and stray bytes (overlongs and surrogates count as stray). */
function utf8Stats(body: Buffer): Utf8Stats {
  let multiByte = 0;
  let invalid = 0;
  let i = 0;
  while (i < body.length) {
    const b0 = body[i] as number;
    if (b0 < 0x80) {
      i += 1;
      continue;
    }
    const length = sequenceLength(body, i);
    if (length === 0) {
      invalid += 1;
      i += 1;
    } else {
      multiByte += 1;
      i += length;
    }
  }
  return { multiByte, invalid };
}

function sequenceLength(body: Buffer, i: number): number {
  const b0 = body[i] as number;
  const cont = (offset: number, low = 0x80, high = 0xbf): boolean => {
    const b = body[i + offset];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (b0 === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (b0 >= 0xe1 && b0 <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (b0 === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (b0 >= 0xf1 && b0 <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (b0 === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
