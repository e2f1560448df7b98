import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../src/articles/article';
import { SilkwireError } from '../src/errors';
import { decodeFeedBody } from '../src/feeds/decode';
import type { FeedFetcher } from '../src/feeds/fetcher';
import { loadConfig } from '../src/config/config';
import { createCore } from '../src/core';
import { createRedis } from '../src/storage/redis';
import { parseFeed } from '../src/feeds/parse';
import { convertFeed, type SkipReason } from '../src/feeds/to-articles';
import { cleanText } from '../src/text/clean';
import { sourceIdFor, type Source } from '../src/sources/source';
import { createStoryClusterer } from '../src/stories/clusterer';
import { describeStory } from '../src/stories/story-view';

const USAGE =
  'Usage: npm run preview -- <feed URL or file path> [<feed URL or file path> …] [--json] [--stories [--all] [--lang=en]]';

const SKIP_WORDS: Readonly<Record<SkipReason | 'off-topic', string>> = {
  'no-title': 'without a title',
  'no-link': 'without a link',
  'off-topic': 'off-topic',
};

/** Builds a one-off source for a URL, or a source of kind file for a local path (or file: URL) the operator typed. */
function sourceFor(target: string): Source {
  if (/^https?:\/\//i.test(target)) return { id: sourceIdFor(target), name: new URL(target).hostname, url: target };
  const path = target.startsWith('file:') ? fileURLToPath(target) : resolve(target);
  return { id: sourceIdFor(path), name: basename(path), url: path, kind: 'file' };
}

/** "skipped 3 items: 2 without a title, 1 off-topic", or undefined when nothing was skipped. */
function skippedLine(skipped: Partial<Record<SkipReason | 'off-topic', number>>): string | undefined {
  const parts = Object.entries(skipped)
    .filter(([, n]) => (n ?? 0) > 0)
    .map(([reason, n]) => `${n} ${SKIP_WORDS[reason as SkipReason | 'off-topic']}`);
  if (parts.length === 0) return undefined;
  const total = Object.values(skipped).reduce((sum, n) => sum + (n ?? 0), 0);
  return `skipped ${total} item${total === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

interface ReadResult {
  source: Source;
  format: string;
  title: string;
  items: number;
  articles: Article[];
  skipped: Partial<Record<SkipReason | 'off-topic', number>>;
}

async function read(fetcher: FeedFetcher, target: string): Promise<ReadResult> {
  const source = sourceFor(target);
  const fetched = source.kind === 'file' ? await fetcher.readFile(source.url) : await fetcher.fetch(source.url);
  if (fetched.kind !== 'ok') throw new Error('unexpected not-modified reply to an unconditional request');
  const feed = parseFeed(decodeFeedBody(fetched.body, fetched.contentType));
  // The outlet is named by its feed's own title where it has one (a file name or host says less).
  const title = cleanText(feed.title ?? '');
  const named = title ? { ...source, name: title.slice(0, 80) } : source;
  const { articles, skipped } = convertFeed(named, feed);
  return { source, format: feed.format, title: feed.title ?? source.name, items: feed.items.length, articles, skipped };
}

function printItems(result: ReadResult, json: boolean): void {
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
    process.stdout.write(`\n${result.format} feed "${result.title}": ${result.items} items, ${result.articles.length} usable, ${onTopic} on topic\n`);
  }
}

function printStories(results: readonly ReadResult[], json: boolean, includeAll: boolean, language: string): number {
  const articles = results.flatMap((r) => r.articles);
  // Oldest first, as ingest would see them; undated items keep their feed order at the end.
  const ordered = articles
    .map((article, i) => ({ article, i }))
    .sort((a, b) => (a.article.publishedAt ?? Infinity) - (b.article.publishedAt ?? Infinity) || a.i - b.i)
    .map(({ article }) => article);
  const clusterer = createStoryClusterer();
  for (const article of ordered) clusterer.add(article);
  const stories = clusterer.stories().map((story) => describeStory(story, { language }));
  for (const view of stories) {
    if (json) {
      const { title, summary, topics, languages, sources, urls } = view;
      process.stdout.write(`${JSON.stringify({ title, summary, topics, languages, sources: sources.map((s) => s.name), urls })}\n`);
    } else {
      const names = view.sources.map((s) => s.name).join(', ');
      process.stdout.write(`[${view.topics.join(', ') || '-'}] ${view.title}\n${view.summary ? `    ${view.summary}\n` : ''}    ${names} · ${view.languages.join(', ')}\n`);
    }
  }
  if (!json) process.stdout.write(`\n${stories.length} stories from ${articles.length} articles${includeAll ? '' : ' on topic'}\n`);
  return stories.length;
}

/** Reads one or more sources through fetch, parse, normalise and classify, printing items or stories; nothing is stored. */
async function preview(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  const stories = argv.includes('--stories');
  const includeAll = argv.includes('--all');
  const language = argv.find((arg) => arg.startsWith('--lang='))?.slice('--lang='.length) || 'en';
  const unknown = argv.filter((arg) => arg.startsWith('-') && !['--json', '--stories', '--all'].includes(arg) && !arg.startsWith('--lang='));
  const targets = argv.filter((arg) => !arg.startsWith('-'));
  if (targets.length === 0 || unknown.length > 0) {
    console.error(USAGE);
    return 2;
  }
  // The core as the app builds it, with the operator's settings; preview stores nothing, so Redis is never contacted.
  // It reads what the operator typed: private addresses and the folders of the files named are allowed.
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  const fileRoots = targets.map(sourceFor).flatMap((source) => (source.kind === 'file' ? [dirname(source.url)] : []));
  const core = createCore(loadConfig({ ...process.env, ALLOW_PRIVATE_SOURCES: '1' }), redis, { fileRoots });
  const fetcher = core.fetcher;
  const results: ReadResult[] = [];
  let failed = 0;
  for (const target of targets) {
    try {
      const result = await read(fetcher, target);
      if (stories && !includeAll) {
        const offTopic = result.articles.filter((a) => a.topics.length === 0).length;
        result.articles = result.articles.filter((a) => a.topics.length > 0);
        if (offTopic > 0) result.skipped['off-topic'] = offTopic;
      }
      results.push(result);
      if (!stories) printItems(result, json);
      const prefix = targets.length > 1 ? `preview: ${target}: ` : 'preview: ';
      const line = skippedLine(result.skipped);
      if (result.items === 0) console.error(`${prefix}the feed has no items`);
      else if (line) console.error(`${prefix}${line}`);
    } catch (error) {
      failed += 1;
      const message = error instanceof SilkwireError || error instanceof Error ? error.message : String(error);
      console.error(`preview: cannot read ${target}: ${message}`);
    }
  }
  if (stories && results.length > 0) {
    const count = printStories(results, json, includeAll, language);
    if (count === 0) console.error('preview: no stories: no item was usable and on topic');
  }
  await core.close();
  redis.disconnect();
  return failed > 0 ? 1 : 0;
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
