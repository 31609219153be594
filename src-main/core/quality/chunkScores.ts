/**
 * Step 1 of an analysis run: per-chunk satisfaction scores from all current feedback.
 *
 * Each feedback gives a valence v in -1..1 (its 1-5 rating mapped linearly, else +1 for a thumbs up and
 * -1 for a thumbs down; a corrected answer caps it at CORRECTION_VALENCE). Every chunk behind one of
 * the answer's sources receives that vote with a weight: 1 when the answer cited the source,
 * UNCITED_WEIGHT when it was only sent to the model, divided by the square root of its retrieval rank.
 * A "wrong source" mark is a vote of -1 at WRONG_SOURCE_WEIGHT on that source's chunks; when a person
 * marked where the fault was, a negative valence is not passed on to the sources they did not mark.
 *
 * Scores are smoothed toward the library mean (a Bayesian prior of `priorWeight` votes), so a chunk
 * with one bad vote is not judged like one with twenty, and are given on 0..1 (0.5 = neutral).
 * The function is pure and ordered (feedback by id, chunks by id): the same feedback gives the same
 * scores, to the last bit.
 */
import type { Feedback } from '../../../src-shared/feedback';
import type { ChunkScoreRow } from './qualityStore';

export const UNCITED_WEIGHT = 0.3;
export const WRONG_SOURCE_WEIGHT = 3;
export const CORRECTION_VALENCE = -0.5;

/** A feedback's direction: -1 (bad) .. 1 (good). */
export function feedbackValence(feedback: Pick<Feedback, 'rating' | 'thumbs' | 'correction'>): number {
  let v = feedback.rating !== null ? (feedback.rating - 3) / 2 : feedback.thumbs === 'up' ? 1 : feedback.thumbs === 'down' ? -1 : 0;
  if (feedback.correction && feedback.correction.trim()) v = Math.min(v, CORRECTION_VALENCE);
  return v;
}

interface Tally {
  documentId: string;
  sumVW: number;
  sumW: number;
  votes: number;
}

export interface ChunkScoreResult {
  scores: ChunkScoreRow[];
  /** The library's weighted mean vote (-1..1), the prior every score is smoothed toward. */
  libraryMean: number;
  feedbacks: number;
}

export function computeChunkScores(feedbacks: readonly Feedback[], options: { priorWeight: number }): ChunkScoreResult {
  const ordered = feedbacks.filter((f) => !f.withdrawn).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const tallies = new Map<string, Tally>();
  for (const feedback of ordered) {
    const v = feedbackValence(feedback);
    const wrong = new Set(feedback.wrongSources);
    // Each chunk counts one vote per feedback, even when two sources of the answer share it.
    const touched = new Map<string, { documentId: string; v: number; w: number }>();
    for (const source of feedback.snapshot.sources) {
      const isWrong = wrong.has(source.n);
      const weight = isWrong ? WRONG_SOURCE_WEIGHT : (source.cited ? 1 : UNCITED_WEIGHT) / Math.sqrt(source.rank);
      const value = isWrong ? -1 : wrong.size > 0 && v < 0 ? 0 : v;
      for (const chunkId of source.chunkIds) {
        const earlier = touched.get(chunkId);
        // The stronger of two votes on one chunk stands (a wrong mark beats a plain citation).
        if (!earlier || weight > earlier.w) touched.set(chunkId, { documentId: source.documentId, v: value, w: weight });
      }
    }
    for (const [chunkId, vote] of touched) {
      let tally = tallies.get(chunkId);
      if (!tally) tallies.set(chunkId, (tally = { documentId: vote.documentId, sumVW: 0, sumW: 0, votes: 0 }));
      tally.sumVW += vote.v * vote.w;
      tally.sumW += vote.w;
      tally.votes++;
    }
  }

  const ids = [...tallies.keys()].sort();
  let allVW = 0;
  let allW = 0;
  for (const id of ids) {
    const t = tallies.get(id)!;
    allVW += t.sumVW;
    allW += t.sumW;
  }
  const libraryMean = allW > 0 ? allVW / allW : 0;
  const k = options.priorWeight;
  const scores = ids.map((chunkId): ChunkScoreRow => {
    const t = tallies.get(chunkId)!;
    const smoothed = (t.sumVW + k * libraryMean) / (t.sumW + k);
    return {
      chunkId,
      documentId: t.documentId,
      score: (smoothed + 1) / 2,
      mean: t.sumW > 0 ? t.sumVW / t.sumW : 0,
      votes: t.votes,
      weight: t.sumW,
    };
  });
  return { scores, libraryMean, feedbacks: ordered.length };
}
