import { createHash } from 'node:crypto';

/** Where a source is listed: the operator's OPML file, or added at run time with /addsource. */
export type SourceOrigin = 'opml' | 'runtime';

/** A feed Silkwire reads, as listed in the OPML file or added at run time. */
export interface Source {
  /** Stable id derived from the URL: safe in Redis keys and BullMQ job ids (no colon, never all digits). */
  id: string;
  name: string;
  /** An http(s) URL, or a file path / file: URL for bundled feeds. */
  url: string;
  /** The language the OPML declares for the source, if any. */
  language?: string;
  /**
   * Where the source is listed, as stamped on fetch jobs by the poll planner. Only 'opml' sources are read without
   * the network guard; a source with no origin (e.g. a job queued by an older version) counts as a runtime one.
   */
  origin?: SourceOrigin;
}

/** Derives a source's stable id from its URL. */
export function sourceIdFor(url: string): string {
  return `src-${createHash('sha1').update(url.trim()).digest('hex').slice(0, 12)}`;
}
