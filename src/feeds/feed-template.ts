/** Bundled feed files with this ending are templates: their dates are filled in when they are read. */
export const FEED_TEMPLATE_SUFFIX = '.template.rss';

/**
 * Fills a bundled feed template: each `{{hours-ago:N}}` becomes the RFC 822 date N hours (decimals allowed) before
 * `now`, so a demo feed always carries recent news.
 */
export function renderFeedTemplate(text: string, now: number): string {
  return text.replace(/\{\{hours-ago:(\d+(?:\.\d+)?)\}\}/g, (_, hours: string) => new Date(now - Number(hours) * 3_600_000).toUTCString());
}
