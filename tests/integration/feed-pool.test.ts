import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedError } from '../../src/errors';
import { processFeedBody, type FeedBodyJob } from '../../src/feeds/read-feed';
import { createFeedPool } from '../../src/ingest/feed-pool';
import { FEED_THREAD_NICE } from '../../src/ingest/feed-worker';
import { sourceIdFor, type Source } from '../../src/sources/source';
import { createTestCore } from '../helpers/core';
import { SHARED_FEEDS_AVAILABLE, sharedFeed } from '../helpers/shared';

const BIG = sharedFeed('giantbomb-podcast-huge.rss');
const ASIA = sharedFeed('economist-asia.rss');
const asiaSource: Source = { id: sourceIdFor(ASIA), name: 'Economist Asia', url: ASIA, kind: 'file', origin: 'opml' };
const jobOf = (file: string, maxItems = 100): FeedBodyJob => ({ source: { id: sourceIdFor(file), name: 'feed', url: file }, body: readFileSync(file), maxItems });

/** Counts the turns of this thread's event loop while `work` runs: 0 means the work held the loop the whole time. */
async function loopTurnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0;
  let running = true;
  const spin = (): void => {
    if (!running) return;
    turns += 1;
    setImmediate(spin);
  };
  const pending = work();
  setImmediate(spin);
  const value = await pending;
  running = false;
  return { value, turns };
}

describe.skipIf(!SHARED_FEEDS_AVAILABLE)('feed pool (INGEST_THREADS)', () => {
  const pool = createFeedPool({ threads: 1 });
  const inline = createFeedPool({ threads: 0 });
  afterAll(() => Promise.all([pool.close(), inline.close()]));

  it('turns a fetched body into the same articles in a worker thread as in-process', async () => {
    const expected = processFeedBody(jobOf(BIG));
    const got = await pool.process(jobOf(BIG));
    expect(got.articles.map((a) => `${a.title} ${a.url} ${a.topics.join(',')}`)).toEqual(expected.articles.map((a) => `${a.title} ${a.url} ${a.topics.join(',')}`));
    expect(got).toEqual(expected);
    expect(got.itemCount).toBe(730);
    expect(got.articles).toHaveLength(100);
  });

  it('moves the body to the worker instead of copying it: the caller is left with an empty buffer', async () => {
    const job = jobOf(BIG);
    expect(job.body.length).toBeGreaterThan(1_000_000);
    await pool.process(job);
    expect(job.body.length).toBe(0);
  });

  it('keeps the event loop turning while a big feed is parsed; in-process it is held until the parse is done', async () => {
    await pool.process(jobOf(BIG)); // the thread is started and warm
    const threaded = await loopTurnsDuring(() => pool.process(jobOf(BIG)));
    const inProcess = await loopTurnsDuring(() => inline.process(jobOf(BIG)));
    expect(threaded.value.articles).toHaveLength(100);
    expect(inProcess.value.articles).toHaveLength(100);
    expect(inProcess.turns).toBe(0);
    expect(threaded.turns).toBeGreaterThan(0);
  });

  it('rejects a hostile or broken feed with the FeedError (code, retryable) the in-process read throws', async () => {
    for (const [file, code] of [
      ['xml-bomb-billion-laughs.rss', 'hostile'],
      ['malformed-dylanharris.rss', 'parse'],
    ] as const) {
      const error = await pool.process(jobOf(sharedFeed(file))).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(FeedError);
      expect(error).toMatchObject({ code, retryable: false });
      expect(() => processFeedBody(jobOf(sharedFeed(file)))).toThrow((error as Error).message);
    }
    // The thread survives a refused feed.
    expect((await pool.process(jobOf(BIG))).articles).toHaveLength(100);
  });

  it('refuses work after close', async () => {
    const closing = createFeedPool({ threads: 1 });
    await closing.close();
    await expect(closing.process(jobOf(BIG))).rejects.toThrow(/closed/);
  });

  it('ingests through the core pool (INGEST_THREADS=1) and stores what an in-process ingest stores', async () => {
    const results = [];
    for (const threads of ['1', '0']) {
      const test = await createTestCore(`feed-pool-${threads}`, { env: { INGEST_THREADS: threads }, core: { fileRoots: [dirname(ASIA)] } });
      try {
        expect(test.core.feedPool.threads).toBe(Number(threads));
        const result = await test.core.ingest.ingest(asiaSource);
        const stored = await test.core.articles.latest('any', 500);
        results.push({ result, titles: stored.map((a) => a.title).sort() });
      } finally {
        await test.close();
      }
    }
    const [threaded, inProcess] = results;
    expect(threaded!.result).toMatchObject({ status: 'ok', items: 100, dropped: 200 });
    expect(threaded!.titles.length).toBeGreaterThan(0);
    expect(threaded!.result).toEqual(inProcess!.result);
    expect(threaded!.titles).toEqual(inProcess!.titles);
  });
});

describe.skipIf(process.platform !== 'linux')('feed pool threads on Linux', () => {
  /** The nice value of each thread of this process, by thread id (field 19 of /proc/self/task/<tid>/stat). */
  const niceByThread = () =>
    new Map(
      readdirSync('/proc/self/task').map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return [Number(tid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])] as const;
      }),
    );

  it('parse at a lower CPU priority than the thread that paces sends', async () => {
    const before = niceByThread();
    const pool = createFeedPool({ threads: 1 });
    try {
      const file = fileURLToPath(new URL('../fixtures/feeds/rss2.xml', import.meta.url));
      expect((await pool.process(jobOf(file))).articles.length).toBeGreaterThan(0);
      const after = niceByThread();
      const added = [...after].filter(([tid]) => !before.has(tid)).map(([, nice]) => nice);
      expect(added).toContain(FEED_THREAD_NICE);
      expect(after.get(process.pid)).toBe(before.get(process.pid)); // the main thread keeps its priority
    } finally {
      await pool.close();
    }
  });
});
