// Story clustering over the real feeds in ../shared/feeds: µs per article and stories per second for the clusterer
// alone, and ingest items/s with clustering included (decodeFeedBody → parseFeed → toArticles → clusterer.add).
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Article } from '../src/articles/article';
import { classifyTopics } from '../src/classify/classifier';
import { FeedError } from '../src/errors';
import { decodeFeedBody } from '../src/feeds/decode';
import { parseFeed } from '../src/feeds/parse';
import { toArticles } from '../src/feeds/to-articles';
import { sourceIdFor, type Source } from '../src/sources/source';
import { createStoryClusterer } from '../src/stories/clusterer';
import { createSignatureExtractor } from '../src/stories/signature';
import { loadStoryFixtures } from '../tests/fixtures/stories/fixtures';
import { fmt, median, nowMs, SHARED_FEEDS_AVAILABLE, SHARED_FEEDS_DIR, type BenchOutcome } from './lib';

interface Feed {
  file: string;
  body: Buffer;
  source: Source;
}

function loadFeeds(): Feed[] {
  return readdirSync(SHARED_FEEDS_DIR)
    .filter((file) => !file.endsWith('.md'))
    .sort()
    .map((file) => {
      const path = resolve(SHARED_FEEDS_DIR, file);
      return { file, body: readFileSync(path), source: { id: sourceIdFor(path), name: file, url: path } };
    });
}

function articlesOf(feed: Feed): Article[] {
  try {
    return toArticles(feed.source, parseFeed(decodeFeedBody(feed.body)));
  } catch (error) {
    if (error instanceof FeedError) return [];
    throw error;
  }
}

/** Runs the stories bench (skips with a notice when ../shared/feeds is absent). */
export async function runStories(options: Map<string, string>): Promise<BenchOutcome> {
  if (!SHARED_FEEDS_AVAILABLE) {
    const summary = `stories: SKIPPED — ${SHARED_FEEDS_DIR} not found`;
    console.log(`NOTICE: ${summary}`);
    return { name: 'stories', summary };
  }
  const runs = Number(options.get('runs') ?? 5);
  const feeds = loadFeeds();
  createSignatureExtractor();
  classifyTopics({ title: 'warm-up' });

  // The clusterer alone, over every article of the corpus plus the labelled fixtures, oldest first.
  const corpus = [...feeds.flatMap(articlesOf), ...loadStoryFixtures().map((f) => f.article)].sort(
    (a, b) => (a.publishedAt ?? 0) - (b.publishedAt ?? 0),
  );
  const clusterTimes: number[] = [];
  let stories = 0;
  for (let run = 0; run <= runs; run++) {
    const clusterer = createStoryClusterer();
    const start = nowMs();
    for (const article of corpus) clusterer.add(article);
    const ms = nowMs() - start;
    stories = clusterer.stories().length;
    if (run > 0) clusterTimes.push(ms); // run 0 warms the JIT
  }
  const clusterMs = median(clusterTimes);
  const usPerArticle = (clusterMs * 1000) / corpus.length;
  console.log(
    `  clusterer: ${fmt(corpus.length)} articles → ${fmt(stories)} stories in ${fmt(clusterMs, 1)} ms (median of ${runs}) → ` +
      `${fmt(usPerArticle, 1)} µs/article, ${fmt(corpus.length / (clusterMs / 1000))} articles/s, ${fmt(stories / (clusterMs / 1000))} stories/s`,
  );

  // Ingest with clustering: every feed decoded, parsed, normalised, classified and clustered, as one pass.
  // The product clusters what ingest stores: new articles on a topic. Clustering every article is the worst case
  // (a corpus that is all on topic) and is timed too.
  const ingestTimes: number[] = [];
  const clusteredTimes: number[] = [];
  const allClusteredTimes: number[] = [];
  let items = 0;
  let clusteredArticles = 0;
  for (let run = 0; run <= runs; run++) {
    let plain = 0;
    let clustered = 0;
    let allClustered = 0;
    items = 0;
    clusteredArticles = 0;
    const clusterer = createStoryClusterer();
    const everything = createStoryClusterer();
    for (const feed of feeds) {
      const t0 = nowMs();
      let articles: Article[] = [];
      try {
        const parsed = parseFeed(decodeFeedBody(feed.body));
        items += parsed.items.length;
        articles = toArticles(feed.source, parsed);
      } catch (error) {
        if (!(error instanceof FeedError)) throw error;
      }
      const t1 = nowMs();
      for (const article of articles) if (article.topics.length > 0) {
        clusterer.add(article, 0);
        clusteredArticles += 1;
      }
      const t2 = nowMs();
      for (const article of articles) everything.add(article, 0);
      const t3 = nowMs();
      plain += t1 - t0;
      clustered += t2 - t0;
      allClustered += t1 - t0 + (t3 - t2);
    }
    if (run > 0) {
      ingestTimes.push(plain);
      clusteredTimes.push(clustered);
      allClusteredTimes.push(allClustered);
    }
  }
  const plainRate = items / (median(ingestTimes) / 1000);
  const clusteredRate = items / (median(clusteredTimes) / 1000);
  const allClusteredRate = items / (median(allClusteredTimes) / 1000);
  console.log(
    `  ingest over ${feeds.length} feeds (${fmt(items)} items): decode+parse+toArticles ${fmt(plainRate)} items/s; ` +
      `with clustering of the ${fmt(clusteredArticles)} on-topic articles ingest stores ${fmt(clusteredRate)} items/s; ` +
      `clustering every article ${fmt(allClusteredRate)} items/s`,
  );
  const summary =
    `stories: ${fmt(stories / (clusterMs / 1000))} stories/s, ${fmt(usPerArticle, 1)} µs/article over the shared feeds and fixtures ` +
    `(${fmt(corpus.length)} articles → ${fmt(stories)} stories); ingest ${fmt(plainRate)} items/s, ` +
    `${fmt(clusteredRate)} items/s with clustering (on-topic), ${fmt(allClusteredRate)} items/s clustering every article`;
  console.log(`\n${summary}`);
  return { name: 'stories', summary };
}
