import { describe, expect, it } from 'vitest';
import { foldForMatch, matchPassageItems } from './textLayerMatch';

describe('matchPassageItems', () => {
  const items = ['Running header  12', 'Trace trees are ', 'com-', 'piled for hot ', 'loops. The ﬁrst', ' trace is recorded', 'Another paragraph entirely.'];

  it('finds a cleaned passage in raw text-layer runs, hyphenation and ligatures included', () => {
    const passage = 'Trace trees are compiled for hot loops. The first trace is recorded';
    expect(matchPassageItems(items, passage)).toEqual([1, 2, 3, 4, 5]);
  });

  it('highlights from the top of the page when the passage began on an earlier page', () => {
    const passage = 'Words from the previous page that are not here at all. Trace trees are compiled for hot loops.';
    expect(matchPassageItems(items, passage, { continuesFrom: 'earlier-page', continuesTo: null })).toEqual([0, 1, 2, 3, 4]);
  });

  it('highlights a whole page in the middle of a passage, and nothing on an unrelated page', () => {
    expect(matchPassageItems(['Some', 'page'], 'unrelated words entirely', { continuesFrom: 'earlier-page', continuesTo: 'later-page' })).toEqual([0, 1]);
    expect(matchPassageItems(['Some', 'page'], 'unrelated words entirely')).toEqual([]);
  });

  it('folds accents, case and punctuation', () => {
    expect(foldForMatch('Élève, « déjà » vu !')).toBe('elevedejavu');
  });
});
