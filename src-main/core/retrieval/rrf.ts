/**
 * Reciprocal rank fusion: each list votes 1/(k + rank) for its items. It needs no score calibration
 * between BM25 and cosine similarity, which is why hybrid search uses it. k = 60 is the usual value
 * from the original paper (Cormack et al., 2009).
 */
export const RRF_K = 60;

export function reciprocalRankFusion(lists: readonly (readonly string[])[], k = RRF_K, weights?: readonly number[]): Map<string, number> {
  const scores = new Map<string, number>();
  lists.forEach((list, l) => {
    const weight = weights?.[l] ?? 1;
    list.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  });
  return scores;
}
