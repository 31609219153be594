import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src-shared/domain';
import { QUALITY_SETTINGS_DEFAULTS } from '../../../src-shared/settingsDefaults';
import { computeQualityStats, percentile } from '../../../src-main/core/quality/qualityStats';
import { feedbackRecord } from '../../helpers/feedbackFixtures';

function answer(totalMs: number, mode: Answer['mode'] = 'generative'): Answer {
  return {
    requestId: 'r',
    question: 'q',
    answer: 'abcd',
    mode,
    outcome: 'complete',
    sources: [],
    timings: { retrievalMs: 1, promptMs: 1, ttftMs: 1, generationMs: 1, totalMs, tokens: 1, tokensPerSecond: 1 },
    model: null,
    citationCheck: null,
  };
}

const empty = { days: 7, now: Date.parse('2026-12-08T00:00:00Z'), messages: [], feedbacks: [], documents: [], runs: [], lastRun: null, blacklistedChunks: 0, pendingReview: 0, openRecommendations: 0, settings: QUALITY_SETTINGS_DEFAULTS };

describe('quality statistics', () => {
  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([10, 20, 30, 40], 50)).toBe(20);
    expect(percentile([10, 20, 30, 40], 95)).toBe(40);
  });

  it('counts answers by mode, response times and ratings (thumbs as 5 and 1)', () => {
    const stats = computeQualityStats({
      ...empty,
      messages: [
        { role: 'user', answer: null, failed: false },
        { role: 'assistant', answer: answer(100), failed: false },
        { role: 'assistant', answer: answer(300, 'extractive'), failed: false },
        { role: 'assistant', answer: null, failed: true },
      ],
      feedbacks: [feedbackRecord('a', [], { rating: 4 }), feedbackRecord('b', [], { thumbs: 'up' }), feedbackRecord('c', [], { thumbs: 'down', correction: 'x' })],
    });
    expect(stats.questions).toBe(1);
    expect(stats.answersByMode).toEqual({ generative: 1, extractive: 1, failed: 1 });
    expect(stats.responseMs).toEqual({ p50: 100, p95: 300 });
    expect(stats.averageRating).toBe(3.33);
    expect(stats.ratingHistogram).toEqual([1, 0, 0, 1, 1]);
    expect(stats.correctedShare).toBe(0.333);
    expect(stats.attention.active).toBe(false);
    expect(stats.alerts).toEqual([]);
  });

  it('asks for attention and raises alerts past the thresholds', () => {
    const low = Array.from({ length: 10 }, (_, i) => feedbackRecord(`f${i}`, [], { rating: 2, correction: i < 3 ? 'fix' : null }));
    const stats = computeQualityStats({
      ...empty,
      feedbacks: low,
      documents: [],
      lastRun: { id: 'r1', status: 'failed', startedAt: '2026-12-07T03:00:00Z', error: { code: 'INTERNAL', message: 'disk full' } } as never,
    });
    expect(stats.attention.reasons.map((r) => r.code)).toEqual(['low-average', 'many-corrections']);
    expect(stats.alerts.map((a) => [a.code, a.severity])).toEqual([
      ['low-rating', 'critical'],
      ['last-run-failed', 'warning'],
    ]);
  });
});
