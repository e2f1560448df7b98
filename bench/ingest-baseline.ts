// Ingest against an older checkout in the same process: `npm run bench -- ingest --baseline=DIR`, where DIR is a
// checkout with its own node_modules (e.g. `git worktree add ../base 0e6ebc6 && (cd ../base && npm ci)`). Both trees'
// decodeFeedBody → parseFeed → toArticles run over the shared feeds in turn, pass after pass, and their CPU time
// (process.cpuUsage, less sensitive than wall time to a noisy shared machine) is compared by median.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fmt, REPO_ROOT, SHARED_FEEDS_DIR } from './lib';

type Pass = () => { items: number; articles: number };

async function passOf(root: string, bodies: readonly Buffer[]): Promise<Pass> {
  const { decodeFeedBody } = (await import(resolve(root, 'src/feeds/decode.ts'))) as { decodeFeedBody: (body: Buffer) => string };
  const { parseFeed } = (await import(resolve(root, 'src/feeds/parse.ts'))) as { parseFeed: (text: string) => { items: unknown[] } };
  const { toArticles } = (await import(resolve(root, 'src/feeds/to-articles.ts'))) as { toArticles: (source: unknown, feed: unknown) => unknown[] };
  const source = { id: 'src-bench', name: 'Bench', url: 'https://bench.example/feed' };
  return () => {
    let items = 0;
    let articles = 0;
    for (const body of bodies) {
      try {
        const feed = parseFeed(decodeFeedBody(body));
        items += feed.items.length;
        articles += toArticles(source, feed).length;
      } catch {
        // refused feeds (hostile, unparseable) cost what they cost in both trees
      }
    }
    return { items, articles };
  };
}

const cpuMs = (pass: Pass) => {
  const start = process.cpuUsage();
  const counts = pass();
  const used = process.cpuUsage(start);
  return { ms: (used.user + used.system) / 1000, ...counts };
};

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Compares this checkout's ingest with the baseline's over all shared feeds and over the feeds both turn into the same articles. */
export async function compareIngestWithBaseline(baseline: string, passes = 25): Promise<string> {
  const files = readdirSync(SHARED_FEEDS_DIR)
    .filter((file) => !file.endsWith('.md'))
    .sort();
  const bodies = files.map((file) => readFileSync(resolve(SHARED_FEEDS_DIR, file)));
  // Feeds on which both give the same number of articles: the same work, compared like for like.
  const sameBodies: Buffer[] = [];
  for (const body of bodies) {
    const [b, n] = await Promise.all([passOf(resolve(baseline), [body]), passOf(REPO_ROOT, [body])]);
    if (b().articles === n().articles) sameBodies.push(body);
  }
  const lines: string[] = [];
  for (const [label, set] of [
    ['all feeds', bodies],
    ['feeds both turn into the same articles', sameBodies],
  ] as const) {
    const b = await passOf(resolve(baseline), set);
    const n = await passOf(REPO_ROOT, set);
    for (let i = 0; i < 3; i++) {
      b();
      n();
    }
    const bm: number[] = [];
    const nm: number[] = [];
    let bc = { items: 0, articles: 0 };
    let nc = { items: 0, articles: 0 };
    for (let i = 0; i < passes; i++) {
      const x = cpuMs(b);
      const y = cpuMs(n);
      bm.push(x.ms);
      nm.push(y.ms);
      bc = x;
      nc = y;
    }
    lines.push(
      `  ${label} (${set.length}): baseline ${fmt(median(bm), 1)} CPU ms/pass (${fmt(bc.items)} items → ${fmt(bc.articles)} articles, ${fmt(bc.items / (median(bm) / 1000))} items/s); ` +
        `this checkout ${fmt(median(nm), 1)} CPU ms/pass (${fmt(nc.items)} items → ${fmt(nc.articles)} articles, ${fmt(nc.items / (median(nm) / 1000))} items/s); ratio ${(median(nm) / median(bm)).toFixed(3)}`,
    );
  }
  return lines.join('\n');
}
