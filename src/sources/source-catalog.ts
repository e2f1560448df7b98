import { readFile } from 'node:fs/promises';
import { parseOpml, resolveSourceUrl } from './opml';
import type { Source } from './source';

/** Lists the sources to read. */
export interface SourceCatalog {
  list(): Promise<Source[]>;
}

/** A catalogue read from an OPML file on each call (so edits apply at the next poll); relative feed paths resolve beside the file. */
export function createOpmlSourceCatalog(opmlPath: string): SourceCatalog {
  return {
    async list() {
      const sources = parseOpml(await readFile(opmlPath, 'utf8'));
      return sources.map((source) => ({ ...source, url: resolveSourceUrl(source.url, opmlPath) }));
    },
  };
}
