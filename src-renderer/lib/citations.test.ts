import { describe, expect, it } from 'vitest';
import { splitCitations } from './citations';

describe('splitCitations', () => {
  const sources = new Set([1, 2, 3]);

  it('turns markers of real sources into citations', () => {
    expect(splitCitations('Loops are traced [1] and compiled [2].', sources)).toEqual([
      { kind: 'text', text: 'Loops are traced ' },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: ' and compiled ' },
      { kind: 'cite', n: 2 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves a number that refers to no source as plain text', () => {
    expect(splitCitations('See [7] and [0].', sources)).toEqual([{ kind: 'text', text: 'See [7] and [0].' }]);
  });

  it('splits grouped markers and keeps unknown numbers in a group as text', () => {
    expect(splitCitations('Both [1, 3] and [2; 9]', sources)).toEqual([
      { kind: 'text', text: 'Both ' },
      { kind: 'cite', n: 1 },
      { kind: 'cite', n: 3 },
      { kind: 'text', text: ' and ' },
      { kind: 'cite', n: 2 },
      { kind: 'text', text: '[9]' },
    ]);
  });

  it('does not treat other brackets as citations', () => {
    expect(splitCitations('an array [a] or [1a] or []', sources)).toEqual([{ kind: 'text', text: 'an array [a] or [1a] or []' }]);
  });

  it('handles an empty answer and an answer with no sources', () => {
    expect(splitCitations('', sources)).toEqual([]);
    expect(splitCitations('Text [1]', new Set())).toEqual([{ kind: 'text', text: 'Text [1]' }]);
  });
});
