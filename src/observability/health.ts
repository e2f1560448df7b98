import type { Request, Response } from 'express';
import type { SourceCatalog } from '../sources/source-catalog';
import type { SourceStateStore } from '../sources/source-state-store';

/** What {@link createHealthCheck} needs; every time is epoch milliseconds from `now`. */
export interface HealthDeps {
  /** Pings Redis (e.g. `() => redis.ping()`); a reply within `timeoutMs` means reachable. */
  ping: () => Promise<unknown>;
  /**
   * When the bot last heard from Telegram: the last time a getUpdates long poll returned (with or without
   * updates), see {@link createUpdateMonitor}. Undefined until the first poll returns.
   */
  lastUpdateAt: () => number | undefined;
  /** Why polling fails right now (e.g. 409 Conflict), or undefined; a problem fails the updates check at once. */
  updateProblem?: () => string | undefined;
  /** When any source was last read successfully, and how many sources there are and fail; see {@link ingestSummaryFrom}. */
  ingestSummary: () => Promise<IngestSummary>;
  now: () => number;
  roles: { bot: boolean; worker: boolean };
  /** The worker is unhealthy when no source was read successfully for this long. */
  maxIngestAgeMs: number;
  /** The bot is unhealthy when no getUpdates poll returned for this long (default 120 s: a 50 s long poll plus slack). */
  maxUpdateAgeMs?: number;
  /** After start-up a missing or old time is not yet a failure for this long (default: each check's max age). */
  startupGraceMs?: number;
  /** Budget for the Redis ping and the ingest read (default 1000 ms). */
  timeoutMs?: number;
}

/** What the source states say about ingest as a whole. */
export interface IngestSummary {
  /** The newest successful read (ok or not-modified) of any source. */
  lastSuccessAt?: number;
  /** Sources in the catalogue. */
  sources: number;
  /** Sources whose last fetch failed. */
  failing: number;
}

/** The Redis check in the health body. */
export interface RedisHealth {
  ok: boolean;
  latencyMs?: number;
  error?: string;
}

/** A freshness check (updates or ingest) in the health body; times are ISO strings, ages whole seconds. */
export interface FreshnessHealth {
  ok: boolean;
  /** fresh: within the max age; starting: too old or missing but within the start-up grace; stale: too old; error: could not tell. */
  state: 'fresh' | 'starting' | 'stale' | 'error';
  lastAt: string | null;
  ageSeconds: number | null;
  maxAgeSeconds: number;
  error?: string;
}

/**
 * The ingest check: fresh as a whole (some source read recently) and `degraded` when more than half the sources fail.
 * Degraded still answers 200, since restarting the worker cannot bring outside feeds back; the body says it.
 */
export interface IngestHealth extends FreshnessHealth {
  status: 'ok' | 'degraded' | 'fail';
  /** Sources in the catalogue, or null when they could not be read. */
  sources: number | null;
  /** Sources whose last fetch failed, or null when they could not be read. */
  failing: number | null;
}

/** The JSON body of /health: `degraded` when the process works but most sources fail. */
export interface HealthBody {
  status: 'ok' | 'degraded' | 'fail';
  roles: { bot: boolean; worker: boolean };
  uptimeSeconds: number;
  checks: { redis: RedisHealth; updates?: FreshnessHealth; ingest?: IngestHealth };
}

/** The outcome of one health check: healthy means HTTP 200, otherwise 503. */
export interface HealthResult {
  healthy: boolean;
  body: HealthBody;
}

const DEFAULT_MAX_UPDATE_AGE_MS = 120_000;
const DEFAULT_TIMEOUT_MS = 1000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Creates the health check: Redis reachable (always), updates flowing (bot role) and a recent successful ingest
 * (worker role). Both freshness checks pass during a start-up grace period counted from creation.
 */
export function createHealthCheck(deps: HealthDeps): { check(): Promise<HealthResult> } {
  const { now, roles, maxIngestAgeMs } = deps;
  const maxUpdateAgeMs = deps.maxUpdateAgeMs ?? DEFAULT_MAX_UPDATE_AGE_MS;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const startedAt = now();

  function freshness(lastAt: number | undefined, maxAgeMs: number, at: number): FreshnessHealth {
    const graceMs = deps.startupGraceMs ?? maxAgeMs;
    const ageMs = lastAt === undefined ? undefined : Math.max(0, at - lastAt);
    const fresh = ageMs !== undefined && ageMs <= maxAgeMs;
    const starting = !fresh && at - startedAt < graceMs;
    return {
      ok: fresh || starting,
      state: fresh ? 'fresh' : starting ? 'starting' : 'stale',
      lastAt: lastAt === undefined ? null : new Date(lastAt).toISOString(),
      ageSeconds: ageMs === undefined ? null : Math.floor(ageMs / 1000),
      maxAgeSeconds: Math.floor(maxAgeMs / 1000),
    };
  }

  async function redis(): Promise<RedisHealth> {
    const started = now();
    try {
      await within(Promise.resolve().then(deps.ping), timeoutMs, 'Redis');
      return { ok: true, latencyMs: Math.max(0, now() - started) };
    } catch (error) {
      return { ok: false, error: message(error) };
    }
  }

  async function ingest(at: number): Promise<IngestHealth> {
    let summary: IngestSummary;
    try {
      summary = await within(Promise.resolve().then(deps.ingestSummary), timeoutMs, 'the source state read');
    } catch (error) {
      const maxAgeSeconds = Math.floor(maxIngestAgeMs / 1000);
      return { ok: false, status: 'fail', state: 'error', lastAt: null, ageSeconds: null, maxAgeSeconds, sources: null, failing: null, error: message(error) };
    }
    const fresh = freshness(summary.lastSuccessAt, maxIngestAgeMs, at);
    const degraded = summary.sources > 0 && summary.failing * 2 > summary.sources;
    const status = !fresh.ok ? 'fail' : degraded ? 'degraded' : 'ok';
    return { ...fresh, status, sources: summary.sources, failing: summary.failing };
  }

  return {
    async check() {
      const at = now();
      const [redisHealth, ingestHealth] = await Promise.all([redis(), roles.worker ? ingest(at) : undefined]);
      const checks: HealthBody['checks'] = { redis: redisHealth };
      if (roles.bot) {
        const problem = deps.updateProblem?.();
        const updates = freshness(deps.lastUpdateAt(), maxUpdateAgeMs, at);
        checks.updates = problem === undefined ? updates : { ...updates, ok: false, state: 'error', error: problem };
      }
      if (ingestHealth) checks.ingest = ingestHealth;
      const healthy = redisHealth.ok && (checks.updates?.ok ?? true) && (checks.ingest?.ok ?? true);
      return {
        healthy,
        body: {
          status: !healthy ? 'fail' : checks.ingest?.status === 'degraded' ? 'degraded' : 'ok',
          roles: { bot: roles.bot, worker: roles.worker },
          uptimeSeconds: Math.floor(Math.max(0, at - startedAt) / 1000),
          checks,
        },
      };
    },
  };
}

/** The express route for /health: 200 with the JSON body when healthy, 503 otherwise, never cached. */
export function healthHandler(check: () => Promise<HealthResult>) {
  return async (_req: Request, res: Response): Promise<void> => {
    const result = await check();
    res.status(result.healthy ? 200 : 503).set('cache-control', 'no-store').json(result.body);
  };
}

/** Remembers when the bot last heard from Telegram, for the "updates flowing" check. */
export interface UpdateMonitor {
  /** Stamps now: the poller calls it after each getUpdates reply, a middleware on each webhook update. */
  touch(): void;
  lastUpdateAt(): number | undefined;
}

/** Creates the update monitor; feed its lastUpdateAt to {@link createHealthCheck}. */
export function createUpdateMonitor(deps: { now: () => number }): UpdateMonitor {
  let last: number | undefined;
  const touch = () => {
    last = deps.now();
  };
  return {
    touch,
    lastUpdateAt: () => last,
  };
}

/** Builds the ingestSummary callback: the catalogue's size, its failing sources and the newest lastSuccessAt. */
export function ingestSummaryFrom(deps: { sources: SourceCatalog; sourceStates: SourceStateStore }): () => Promise<IngestSummary> {
  return async () => {
    const sources = await deps.sources.list();
    const states = await deps.sourceStates.getMany(sources.map((source) => source.id));
    let newest: number | undefined;
    let failing = 0;
    for (const state of states.values()) {
      if (state.lastSuccessAt !== undefined && (newest === undefined || state.lastSuccessAt > newest)) newest = state.lastSuccessAt;
      if (state.lastResult === 'error') failing += 1;
    }
    return { ...(newest === undefined ? {} : { lastSuccessAt: newest }), sources: sources.length, failing };
  };
}
