import { createHash } from 'node:crypto';

/** Where a source is listed: the operator's OPML file, or added at run time with /addsource. */
export type SourceOrigin = 'opml' | 'runtime';

/** A feed Silkwire reads, as listed in the OPML file or added at run time. */
export interface Source {
  /** Stable id derived from the URL: safe in Redis keys and BullMQ job ids (no colon, never all digits). */
  id: string;
  name: string;
  /** An http(s) URL; for a source of kind `file`, the path of a feed file shipped in the bundled feeds folder. */
  url: string;
  /**
   * `file` for a bundled feed file, which an OPML outline declares with type="file"; absent for a feed on the web.
   * Only OPML sources may be of kind file, and the fetcher reads such files only inside the bundled feeds folder.
   */
  kind?: 'file';
  /** The language the OPML declares for the source, if any. */
  language?: string;
  /**
   * Where the source is listed, as stamped on fetch jobs by the poll planner. Every source is fetched through the same
   * private-address guard; only an 'opml' source may be of kind `file`. No origin counts as a runtime source.
   */
  origin?: SourceOrigin;
}

/** Derives a source's stable id from its URL. */
export function sourceIdFor(url: string): string {
  return `src-${createHash('sha1').update(url.trim()).digest('hex').slice(0, 12)}`;
}
