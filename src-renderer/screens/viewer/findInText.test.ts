import { describe, expect, it } from 'vitest';
import { findMatches } from './findInText';

const pages = [
  { page: 2, text: 'Le phare de l’Île Vierge.\nÉtat du PHARE :   bon.' },
  { page: 1, text: 'Un phare, deux phares.' },
  { page: 3, text: 'Nothing here.' },
];

const slices = (query: string) => findMatches(pages, query).map((m) => [m.page, pages.find((p) => p.page === m.page)!.text.slice(m.start, m.end)]);

describe('findMatches', () => {
  it('finds every occurrence, in page order, whatever the case', () => {
    expect(slices('phare')).toEqual([
      [1, 'phare'],
      [1, 'phare'],
      [2, 'phare'],
      [2, 'PHARE'],
    ]);
  });

  it('ignores accents both ways, and keeps the original characters in the match', () => {
    expect(slices('etat')).toEqual([[2, 'État']]);
    expect(slices('île')).toEqual([[2, 'Île']]);
    expect(slices('ile vierge')).toEqual([[2, 'Île Vierge']]);
  });

  it('treats a run of spaces or line breaks as one space', () => {
    expect(slices('vierge. état')).toEqual([[2, 'Vierge.\nÉtat']]);
    expect(slices('phare : bon')).toEqual([[2, 'PHARE :   bon']]);
  });

  it('finds nothing for an empty query or an absent word', () => {
    expect(findMatches(pages, '   ')).toEqual([]);
    expect(findMatches(pages, 'lanterne')).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(findMatches([{ page: 1, text: 'a'.repeat(50) }], 'a', 10)).toHaveLength(10);
  });
});
