import { describe, expect, it } from 'vitest';
import { feedbackRecord, feedbackSource } from '../../helpers/feedbackFixtures';
import { computeChunkScores, feedbackValence, UNCITED_WEIGHT, WRONG_SOURCE_WEIGHT } from '../../../src-main/core/quality/chunkScores';

const source = feedbackSource;
const feedback = feedbackRecord;

describe('chunk scores', () => {
  it('maps ratings, thumbs and corrections to a valence', () => {
    expect(feedbackValence({ rating: 5, thumbs: null, correction: null })).toBe(1);
    expect(feedbackValence({ rating: 1, thumbs: 'up', correction: null })).toBe(-1);
    expect(feedbackValence({ rating: 3, thumbs: null, correction: null })).toBe(0);
    expect(feedbackValence({ rating: null, thumbs: 'up', correction: null })).toBe(1);
    expect(feedbackValence({ rating: null, thumbs: 'down', correction: null })).toBe(-1);
    expect(feedbackValence({ rating: 5, thumbs: null, correction: 'It was 1998, not 1989.' })).toBe(-0.5);
    expect(feedbackValence({ rating: 5, thumbs: null, correction: '   ' })).toBe(1);
    // No rating and no thumb: no direction, unless a correction says the answer was wrong.
    expect(feedbackValence({ rating: null, thumbs: null, correction: null })).toBe(0);
    expect(feedbackValence({ rating: null, thumbs: null, correction: 'Page 12, not 21.' })).toBe(-0.5);
  });

  it('gives no scores and a neutral library mean when there is no feedback', () => {
    expect(computeChunkScores([], { priorWeight: 2 })).toEqual({ scores: [], libraryMean: 0, feedbacks: 0 });
  });

  it('adds up the votes of several feedbacks on one chunk', () => {
    const { scores } = computeChunkScores(
      // 1, -0.5 and 1 at weight 1 each.
      [feedback('a', [source(1, ['x'])], { rating: 5 }), feedback('b', [source(1, ['x'])], { rating: 2 }), feedback('c', [source(1, ['x'])], { thumbs: 'up' })],
      { priorWeight: 0 },
    );
    expect(scores).toEqual([{ chunkId: 'x', documentId: 'd', score: 0.75, mean: 0.5, votes: 3, weight: 3 }]);
  });

  it('keeps the stronger of two votes on a chunk two sources share, whichever comes first', () => {
    const { scores } = computeChunkScores(
      [
        feedback(
          'a',
          [
            source(1, ['first-stronger']), // cited, rank 1: weight 1
            source(2, ['first-stronger', 'later-stronger'], { cited: false }), // weight 0.3 / √2
            source(3, ['later-stronger']), // cited, rank 3: weight 1 / √3
          ],
          { rating: 5 },
        ),
        feedback('b', [source(1, ['marked']), source(2, ['marked'])], { rating: 5, wrongSources: [2] }),
      ],
      { priorWeight: 0 },
    );
    const byId = new Map(scores.map((s) => [s.chunkId, s]));
    expect(byId.get('first-stronger')).toMatchObject({ weight: 1, votes: 1 });
    expect(byId.get('later-stronger')!.weight).toBeCloseTo(1 / Math.sqrt(3), 12);
    // A wrong-source mark beats the plain citation of the same chunk.
    expect(byId.get('marked')).toMatchObject({ mean: -1, weight: WRONG_SOURCE_WEIGHT, votes: 1 });
  });

  it('keeps a good rating on the sources not marked wrong', () => {
    const { scores } = computeChunkScores([feedback('a', [source(1, ['good']), source(2, ['bad'])], { rating: 5, wrongSources: [2] })], { priorWeight: 0 });
    const byId = new Map(scores.map((s) => [s.chunkId, s]));
    expect(byId.get('good')).toMatchObject({ mean: 1, weight: 1 });
    expect(byId.get('bad')).toMatchObject({ mean: -1 });
  });

  it('weighs cited sources by rank, uncited ones less, and smooths toward the library mean', () => {
    const { scores, libraryMean } = computeChunkScores(
      [feedback('a', [source(1, ['x']), source(4, ['y'], { cited: false })], { rating: 1 }), feedback('b', [source(1, ['z'])], { rating: 5 })],
      { priorWeight: 2 },
    );
    const wy = UNCITED_WEIGHT / 2;
    expect(libraryMean).toBeCloseTo((-1 - wy + 1) / (1 + wy + 1), 12);
    const byId = new Map(scores.map((s) => [s.chunkId, s]));
    expect(byId.get('x')).toMatchObject({ votes: 1, mean: -1, weight: 1 });
    expect(byId.get('x')!.score).toBeCloseTo(((-1 + 2 * libraryMean) / 3 + 1) / 2, 12);
    expect(byId.get('y')!.weight).toBeCloseTo(wy, 12);
    expect(byId.get('z')!.score).toBeGreaterThan(0.5);
  });

  it('hits a wrong source hard and does not pass the blame on to the sources the person did not mark', () => {
    const { scores } = computeChunkScores([feedback('a', [source(1, ['good']), source(2, ['bad'])], { thumbs: 'down', wrongSources: [2] })], { priorWeight: 0 });
    const byId = new Map(scores.map((s) => [s.chunkId, s]));
    expect(byId.get('bad')).toMatchObject({ mean: -1, weight: WRONG_SOURCE_WEIGHT, votes: 1 });
    expect(byId.get('good')).toMatchObject({ mean: 0, votes: 1 });
  });

  it('counts one vote per feedback on a chunk two sources share, and ignores withdrawn feedback', () => {
    const { scores, feedbacks } = computeChunkScores(
      [
        feedback('a', [source(1, ['x', 'y']), source(2, ['y'])], { rating: 2 }),
        feedback('b', [source(1, ['x'])], { rating: 1, withdrawn: true }),
      ],
      { priorWeight: 1 },
    );
    expect(feedbacks).toBe(1);
    expect(scores.map((s) => [s.chunkId, s.votes])).toEqual([
      ['x', 1],
      ['y', 1],
    ]);
  });

  it('gives the same scores whatever the order the feedback comes in', () => {
    const list = Array.from({ length: 200 }, (_, i) =>
      feedback(`f${String(i).padStart(3, '0')}`, [source(1, [`c${i % 7}`]), source(2, [`c${(i * 3) % 11}`], { cited: i % 2 === 0 })], {
        rating: (i % 5) + 1,
        wrongSources: i % 13 === 0 ? [2] : [],
      }),
    );
    const a = computeChunkScores(list, { priorWeight: 3 });
    const b = computeChunkScores([...list].reverse(), { priorWeight: 3 });
    expect(b).toEqual(a);
    expect(a.scores.map((s) => s.chunkId)).toEqual([...a.scores.map((s) => s.chunkId)].sort());
  });
});
