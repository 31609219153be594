import { describe, expect, it } from 'vitest';
import type { Feedback } from '../../../src-shared/feedback';
import { citedSources, clickThumb, draftOf, EMPTY_DRAFT, hasProblems, inputOf, isDirty, toggleWrongSource, validateDraft, type FeedbackDraft } from './feedbackDraft';

const stored = {
  thumbs: 'down',
  rating: 2,
  comment: 'Misses the date',
  correction: null,
  wrongSources: [3, 1],
  withdrawn: false,
} satisfies Pick<Feedback, 'thumbs' | 'rating' | 'comment' | 'correction' | 'wrongSources' | 'withdrawn'>;

const draft = (change: Partial<FeedbackDraft> = {}): FeedbackDraft => ({ ...EMPTY_DRAFT, wrongSources: [], ...change });

describe('feedback draft', () => {
  it('shows a stored feedback, sources sorted, and nothing for a withdrawn one', () => {
    expect(draftOf(stored)).toEqual({ thumbs: 'down', rating: 2, comment: 'Misses the date', correction: '', wrongSources: [1, 3] });
    expect(draftOf({ ...stored, withdrawn: true })).toEqual(draft());
    expect(draftOf(null)).toEqual(draft());
  });

  it('sends the whole state: trimmed texts, empty ones as null, sources unique and sorted', () => {
    const input = inputOf('m1', draft({ thumbs: 'up', comment: '  good  ', correction: '   ', wrongSources: [4, 2, 4] }));
    expect(input).toEqual({ messageId: 'm1', thumbs: 'up', rating: null, comment: 'good', correction: null, wrongSources: [2, 4] });
  });

  it('compares texts as they would be sent', () => {
    const saved = draftOf(stored);
    expect(isDirty({ ...saved, comment: 'Misses the date  ' }, saved)).toBe(false);
    expect(isDirty({ ...saved, comment: 'Misses the year' }, saved)).toBe(true);
    expect(isDirty({ ...saved, rating: 3 }, saved)).toBe(true);
    expect(isDirty(toggleWrongSource(saved, 1), saved)).toBe(true);
  });

  it('needs a thumb or a rating, and refuses texts over the limits', () => {
    expect(validateDraft(draft())).toEqual({ direction: true });
    expect(hasProblems(validateDraft(draft({ rating: 4 })))).toBe(false);
    const long = validateDraft(draft({ thumbs: 'up', comment: 'x'.repeat(5_001), correction: 'y'.repeat(20_001) }));
    expect(long.comment).toEqual({ max: 5_000 });
    expect(long.correction).toEqual({ max: 20_000 });
  });

  it('toggles a wrong-source mark on and off, keeping the numbers in order', () => {
    const once = toggleWrongSource(draft({ wrongSources: [1, 5] }), 3);
    expect(once.wrongSources).toEqual([1, 3, 5]);
    expect(toggleWrongSource(once, 1).wrongSources).toEqual([3, 5]);
  });

  it('a thumb click submits; clicking the pressed thumb withdraws unless a rating is left', () => {
    expect(clickThumb(draft(), 'down')).toEqual({ draft: draft({ thumbs: 'down' }), action: 'submit' });
    expect(clickThumb(draft({ thumbs: 'down' }), 'up').draft.thumbs).toBe('up');
    expect(clickThumb(draft({ thumbs: 'down', comment: 'kept' }), 'down')).toEqual({ draft: draft({ comment: 'kept' }), action: 'withdraw' });
    expect(clickThumb(draft({ thumbs: 'down', rating: 2 }), 'down').action).toBe('submit');
  });

  it('knows which sources a generative answer cites; an extractive one cites all it shows', () => {
    const sources = [1, 2, 3].map((n) => ({ n, documentId: 'd', title: 't', page: 1, score: 1, chunkId: `c${n}`, snippet: '' }));
    expect([...citedSources({ answer: 'A [1] and [3, 9].', mode: 'generative', sources })]).toEqual([1, 3]);
    expect([...citedSources({ answer: 'No citation [7].', mode: 'generative', sources })]).toEqual([]);
    expect([...citedSources({ answer: 'passages', mode: 'extractive', sources })]).toEqual([1, 2, 3]);
  });
});
