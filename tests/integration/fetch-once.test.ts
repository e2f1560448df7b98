import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestWorker } from '../../jobs/ingest-worker';
import { createQueues, type Queues } from '../../jobs/queues';
import { fetchJobId } from '../../src/jobs-contract';
import { sourceIdFor } from '../../src/sources/source';
import { createTestCore, type TestCore } from '../helpers/core';
import { opml, rss } from '../helpers/feed-server';

// A source whose fetch outlasts the poll interval: the next slot's fetch must not run beside it.
let test: TestCore;
let server: Server;
let queues: Queues;
let worker: ReturnType<typeof createIngestWorker>;
let dir: string;
let requests = 0;

const FEED = rss('Slow Wire', [
  { title: 'Kazakhstan opens a new rail line to China', link: 'https://slow.example/1' },
  { title: 'Tokayev meets Xi Jinping in Astana', link: 'https://slow.example/2' },
]);

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED), 1500);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  dir = mkdtempSync(join(tmpdir(), 'silkwire-fetch-once-'));
  const opmlFile = join(dir, 'sources.opml');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.rss`;
  writeFileSync(opmlFile, opml([{ name: 'Slow Wire', url }]));
  test = await createTestCore('fetch-once', { env: { FEEDS_FILE: opmlFile, ALLOW_PRIVATE_SOURCES: '1' } });
  queues = createQueues({ connection: test.redis, prefix: test.prefix });
  worker = createIngestWorker({ core: test.core, queues });
});

afterAll(async () => {
  await worker.close();
  await queues.close();
  await test.close();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('one fetch of a source at a time', () => {
  it('skips a second fetch of a source while the first is still reading it, and stores each article once', async () => {
    const [source] = await test.core.sources.list();
    expect(source?.id).toBe(sourceIdFor(source!.url));
    const results: unknown[] = [];
    worker.on('completed', (job, result) => results.push(result));
    await queues.ingest.addBulk(
      [1, 2].map((slot) => ({ name: 'fetch-source' as const, data: { source: { ...source!, origin: 'opml' as const }, slot }, opts: { jobId: fetchJobId(source!.id, slot) } })),
    );
    const deadline = Date.now() + 20_000;
    while (results.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toBe(1);
    expect(results).toContainEqual({ skipped: 'the source is being fetched already' });
    expect(results).toContainEqual({ status: 'ok', items: 2, created: 2 });
    expect((await test.core.articles.latest('any', 10)).map((a) => a.title).sort()).toEqual(['Kazakhstan opens a new rail line to China', 'Tokayev meets Xi Jinping in Astana']);
  });
});
