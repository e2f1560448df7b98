import { UserInputError } from '../errors';
import { redactUrl } from './url-safety';
import type { Keys } from '../storage/keys';
import type { Redis } from '../storage/redis';
import type { Source, SourceOrigin } from './source';
import type { SourceCatalog } from './source-catalog';

/** A source an operator added at run time, with when and by whom. */
export interface RuntimeSource extends Source {
  addedAt: number;
  /** Telegram user id of the operator who added it. */
  addedBy?: number;
}

/** Stores the sources added at run time (beside the OPML file, which stays read-only). */
export interface RuntimeSourceStore {
  /** Every runtime source, oldest first. */
  list(): Promise<RuntimeSource[]>;
  /** Adds a source unless one with the same id is stored; true when it was added. */
  add(source: RuntimeSource): Promise<boolean>;
  /** Removes a source and forgets its fetch state; true when it was stored. */
  remove(id: string): Promise<boolean>;
}

/** The hash of runtime sources (field: source id, value: JSON), under the instance prefix. */
export function runtimeSourcesKey(keys: Keys): string {
  return `${keys.prefix}:sources:runtime`;
}

function parseRuntimeSource(id: string, json: string): RuntimeSource | undefined {
  try {
    const value = JSON.parse(json) as Partial<RuntimeSource>;
    if (typeof value.url !== 'string' || typeof value.name !== 'string') return undefined;
    const source: RuntimeSource = { id, name: value.name, url: value.url, addedAt: Number(value.addedAt ?? 0) };
    if (typeof value.language === 'string') source.language = value.language;
    if (typeof value.addedBy === 'number') source.addedBy = value.addedBy;
    return source;
  } catch {
    return undefined;
  }
}

/** Creates the Redis-backed runtime source store (one hash under the instance prefix). */
export function createRedisRuntimeSourceStore(deps: { redis: Redis; keys: Keys }): RuntimeSourceStore {
  const { redis, keys } = deps;
  const key = runtimeSourcesKey(keys);
  return {
    async list() {
      const entries = Object.entries(await redis.hgetall(key));
      const sources = entries.map(([id, json]) => parseRuntimeSource(id, json)).filter((source): source is RuntimeSource => source !== undefined);
      return sources.sort((a, b) => a.addedAt - b.addedAt || a.id.localeCompare(b.id));
    },
    async add(source) {
      const { id, ...rest } = source;
      return (await redis.hsetnx(key, id, JSON.stringify(rest))) === 1;
    },
    async remove(id) {
      // NOTE: the fetch state (validators, backoff) goes too, so that adding the URL again starts afresh.
      const replies = await redis.multi().hdel(key, id).unlink(keys.source(id)).exec();
      return replies?.[0]?.[1] === 1;
    },
  };
}

export type { SourceOrigin } from './source';

/** A source with its origin (and, for runtime sources, when and by whom it was added). */
export interface CatalogEntry {
  source: Source;
  origin: SourceOrigin;
  addedAt?: number;
  addedBy?: number;
}

/** The OPML sources and the runtime ones as one catalogue, with the operations the admin commands need. */
export interface CombinedSourceCatalog extends SourceCatalog {
  /** OPML sources first, then runtime ones; a runtime source with an OPML source's id is left out. */
  entries(): Promise<CatalogEntry[]>;
  /** The entry whose id or (normalised) URL matches, if any. */
  find(urlOrId: string): Promise<CatalogEntry | undefined>;
  /** Adds a runtime source; throws UserInputError when its id or URL is already listed. */
  add(source: Source, meta: { addedAt: number; addedBy?: number }): Promise<CatalogEntry>;
  /** Removes a runtime source by id or URL; throws UserInputError when unknown or listed in the OPML file. */
  remove(urlOrId: string): Promise<Source>;
}

/** Normalises a URL for comparison (WHATWG form: lower-case host, default port dropped); paths are kept as given. */
export function normaliseSourceUrl(url: string): string {
  const trimmed = url.trim();
  try {
    return new URL(trimmed).href;
  } catch {
    return trimmed;
  }
}

/** Combines the OPML catalogue (read-only) with the runtime store: the ingest worker and the admin commands share it. */
export function createCombinedSourceCatalog(opmlCatalog: SourceCatalog, runtimeStore: RuntimeSourceStore): CombinedSourceCatalog {
  async function entries(): Promise<CatalogEntry[]> {
    const [opml, runtime] = await Promise.all([opmlCatalog.list(), runtimeStore.list()]);
    const seen = new Set<string>();
    const result: CatalogEntry[] = [];
    for (const source of opml) {
      if (seen.has(source.id)) continue;
      seen.add(source.id);
      result.push({ source, origin: 'opml' });
    }
    for (const { addedAt, addedBy, ...source } of runtime) {
      if (seen.has(source.id)) continue;
      seen.add(source.id);
      result.push({ source, origin: 'runtime', addedAt, ...(addedBy === undefined ? {} : { addedBy }) });
    }
    return result;
  }

  async function find(urlOrId: string): Promise<CatalogEntry | undefined> {
    const wanted = urlOrId.trim();
    const url = normaliseSourceUrl(wanted);
    return (await entries()).find((entry) => entry.source.id === wanted || normaliseSourceUrl(entry.source.url) === url);
  }

  return {
    async list() {
      return (await entries()).map((entry) => entry.source);
    },
    entries,
    find,
    async add(source, meta) {
      const existing = (await find(source.id)) ?? (await find(source.url));
      const duplicate = () =>
        new UserInputError(`${redactUrl(source.url)} is already a source${existing ? ` ("${existing.source.name}")` : ''}.`, { id: source.id });
      if (existing) throw duplicate();
      const runtime: RuntimeSource = { ...source, addedAt: meta.addedAt, ...(meta.addedBy === undefined ? {} : { addedBy: meta.addedBy }) };
      if (!(await runtimeStore.add(runtime))) throw duplicate();
      return { source, origin: 'runtime', addedAt: meta.addedAt, ...(meta.addedBy === undefined ? {} : { addedBy: meta.addedBy }) };
    },
    async remove(urlOrId) {
      const entry = await find(urlOrId);
      if (!entry) throw new UserInputError(`No source has the URL or id ${redactUrl(urlOrId.trim())}.`);
      if (entry.origin === 'opml') {
        throw new UserInputError(
          `"${entry.source.name}" is listed in the OPML source file, which the bot does not edit; remove it from that file and it is dropped at the next poll.`,
          { id: entry.source.id },
        );
      }
      await runtimeStore.remove(entry.source.id);
      return entry.source;
    },
  };
}
