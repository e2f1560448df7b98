/** Pairwise clustering quality: of the pairs put together, how many belong together, and how many of those that do. */
export interface PairwiseScore {
  precision: number;
  recall: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

/**
 * Scores a clustering against true labels by pairs: precision = correct pairs / predicted pairs,
 * recall = correct pairs / true pairs (both 1 when there are no pairs to find).
 */
export function pairwiseScore(truth: readonly string[], predicted: readonly string[]): PairwiseScore {
  let truePairs = 0;
  let predictedPairs = 0;
  let correctPairs = 0;
  for (let i = 0; i < truth.length; i++) {
    for (let j = i + 1; j < truth.length; j++) {
      const same = truth[i] === truth[j];
      const together = predicted[i] === predicted[j];
      if (same) truePairs++;
      if (together) predictedPairs++;
      if (same && together) correctPairs++;
    }
  }
  return {
    precision: predictedPairs === 0 ? 1 : correctPairs / predictedPairs,
    recall: truePairs === 0 ? 1 : correctPairs / truePairs,
    truePairs,
    predictedPairs,
    correctPairs,
  };
}
