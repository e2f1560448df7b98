import { pathToFileURL } from 'node:url';
import type { Article, FeedItem, ParsedFeed } from '../articles/article';
import { classifyTopics } from '../classify/classifier';
import { detectLanguage } from '../classify/language';
import type { Source } from '../sources/source';
import { canonicalUrl } from '../text/canonical-url';
import { cleanText, truncateText } from '../text/clean';

const MAX_DESCRIPTION = 600;
/**
 * The full body is kept as plain text up to this many characters: more than any reader of it takes (a summary's lead
 * sentences, the clusterer's and the store's 600, the classifier's 1,500). Cleaning HTML costs by the character.
 */
export const MAX_CONTENT = 1500;
/**
 * The plain text of the body's start, up to {@link MAX_CONTENT} characters. Only as much raw HTML is cleaned as that
 * takes: twice the text first, and more only when markup left too little (a 9,000-character body cleaned whole cost
 * more than all the rest of an item).
 */
function contentText(raw: string): string {
  let text = cleanText(raw.slice(0, 2 * MAX_CONTENT));
  if (text.length < MAX_CONTENT && raw.length > 2 * MAX_CONTENT) text = cleanText(raw.slice(0, 8 * MAX_CONTENT));
  return truncateText(text, MAX_CONTENT);
}

/** Why an item of a feed did not become an article. */
export type SkipReason = 'no-title' | 'no-link';

/** The articles of a feed, and how many items were left out for each reason. */
export interface ConvertedFeed {
  articles: Article[];
  skipped: Partial<Record<SkipReason, number>>;
}

/** Normalises and classifies every usable item of a parsed feed; items without a title are dropped. */
export function toArticles(source: Source, feed: ParsedFeed): Article[] {
  return convertFeed(source, feed).articles;
}

/**
 * Like {@link toArticles}, and also counts the items it dropped by reason. An item without a link of its own keeps
 * its guid when that is a URL, else the feed's own link (or the source URL), marked `sharedUrl`.
 */
export function convertFeed(source: Source, feed: ParsedFeed): ConvertedFeed {
  const articles: Article[] = [];
  const skipped: Partial<Record<SkipReason, number>> = {};
  const skip = (reason: SkipReason): void => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  const hint = source.language ?? feed.language;
  const base = /^https?:/i.test(source.url) ? source.url : undefined;
  const fallbackUrl = feedFallbackUrl(source, feed, base);
  const aggregator = isGoogleNews(source, feed);
  for (const item of feed.items) {
    let title = cleanText(item.title ?? '');
    if (!title) {
      skip('no-title');
      continue;
    }
    const own = ownUrl(item, base);
    const url = own ?? fallbackUrl;
    if (!url) {
      skip('no-link');
      continue;
    }
    let sourceName = source.name;
    let publisher: string | undefined;
    let description = cleanHead(item.description ?? '', MAX_DESCRIPTION);
    // NOTE: only the head of a long body is cleaned (see contentText): cleaning megabytes of HTML to keep 1,500
    // characters would halve ingest throughput.
    let content = item.content ? contentText(item.content) : '';
    if (aggregator) {
      const split = splitPublisher(title);
      if (split) {
        title = split.title;
        publisher = split.publisher;
        sourceName = split.publisher;
      }
      // Google News descriptions and contents are lists of related headlines, not text about this one.
      description = '';
      content = '';
    }
    const guid = item.guid?.trim();
    articles.push({
      sourceId: source.id,
      sourceName,
      ...(guid ? { guid } : {}),
      title,
      url,
      description,
      ...(content && content !== description ? { content } : {}),
      ...(own ? {} : { sharedUrl: true }),
      ...(publisher ? { viaAggregator: publisher } : {}),
      publishedAt: item.publishedAt ?? null,
      language: detectLanguage(`${title}. ${description || content.slice(0, 600)}`, hint),
      topics: classifyTopics({ title, description, content }),
    });
  }
  return { articles, skipped };
}

/** How far the cleaned head of a field must run past the cut for the cut to be the one the whole field gives. */
const HEAD_MARGIN = 64;

/**
 * `truncateText(cleanText(html), max)`, cleaning only the head of a long field when that settles it: cleaning is
 * local (a tag, an entity, a run of spaces), so the head's text is the whole field's text but for a partial entity
 * or tag at its very end; once it runs HEAD_MARGIN characters past `max`, the cut falls where the whole field's would.
 */
function cleanHead(html: string, max: number): string {
  if (html.length > 4 * max) {
    let head = html.slice(0, 4 * max);
    const open = head.lastIndexOf('<');
    if (open > head.lastIndexOf('>')) head = head.slice(0, open);
    const cleaned = cleanText(head);
    if (cleaned.length >= max + HEAD_MARGIN) return truncateText(cleaned, max);
  }
  return truncateText(cleanText(html), max);
}

/** The item's own link, or its guid when that is an http(s) URL. */
function ownUrl(item: FeedItem, base: string | undefined): string | undefined {
  if (item.link) {
    const url = canonicalUrl(item.link, base);
    if (url) return url;
  }
  if (item.guid && /^https?:\/\//i.test(item.guid.trim())) return canonicalUrl(item.guid.trim());
  return undefined;
}

/** The URL an item without a link points to: the feed's home page, else the source itself (a file URL for a path). */
function feedFallbackUrl(source: Source, feed: ParsedFeed, base: string | undefined): string | undefined {
  if (feed.link) {
    const url = canonicalUrl(feed.link, base);
    if (url) return url;
  }
  if (base) return canonicalUrl(base);
  if (source.url.startsWith('file:')) return source.url;
  if (source.url.startsWith('/')) return pathToFileURL(source.url).href;
  return undefined;
}

/** True for Google News feeds, whose item titles end in " - Publisher". */
function isGoogleNews(source: Source, feed: ParsedFeed): boolean {
  return /(^|\.)news\.google\.com$/i.test(hostOf(source.url) ?? '') || /(^|\.)news\.google\.com$/i.test(hostOf(feed.link) ?? '') || /- Google News$/.test(feed.title ?? '');
}

function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

/** Splits "Headline - Publisher" at the last " - " (a publisher name is short and has no sentence in it). */
export function splitPublisher(title: string): { title: string; publisher: string } | undefined {
  const at = title.lastIndexOf(' - ');
  if (at <= 0) return undefined;
  const publisher = title.slice(at + 3).trim();
  const headline = title.slice(0, at).trim();
  if (!publisher || !headline || publisher.length > 60 || /[.!?。]$/.test(publisher)) return undefined;
  return { title: headline, publisher };
}
