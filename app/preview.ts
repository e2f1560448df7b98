import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SilkwireError } from '../src/errors';
import { createFeedFetcher } from '../src/feeds/fetcher';
import { readFeed } from '../src/feeds/read-feed';
import { sourceIdFor, type Source } from '../src/sources/source';

const USAGE = 'Usage: npm run preview -- <feed URL or file path> [--json]';

/** Builds a one-off source for a URL, or a source of kind file for a local path (or file: URL) the operator typed. */
function sourceFor(target: string): Source {
  if (/^https?:\/\//i.test(target)) return { id: sourceIdFor(target), name: new URL(target).hostname, url: target };
  const path = target.startsWith('file:') ? fileURLToPath(target) : resolve(target);
  return { id: sourceIdFor(path), name: basename(path), url: path, kind: 'file' };
}

/** Runs one source through fetch, parse, normalise and classify, printing each item; nothing is stored. */
async function preview(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const targets = argv.filter((arg) => arg !== '--json');
  if (targets.length !== 1 || targets[0]!.startsWith('-')) {
    console.error(USAGE);
    return 2;
  }
  const source = sourceFor(targets[0]!);
  // NOTE: preview reads what the operator typed and stores nothing, so private addresses and the file's own folder are allowed.
  const fetcher = createFeedFetcher({
    timeoutMs: 20_000,
    maxBytes: 10 * 1024 * 1024,
    userAgent: 'Silkwire-preview/0.1',
    allowPrivate: true,
    ...(source.kind === 'file' ? { fileRoots: [dirname(source.url)] } : {}),
  });
  try {
    const result = await readFeed(fetcher, source);
    if (result.kind !== 'ok') throw new Error('unexpected not-modified reply to an unconditional request');
    for (const article of result.articles) {
      if (json) {
        const { title, url, language, topics, publishedAt, guid, description } = article;
        process.stdout.write(
          `${JSON.stringify({ title, url, language, topics, publishedAt: publishedAt === null ? null : new Date(publishedAt).toISOString(), guid: guid ?? null, description })}\n`,
        );
      } else {
        const topics = article.topics.length > 0 ? article.topics.join(', ') : '-';
        process.stdout.write(`[${article.language}] [${topics}] ${article.title}\n    ${article.url}\n`);
      }
    }
    if (!json) {
      const onTopic = result.articles.filter((article) => article.topics.length > 0).length;
      process.stdout.write(`\n${result.feed.format} feed "${result.feed.title ?? source.name}": ${result.feed.items.length} items, ${result.articles.length} usable, ${onTopic} on topic\n`);
    }
    return 0;
  } catch (error) {
    const message = error instanceof SilkwireError || error instanceof Error ? error.message : String(error);
    console.error(`preview: cannot read ${targets[0]}: ${message}`);
    return 1;
  } finally {
    await fetcher.close();
  }
}

// NOTE: `npm run preview -- … | head` closes stdout early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

preview(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
