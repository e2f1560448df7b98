// `npm run eval:stories`: clusters the labelled story fixtures and prints pairwise precision and recall,
// then the wrongly merged and wrongly split pairs; `--sweep` also tries other windows and thresholds.
import { createStoryClusterer, DEFAULT_THRESHOLD, DEFAULT_WINDOW_MS } from '../src/stories/clusterer';
import { pairwiseScore } from '../src/stories/evaluate';
import { loadStoryFixtures } from '../tests/fixtures/stories/fixtures';

function run(windowMs: number, threshold: number, verbose: boolean): void {
  const fixtures = loadStoryFixtures();
  const clusterer = createStoryClusterer({ windowMs, threshold });
  const predicted = fixtures.map((f) => clusterer.add(f.article).storyId);
  const truth = fixtures.map((f) => f.event);
  const score = pairwiseScore(truth, predicted);
  console.log(
    `window ${windowMs / 3_600_000} h, threshold ${threshold}: ${fixtures.length} articles, ${new Set(truth).size} events → ` +
      `${new Set(predicted).size} stories; pairwise precision ${score.precision.toFixed(3)} (${score.correctPairs}/${score.predictedPairs}), ` +
      `recall ${score.recall.toFixed(3)} (${score.correctPairs}/${score.truePairs})`,
  );
  if (!verbose) return;
  for (let i = 0; i < fixtures.length; i++) {
    for (let j = i + 1; j < fixtures.length; j++) {
      const same = truth[i] === truth[j];
      const together = predicted[i] === predicted[j];
      if (same !== together) {
        console.log(`  ${together ? 'MERGED' : 'SPLIT '} ${truth[i]} "${fixtures[i]!.article.title}" | ${truth[j]} "${fixtures[j]!.article.title}"`);
      }
    }
  }
}

const sweep = process.argv.includes('--sweep');
run(DEFAULT_WINDOW_MS, DEFAULT_THRESHOLD, !sweep || process.argv.includes('--verbose'));
if (sweep) {
  for (const hours of [24, 36, 40, 48, 72]) for (const threshold of [0.3, 0.4, 0.5, 0.6, 0.7]) run(hours * 3_600_000, threshold, false);
}
