import { describe, expect, it } from 'vitest';
import { answerWithoutCitations, answerWithSources } from './answerCopy';

const sources = [
  { n: 1, title: 'Rapport annuel', page: 3 },
  { n: 2, title: 'Notes', page: 12 },
];

describe('answerWithoutCitations', () => {
  it('takes out the markers that cite a source and tidies the spaces they leave', () => {
    expect(answerWithoutCitations('The lamp is lit at dusk [1]. It burns all night [1, 2], then stops [2].', sources)).toBe(
      'The lamp is lit at dusk. It burns all night, then stops.',
    );
  });
  it('keeps a bracketed number that cites nothing, and the lines of the answer', () => {
    expect(answerWithoutCitations('See [7] in the list [1].\n\nSecond paragraph [2] here.', sources)).toBe('See [7] in the list.\n\nSecond paragraph here.');
  });
  it('keeps French spacing before a colon', () => {
    expect(answerWithoutCitations('Deux règles [1] : allumer, surveiller.', sources)).toBe('Deux règles : allumer, surveiller.');
  });
});

describe('answerWithSources', () => {
  const labels = { heading: 'Sources', line: (s: { n: number; title: string; page: number }) => `[${s.n}] ${s.title}, p. ${s.page}` };
  it('keeps the markers and lists the sources after the answer', () => {
    expect(answerWithSources('Lit at dusk [1].', sources, labels)).toBe('Lit at dusk [1].\n\nSources\n[1] Rapport annuel, p. 3\n[2] Notes, p. 12');
  });
  it('is the answer alone when it has no source', () => {
    expect(answerWithSources(' Nothing found. ', [], labels)).toBe('Nothing found.');
  });
});
