import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { createHealthCheck, createUpdateMonitor, healthHandler, ingestSummaryFrom, type HealthDeps } from '../../src/observability/health';
import type { SourceState, SourceStateStore } from '../../src/sources/source-state-store';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function setup(overrides: Partial<HealthDeps> = {}) {
  let now = T0;
  const state: { lastUpdateAt: number | undefined; lastIngestAt: number | undefined; sources: number; failing: number } = {
    lastUpdateAt: undefined,
    lastIngestAt: undefined,
    sources: 1,
    failing: 0,
  };
  const health = createHealthCheck({
    ping: async () => 'PONG',
    lastUpdateAt: () => state.lastUpdateAt,
    ingestSummary: async () => ({
      ...(state.lastIngestAt === undefined ? {} : { lastSuccessAt: state.lastIngestAt }),
      sources: state.sources,
      failing: state.failing,
    }),
    now: () => now,
    roles: { bot: true, worker: true },
    maxIngestAgeMs: 30 * MIN,
    maxUpdateAgeMs: 2 * MIN,
    startupGraceMs: 5 * MIN,
    timeoutMs: 50,
    ...overrides,
  });
  return {
    health,
    state,
    advance(ms: number) {
      now += ms;
    },
    now: () => now,
  };
}

describe('createHealthCheck', () => {
  it('is healthy at start-up before the first poll and ingest, within the grace period', async () => {
    const { health, advance } = setup();
    advance(MIN);
    const result = await health.check();
    expect(result.healthy).toBe(true);
    expect(result.body).toMatchObject({
      status: 'ok',
      roles: { bot: true, worker: true },
      uptimeSeconds: 60,
      checks: {
        redis: { ok: true },
        updates: { ok: true, state: 'starting', lastAt: null, ageSeconds: null, maxAgeSeconds: 120 },
        ingest: { ok: true, state: 'starting', lastAt: null, ageSeconds: null, maxAgeSeconds: 1800 },
      },
    });
  });

  it('turns unhealthy after the grace period when nothing ever arrived', async () => {
    const { health, advance } = setup();
    advance(5 * MIN);
    const result = await health.check();
    expect(result.healthy).toBe(false);
    expect(result.body.status).toBe('fail');
    expect(result.body.checks.updates).toMatchObject({ ok: false, state: 'stale' });
    expect(result.body.checks.ingest).toMatchObject({ ok: false, state: 'stale' });
  });

  it('reports fresh times with their ages, and goes stale past each max age', async () => {
    const { health, state, advance, now } = setup();
    advance(10 * MIN);
    state.lastUpdateAt = now() - 30_000;
    state.lastIngestAt = now() - 20 * MIN;
    let result = await health.check();
    expect(result.healthy).toBe(true);
    expect(result.body.checks.updates).toEqual({
      ok: true,
      state: 'fresh',
      lastAt: new Date(now() - 30_000).toISOString(),
      ageSeconds: 30,
      maxAgeSeconds: 120,
    });
    expect(result.body.checks.ingest).toMatchObject({ ok: true, state: 'fresh', ageSeconds: 1200 });

    advance(2 * MIN);
    result = await health.check();
    expect(result.body.checks.updates).toMatchObject({ ok: false, state: 'stale', ageSeconds: 150 });
    expect(result.body.checks.ingest).toMatchObject({ ok: true, ageSeconds: 1320 });
    expect(result.healthy).toBe(false);

    state.lastUpdateAt = now();
    advance(9 * MIN);
    state.lastUpdateAt = now() - 1000;
    result = await health.check();
    expect(result.body.checks.updates?.ok).toBe(true);
    expect(result.body.checks.ingest).toMatchObject({ ok: false, state: 'stale', ageSeconds: 1860 });
    expect(result.healthy).toBe(false);
  });

  it('an old ingest is tolerated during the start-up grace (a worker restarted after downtime)', async () => {
    const { health, state } = setup({ roles: { bot: false, worker: true } });
    state.lastIngestAt = T0 - 3 * 3_600_000;
    const result = await health.check();
    expect(result.healthy).toBe(true);
    expect(result.body.checks.ingest).toMatchObject({ ok: true, state: 'starting', ageSeconds: 10_800 });
  });

  it('is unhealthy when Redis does not answer within the timeout, or fails', async () => {
    const slow = setup({ ping: () => new Promise(() => undefined) });
    let result = await slow.health.check();
    expect(result.healthy).toBe(false);
    expect(result.body.checks.redis).toEqual({ ok: false, error: 'Redis did not answer within 50 ms' });

    const failing = setup({ ping: async () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) });
    result = await failing.health.check();
    expect(result.body.checks.redis).toEqual({ ok: false, error: 'connect ECONNREFUSED 127.0.0.1:6379' });
  });

  it('reports an ingest read that fails as an error', async () => {
    const { health } = setup({ ingestSummary: async () => Promise.reject(new Error('NOSCRIPT')) });
    const result = await health.check();
    expect(result.healthy).toBe(false);
    expect(result.body.checks.ingest).toEqual({
      ok: false,
      status: 'fail',
      state: 'error',
      lastAt: null,
      ageSeconds: null,
      maxAgeSeconds: 1800,
      sources: null,
      failing: null,
      error: 'NOSCRIPT',
    });
  });

  it('reports ingest as degraded, with the counts, when most sources fail even though one is fresh', async () => {
    const { health, state, advance, now } = setup({ roles: { bot: false, worker: true } });
    advance(10 * MIN);
    state.lastIngestAt = now() - MIN;
    state.sources = 31;
    state.failing = 30;
    const result = await health.check();
    expect(result.body.status).toBe('degraded');
    expect(result.body.checks.ingest).toMatchObject({ ok: true, status: 'degraded', state: 'fresh', sources: 31, failing: 30 });
    // Degraded is reported, not fatal: restarting the worker cannot bring outside feeds back.
    expect(result.healthy).toBe(true);
  });

  it('stays ok while at most half the sources fail, and reports the counts', async () => {
    const { health, state, advance, now } = setup({ roles: { bot: false, worker: true } });
    advance(10 * MIN);
    state.lastIngestAt = now() - MIN;
    state.sources = 4;
    state.failing = 2;
    let result = await health.check();
    expect(result.body.status).toBe('ok');
    expect(result.body.checks.ingest).toMatchObject({ ok: true, status: 'ok', sources: 4, failing: 2 });
    state.failing = 3;
    result = await health.check();
    expect(result.body.status).toBe('degraded');
    expect(result.body.checks.ingest).toMatchObject({ status: 'degraded', sources: 4, failing: 3 });
  });

  it('a stale ingest fails whatever the counts', async () => {
    const { health, state, advance } = setup({ roles: { bot: false, worker: true } });
    advance(60 * MIN);
    state.sources = 31;
    state.failing = 30;
    const result = await health.check();
    expect(result.healthy).toBe(false);
    expect(result.body.status).toBe('fail');
    expect(result.body.checks.ingest).toMatchObject({ ok: false, status: 'fail', state: 'stale', sources: 31, failing: 30 });
  });

  it('checks only what the roles run', async () => {
    const bot = await setup({ roles: { bot: true, worker: false } }).health.check();
    expect(Object.keys(bot.body.checks)).toEqual(['redis', 'updates']);
    const worker = await setup({ roles: { bot: false, worker: true } }).health.check();
    expect(Object.keys(worker.body.checks)).toEqual(['redis', 'ingest']);
  });
});

describe('createUpdateMonitor', () => {
  it('stamps the time it is touched, and nothing before', () => {
    let now = 1000;
    const monitor = createUpdateMonitor({ now: () => now });
    expect(monitor.lastUpdateAt()).toBeUndefined();
    now = 3000;
    monitor.touch();
    expect(monitor.lastUpdateAt()).toBe(3000);
  });
});

describe('ingestSummaryFrom', () => {
  it('counts the catalogue and its failing sources, and takes the newest lastSuccessAt', async () => {
    const states = new Map<string, SourceState>([
      ['a', { failures: 0, lastSuccessAt: 500 }],
      ['b', { failures: 2, lastResult: 'error' }],
      ['c', { failures: 0, lastSuccessAt: 900 }],
    ]);
    const store = { getMany: async (ids: readonly string[]) => new Map(ids.map((id) => [id, states.get(id) ?? { failures: 0 }])) } as unknown as SourceStateStore;
    const catalog = (ids: string[]) => ({ list: async () => ids.map((id) => ({ id, name: id, url: `https://${id}.example/rss` })) });
    expect(await ingestSummaryFrom({ sources: catalog(['a', 'b', 'c']), sourceStates: store })()).toEqual({ lastSuccessAt: 900, sources: 3, failing: 1 });
    expect(await ingestSummaryFrom({ sources: catalog(['a', 'b']), sourceStates: store })()).toEqual({ lastSuccessAt: 500, sources: 2, failing: 1 });
    expect(await ingestSummaryFrom({ sources: catalog(['b']), sourceStates: store })()).toEqual({ sources: 1, failing: 1 });
    expect(await ingestSummaryFrom({ sources: catalog(['d']), sourceStates: store })()).toEqual({ sources: 1, failing: 0 });
  });
});

describe('healthHandler', () => {
  const servers: Array<ReturnType<typeof createServer>> = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function serve(healthy: boolean) {
    const { health } = setup({ ping: async () => (healthy ? 'PONG' : Promise.reject(new Error('down'))) });
    const app = express();
    app.get('/health', healthHandler(() => health.check()));
    const server = createServer(app);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
  }

  it('answers 200 with the JSON body when healthy', async () => {
    const response = await serve(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ status: 'ok', checks: { redis: { ok: true } } });
  });

  it('answers 503 when unhealthy', async () => {
    const response = await serve(false);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'fail', checks: { redis: { ok: false, error: 'down' } } });
  });
});

describe('polling problems', () => {
  it('a polling failure fails the updates check at once, even within the start-up grace and with a fresh poll', async () => {
    let problem: string | undefined = 'getUpdates failed: 409 Conflict (another instance is polling, or a webhook is set)';
    const { health, state } = setup({ updateProblem: () => problem });
    state.lastUpdateAt = T0;
    state.lastIngestAt = T0;
    const failing = await health.check();
    expect(failing.healthy).toBe(false);
    expect(failing.body.checks.updates).toMatchObject({ ok: false, state: 'error', error: problem });
    problem = undefined;
    const back = await health.check();
    expect(back.healthy).toBe(true);
    expect(back.body.checks.updates?.state).toBe('fresh');
  });
});
