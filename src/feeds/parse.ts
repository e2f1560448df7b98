import { DetectError, parseFeed as parseAnyFeed } from 'feedsmith';
import { hasEntityDeclarations } from '../text/xml';
import type { AnyFeed } from 'feedsmith';
import type { FeedItem, ParsedFeed } from '../articles/article';
import { FeedError } from '../errors';

/**
 * Parses a decoded feed document (RSS 0.9x/2.0, RSS 1.0/RDF, Atom 0.3/1.0 or JSON Feed) into a
 * {@link ParsedFeed}, refusing DTD entity declarations and mapping every failure to a {@link FeedError}.
 */
export function parseFeed(text: string): ParsedFeed {
  const document = text.replace(/^\uFEFF/, '').trim();
  if (document === '') {
    throw new FeedError('not-a-feed', 'the document is empty', { retryable: false });
  }
  if (hasEntityDeclarations(document)) {
    throw new FeedError('hostile', 'the document declares DTD entities (possible entity-expansion attack); refused', {
      retryable: false,
    });
  }

  const looksLikeJson = document.startsWith('{') || document.startsWith('[');
  if (looksLikeJson && !isParsableJson(document)) {
    throw new FeedError('parse', 'the document looks like JSON but is not valid JSON', { retryable: false });
  }

  let parsed: AnyFeed<string>;
  try {
    parsed = parseAnyFeed<string>(document);
  } catch (error) {
    if (error instanceof DetectError) {
      throw new FeedError('not-a-feed', 'the document is not an RSS, Atom, RDF or JSON feed', { retryable: false, cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new FeedError('parse', `the feed could not be parsed: ${reason}`, { retryable: false, cause: error });
  }

  switch (parsed.format) {
    case 'rss':
      return fromRss(parsed.feed);
    case 'atom':
      return fromAtom(parsed.feed);
    case 'rdf':
      return fromRdf(parsed.feed);
    case 'json':
      return fromJson(parsed.feed);
  }
}

/**
 * Converts a feed date (RFC 822/1123 with numeric offsets or zone abbreviations such as PST or WIB,
 * localized day and month names, ISO 8601/RFC 3339) to epoch milliseconds; undefined when unparsable.
 * A date without a zone is read as UTC.
 */
export function parseFeedDate(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  if (value === '') return undefined;
  const result = parseIsoDate(value) ?? parseRfc822Date(value);
  return result !== undefined && Number.isFinite(result) ? result : undefined;
}

type FeedOf<F extends AnyFeed['format']> = Extract<AnyFeed, { format: F }>['feed'];
type RssItem = NonNullable<FeedOf<'rss'>['items']>[number];
type AtomEntry = NonNullable<FeedOf<'atom'>['entries']>[number];

function fromRss(feed: FeedOf<'rss'>): ParsedFeed {
  return {
    format: 'rss',
    title: clean(feed.title),
    link: clean(feed.link),
    language: clean(feed.language) ?? clean(feed.dc?.languages?.[0]),
    items: compact((feed.items ?? []).map(rssItem)),
  };
}

function rssItem(item: RssItem): FeedItem {
  const guid = clean(item.guid?.value);
  const permalink = item.guid?.isPermaLink !== false && guid !== undefined && /^https?:\/\//i.test(guid) ? guid : undefined;
  return {
    guid,
    title: clean(item.title),
    link: clean(item.link) ?? permalink ?? alternateLink(item.atom?.links),
    description: clean(item.description) ?? clean(item.content?.encoded),
    content: clean(item.content?.encoded),
    publishedAt: firstDate(item.pubDate, item.dc?.dates?.[0], item.dcterms?.issued?.[0], item.atom?.published, item.atom?.updated),
  };
}

function fromRdf(feed: FeedOf<'rdf'>): ParsedFeed {
  return {
    format: 'rdf',
    title: clean(feed.title),
    link: clean(feed.link),
    language: clean(feed.dc?.languages?.[0]),
    items: compact(
      (feed.items ?? []).map((item) => ({
        guid: clean(item.rdf?.about) ?? clean(item.link),
        title: clean(item.title),
        link: clean(item.link),
        description: clean(item.description) ?? clean(item.content?.encoded),
        content: clean(item.content?.encoded),
        publishedAt: firstDate(item.dc?.dates?.[0], item.dcterms?.issued?.[0], item.dcterms?.modified?.[0]),
      })),
    ),
  };
}

function fromAtom(feed: FeedOf<'atom'>): ParsedFeed {
  return {
    format: 'atom',
    title: clean(feed.title?.value),
    link: alternateLink(feed.links),
    language: clean(feed.xml?.lang) ?? clean(feed.dc?.languages?.[0]),
    items: compact((feed.entries ?? []).map(atomEntry)),
  };
}

function atomEntry(entry: AtomEntry): FeedItem {
  return {
    guid: clean(entry.id),
    title: clean(entry.title?.value),
    link: alternateLink(entry.links),
    description: clean(entry.summary?.value) ?? clean(entry.content?.value),
    content: clean(entry.content?.value),
    publishedAt: firstDate(entry.published, entry.updated, entry.dc?.dates?.[0]),
  };
}

function fromJson(feed: FeedOf<'json'>): ParsedFeed {
  return {
    format: 'json',
    title: clean(feed.title),
    link: clean(feed.home_page_url),
    language: clean(feed.language),
    items: compact(
      (feed.items ?? []).map((item) => ({
        guid: clean(item.id),
        title: clean(item.title),
        link: clean(item.url) ?? clean(item.external_url),
        description: clean(item.summary) ?? clean(item.content_html) ?? clean(item.content_text),
        content: clean(item.content_html) ?? clean(item.content_text),
        publishedAt: firstDate(item.date_published, item.date_modified),
      })),
    ),
  };
}

/** Atom's article link: rel="alternate" (the default when rel is absent), preferring an HTML one. */
function alternateLink(links: ReadonlyArray<{ href?: string; rel?: string; type?: string }> | undefined): string | undefined {
  if (links === undefined) return undefined;
  const alternates = links.filter((link) => clean(link.href) !== undefined && (link.rel ?? 'alternate').toLowerCase() === 'alternate');
  const html = alternates.find((link) => link.type === undefined || /html/i.test(link.type));
  return clean((html ?? alternates[0])?.href);
}

function clean(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function firstDate(...candidates: Array<string | undefined>): number | undefined {
  for (const candidate of candidates) {
    const parsed = parseFeedDate(candidate);
    if (parsed !== undefined) return parsed;
  }
  return undefined;
}

/** Drops empty fields and items that carry nothing usable (no title, link or description). */
function compact(items: FeedItem[]): FeedItem[] {
  const result: FeedItem[] = [];
  for (const item of items) {
    if (item.title === undefined && item.link === undefined && item.description === undefined) continue;
    const entry: FeedItem = {};
    if (item.guid !== undefined) entry.guid = item.guid;
    if (item.title !== undefined) entry.title = item.title;
    if (item.link !== undefined) entry.link = item.link;
    if (item.description !== undefined) entry.description = item.description;
    if (item.content !== undefined && item.content !== item.description) entry.content = item.content;
    if (item.publishedAt !== undefined) entry.publishedAt = item.publishedAt;
    result.push(entry);
  }
  return result;
}

function isParsableJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// ---- dates ----

const ISO_DATE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

function parseIsoDate(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const offset = zone === undefined ? 0 : numericOffsetMinutes(zone) ?? 0;
  return buildUtc({
    year: Number(year),
    month: Number(month) - 1,
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    millisecond: fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0')),
    offsetMinutes: offset,
  });
}

/** Month names by their first three letters: English, Indonesian, Portuguese, Spanish, German, Russian. */
const MONTHS: Readonly<Record<string, number>> = {
  jan: 0, ene: 0, янв: 0,
  feb: 1, fev: 1, фев: 1,
  mar: 2, mär: 2, mrz: 2, мар: 2,
  apr: 3, abr: 3, апр: 3,
  may: 4, mai: 4, mei: 4, май: 4, мая: 4,
  jun: 5, июн: 5,
  jul: 6, июл: 6,
  aug: 7, ago: 7, agu: 7, ags: 7, авг: 7,
  sep: 8, set: 8, сен: 8,
  oct: 9, okt: 9, out: 9, окт: 9,
  nov: 10, ноя: 10,
  dec: 11, des: 11, dez: 11, dic: 11, дек: 11,
};

/**
 * Zone abbreviations in minutes east of UTC. RFC 822 zones keep their RFC meaning (CST is US Central,
 * not China); the rest are the unambiguous ones news feeds in our regions use.
 */
const ZONES: Readonly<Record<string, number>> = {
  z: 0, ut: 0, utc: 0, gmt: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600,
  bst: 60, cet: 60, cest: 120, met: 60, mest: 120, eet: 120, eest: 180, msk: 180,
  ist: 330, pkt: 300, wib: 420, wita: 480, wit: 540, hkt: 480, sgt: 480, jst: 540, kst: 540,
  aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

interface DateParts {
  day?: number;
  month?: number;
  year?: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  offsetMinutes: number;
}

function parseRfc822Date(value: string): number | undefined {
  // A leading "Tue," / "Seg," / "Senin," is a weekday in any language; it says nothing the date does not.
  const withoutWeekday = value.replace(/^[^\d\s,]+\.?,\s*/u, '');
  const tokens = withoutWeekday
    .toLowerCase()
    .replace(/\b(?:gmt|utc|ut)\s*(?=[+-]\d)/gu, '') // "GMT+0700" is just "+0700"
    .replace(/(?<=\p{L})-|-(?=\p{L})/gu, ' ') // "17-Feb-2026"
    .replace(/(?<=\d)(?=\p{L})|(?<=\p{L})(?=\d)/gu, ' ') // "17Feb2026"
    .replace(/(?<=:\d{2})(?=[+-]\d)/gu, ' ') // "10:00:00+0700"
    .split(/[\s,]+/u)
    .filter((token) => token !== '');

  const parts: DateParts = { hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: 0 };
  const numbers: number[] = [];
  for (const token of tokens) {
    const time = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/.exec(token);
    if (time !== null) {
      parts.hour = Number(time[1]);
      parts.minute = Number(time[2]);
      parts.second = Number(time[3] ?? 0);
      parts.millisecond = time[4] === undefined ? 0 : Number(time[4].slice(0, 3).padEnd(3, '0'));
      continue;
    }
    const offset = numericOffsetMinutes(token);
    if (offset !== undefined && /^[+-]/.test(token)) {
      parts.offsetMinutes = offset;
      continue;
    }
    if (/^\d+$/.test(token)) {
      numbers.push(Number(token));
      if (token.length > 2) parts.year = Number(token);
      continue;
    }
    const word = token.replace(/\.$/, '');
    if (ZONES[word] !== undefined) {
      parts.offsetMinutes = ZONES[word];
      continue;
    }
    const month = MONTHS[word.slice(0, 3)];
    if (month !== undefined && parts.month === undefined) {
      parts.month = month;
      continue;
    }
    // Anything else (a weekday without a comma, "at", a zone we do not know) is ignored.
  }

  if (parts.month === undefined) return undefined;
  const small = numbers.filter((n) => n !== parts.year);
  if (parts.year === undefined) {
    // Two-digit years ("17 Feb 26"): the second small number is the year.
    const twoDigit = small[1];
    if (twoDigit === undefined) return undefined;
    parts.year = twoDigit < 50 ? 2000 + twoDigit : 1900 + twoDigit;
  }
  parts.day = small[0];
  if (parts.day === undefined) return undefined;
  return buildUtc({ ...parts, day: parts.day, month: parts.month, year: parts.year });
}

function numericOffsetMinutes(zone: string): number | undefined {
  if (/^(z|utc|gmt)$/i.test(zone)) return 0;
  const match = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (match === null) return undefined;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 14 || minutes > 59) return undefined;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (hours * 60 + minutes);
}

function buildUtc(parts: Required<DateParts>): number | undefined {
  const { year, month, day, hour, minute, second, millisecond, offsetMinutes } = parts;
  // Years before 1900 are placeholders ("0001-01-01"), and Date.UTC would read 0–99 as 1900–1999.
  if (year < 1900 || year > 9999) return undefined;
  if (month < 0 || month > 11 || day < 1 || day > 31) return undefined;
  if (hour > 24 || minute > 59 || second > 60) return undefined;
  const utc = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), millisecond);
  // Date.UTC rolls 31 Feb over into March; a date that does not exist is not a date.
  if (new Date(utc).getUTCDate() !== day && hour < 24) return undefined;
  return utc - offsetMinutes * 60_000;
}
