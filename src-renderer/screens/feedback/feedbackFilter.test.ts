import { describe, expect, it } from 'vitest';
import { FeedbackFilterSchema } from '../../../src-shared/feedback';
import { activeFilterCount, EMPTY_FILTER, endOfDay, filterProblems, startOfDay, toFeedbackFilter, type FeedbackFilterForm } from './feedbackFilter';

const form = (change: Partial<FeedbackFilterForm>): FeedbackFilterForm => ({ ...EMPTY_FILTER, ...change });

describe('feedback filters', () => {
  it('sends nothing for an empty form', () => {
    expect(toFeedbackFilter(EMPTY_FILTER)).toEqual({});
    expect(activeFilterCount(EMPTY_FILTER)).toBe(0);
  });

  it('turns each control into the filter the contract takes', () => {
    const filter = toFeedbackFilter(
      form({ minRating: '1', maxRating: '2', thumbs: 'down', collection: 'rapports', hasComment: true, hasCorrection: true, needsAttention: true, includeWithdrawn: true }),
      500,
    );
    expect(filter).toEqual({ minRating: 1, maxRating: 2, thumbs: 'down', collection: 'rapports', hasComment: true, hasCorrection: true, needsAttention: true, includeWithdrawn: true, limit: 500 });
    expect(FeedbackFilterSchema.safeParse(filter).success).toBe(true);
  });

  it('reads dates as whole local days: from midnight, to the last millisecond', () => {
    const since = startOfDay('2025-03-09')!;
    const until = endOfDay('2025-03-09')!;
    expect(new Date(since).getHours()).toBe(0);
    expect(new Date(since).getDate()).toBe(9);
    expect(Date.parse(until) - Date.parse(since)).toBe(24 * 3600_000 - 1);
    const filter = toFeedbackFilter(form({ from: '2025-03-01', to: '2025-03-09' }));
    expect(filter.since).toBe(startOfDay('2025-03-01'));
    expect(filter.until).toBe(until);
    expect(FeedbackFilterSchema.safeParse(filter).success).toBe(true);
  });

  it('ignores dates that do not exist and ratings out of range', () => {
    expect(startOfDay('2025-02-30')).toBeNull();
    expect(endOfDay('nonsense')).toBeNull();
    expect(toFeedbackFilter(form({ from: '2025-02-30', minRating: '7' }))).toEqual({});
  });

  it('explains filters that cannot match', () => {
    expect(filterProblems(form({ from: '2025-03-10', to: '2025-03-09' }))).toEqual({ dates: true });
    expect(filterProblems(form({ from: '2025-03-09', to: '2025-03-09' }))).toEqual({});
    expect(filterProblems(form({ minRating: '4', maxRating: '2' }))).toEqual({ ratings: true });
  });

  it('counts the filters set', () => {
    expect(activeFilterCount(form({ thumbs: 'up', hasComment: true, from: '2025-01-01' }))).toBe(3);
  });
});
