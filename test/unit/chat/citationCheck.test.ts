import { describe, expect, it } from 'vitest';
import { claimOf, splitAnswerSentences } from '../../../src-main/core/chat/citationCheck/answerSentences';
import { decideSupport } from '../../../src-main/core/chat/citationCheck/checkCitations';
import { contentStems, lexicalOverlap } from '../../../src-main/core/chat/citationCheck/contentWords';
import { parseVerdict } from '../../../src-main/core/chat/citationCheck/judge';
import { EMBEDDING_SUPPORT_THRESHOLD, LEXICAL_SUPPORT_THRESHOLD, LEXICAL_VERBATIM_THRESHOLD } from '../../../src-main/core/chat/citationCheck/thresholds';

describe('splitAnswerSentences', () => {
  it('cuts sentences, keeps their offsets and the numbers they cite', () => {
    const answer = 'Loops are traced [1]. They are compiled to machine code [2, 3]! Nothing else.';
    const sentences = splitAnswerSentences(answer, 'en');
    expect(sentences.map((s) => [s.text, s.cited])).toEqual([
      ['Loops are traced [1].', [1]],
      ['They are compiled to machine code [2, 3]!', [2, 3]],
      ['Nothing else.', []],
    ]);
    for (const s of sentences) expect(answer.slice(s.start, s.end)).toBe(s.text);
  });

  it('gives a marker after the full stop to the sentence it closes', () => {
    const sentences = splitAnswerSentences('Le traçage est rapide. [1] La compilation suit. [2][3]', 'fr');
    expect(sentences.map((s) => [s.text, s.cited])).toEqual([
      ['Le traçage est rapide. [1]', [1]],
      ['La compilation suit. [2][3]', [2, 3]],
    ]);
  });

  it('treats Markdown list items and lines as separate sentences', () => {
    const sentences = splitAnswerSentences('Two points:\n- first point [1]\n- second point [2]', 'en');
    expect(sentences.map((s) => s.cited)).toEqual([[], [1], [2]]);
    expect(sentences[1].claim).toBe('first point');
  });

  it('strips markers and decoration from the claim', () => {
    expect(claimOf('1. **Trace trees** grow [1] at `loop` headers [2].')).toBe('Trace trees grow at loop headers.');
  });
});

describe('contentStems and lexicalOverlap', () => {
  it('drops function words of both languages and meets word forms halfway', () => {
    expect([...contentStems('The compilation of the loops')]).toEqual([...contentStems('compiled loop')]);
    expect(contentStems('les élections présidentielles').has('elect')).toBe(true);
    expect(contentStems("l'avion et de la").size).toBe(1);
  });

  it('keeps numbers, which carry facts', () => {
    expect(contentStems('en 1998, 100 000 personnes').has('1998')).toBe(true);
  });

  it('measures the share of the claim found in the passage', () => {
    expect(lexicalOverlap('Denver won the Super Bowl', 'The Denver Broncos won Super Bowl 50.')).toBe(1);
    expect(lexicalOverlap('Denver won the Super Bowl', 'A recipe for apple pie.')).toBe(0);
    expect(lexicalOverlap('the of and', 'anything')).toBe(0);
  });
});

describe('parseVerdict', () => {
  it('reads yes and no in English and French, and nothing else', () => {
    expect(parseVerdict('Yes.')).toBe('yes');
    expect(parseVerdict(' oui, le passage')).toBe('yes');
    expect(parseVerdict('No')).toBe('no');
    expect(parseVerdict('Non.')).toBe('no');
    expect(parseVerdict('nonsense yesterday')).toBeNull();
    expect(parseVerdict('')).toBeNull();
  });
});

describe('decideSupport', () => {
  it('trusts near-verbatim text over the judge, the judge over the thresholds', () => {
    expect(decideSupport(0.95, null, 'no')).toBe(true);
    expect(decideSupport(0.6, null, 'no')).toBe(false);
    expect(decideSupport(0.1, null, 'yes')).toBe(true);
    expect(decideSupport(0.6, null, null)).toBe(true);
    expect(decideSupport(0.1, 0.95, null)).toBe(true);
    expect(decideSupport(0.1, 0.5, null)).toBe(false);
  });

  it('holds at each threshold itself, and a judge\'s no outweighs a high similarity', () => {
    expect(decideSupport(LEXICAL_VERBATIM_THRESHOLD, null, 'no')).toBe(true);
    expect(decideSupport(LEXICAL_SUPPORT_THRESHOLD, null, null)).toBe(true);
    expect(decideSupport(LEXICAL_SUPPORT_THRESHOLD - 0.01, null, null)).toBe(false);
    expect(decideSupport(0.1, EMBEDDING_SUPPORT_THRESHOLD, null)).toBe(true);
    expect(decideSupport(0.1, EMBEDDING_SUPPORT_THRESHOLD - 0.01, null)).toBe(false);
    expect(decideSupport(0.1, 0.99, 'no')).toBe(false);
    expect(decideSupport(0.6, 0.99, 'no')).toBe(false);
  });
});

describe('the judge\'s verdict', () => {
  it('is the first yes or no of the reply, in either language and any case', () => {
    expect(parseVerdict('NO, yes')).toBe('no');
    expect(parseVerdict('OUI')).toBe('yes');
    expect(parseVerdict('Well, yes; no doubt')).toBe('yes');
    expect(parseVerdict('non, oui')).toBe('no');
  });
});
