import { describe, expect, it } from 'vitest';
import { findQueryItems, foldForMatch, matchPassageItems } from './textLayerMatch';

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

describe('findQueryItems', () => {
  const items = ['ÉTAT ', 'CIVIL du gardien', 'Le gar', 'dien relève', 'les compteurs ; un autre gardien'];

  it('gives the items each occurrence covers, in page order, across runs and accents', () => {
    expect(findQueryItems(items, 'gardien')).toEqual([[1], [2, 3], [4]]);
    expect(findQueryItems(items, 'état civil')).toEqual([[0, 1]]);
  });

  it('finds nothing for an absent or empty query, and stops at the limit', () => {
    expect(findQueryItems(items, 'phare')).toEqual([]);
    expect(findQueryItems(items, ' ;; ')).toEqual([]);
    expect(findQueryItems(items, 'e', 2)).toHaveLength(2);
  });
});
