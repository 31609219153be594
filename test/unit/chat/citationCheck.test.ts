import { describe, expect, it } from 'vitest';
import { citedNumbers, claimOf, splitAnswerSentences } from '../../../src-main/core/chat/citationCheck/answerSentences';
import { decideSupport } from '../../../src-main/core/chat/citationCheck/checkCitations';
import { contentStems, fold, lexicalOverlap, stem } from '../../../src-main/core/chat/citationCheck/contentWords';
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

  it('gives the previous sentence every form of marker that follows its full stop', () => {
    const sentences = splitAnswerSentences('Claim one. [12, 13] Claim two. [4,5] Claim three. [6 , 7] [8] Last.', 'en');
    expect(sentences.map((s) => [s.text, s.cited])).toEqual([
      ['Claim one. [12, 13]', [12, 13]],
      ['Claim two. [4,5]', [4, 5]],
      ['Claim three. [6 , 7] [8]', [6, 7, 8]],
      ['Last.', []],
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

  it('strips every kind of list item and heading mark, and folds the spaces before punctuation', () => {
    expect(claimOf('## Heading [1]')).toBe('Heading');
    expect(claimOf('+ plus  item')).toBe('plus item');
    expect(claimOf('10) tenth item')).toBe('tenth item');
    expect(claimOf('> quoted _text_ here , yes !')).toBe('quoted text here, yes!');
  });

  it('takes a list mark only at the start of the claim, and keeps apart the words a marker or a decoration joins', () => {
    expect(claimOf('Built in 1998. Then - more')).toBe('Built in 1998. Then - more');
    expect(claimOf('C++ compiles loops')).toBe('C++ compiles loops');
    expect(claimOf('the max_tokens setting')).toBe('the max tokens setting');
    expect(claimOf('traced[1]loops')).toBe('traced loops');
  });

  it('reads every marker form, numbers of several digits, once each in order', () => {
    expect(citedNumbers('see [12] and [1; 2] and [3, 4,5] then [2] again')).toEqual([12, 1, 2, 3, 4, 5]);
    expect(citedNumbers('no [marker] here, nor [1234]')).toEqual([]);
    expect(citedNumbers('[6 , 7] [1, 23]')).toEqual([6, 7, 1, 23]);
  });

  it('keeps a marker that opens a line with its sentence, numbers the sentences, and skips blank lines and spaces', () => {
    const answer = '[1] Opens the line. Then more [2].\n\n  Indented claim  [3]\n';
    const sentences = splitAnswerSentences(answer, 'en');
    expect(sentences.map((s) => [s.index, s.text, s.start, s.cited])).toEqual([
      [0, '[1] Opens the line.', 0, [1]],
      [1, 'Then more [2].', 20, [2]],
      [2, 'Indented claim  [3]', 38, [3]],
    ]);
    for (const s of sentences) expect(answer.slice(s.start, s.end)).toBe(s.text);
    expect(sentences[1].claim).toBe('Then more.');
    // A line of spaces is no sentence.
    expect(splitAnswerSentences('One.\n   \nTwo.', 'en').map((s) => s.text)).toEqual(['One.', 'Two.']);
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
    // A number keeps its separators' digits together, as one stem, and is not stemmed as a word.
    expect([...contentStems('1,000,000 et 3.14159 ou 100 000')]).toEqual(['1000000', '314159', '100', '000']);
  });

  it('drops the function words of every part of both lists', () => {
    const functionWords =
      'about under which whose should would their theirs between without ' +
      'dans avec chez leurs moins étaient toutes lesquels pendant peuvent celles';
    expect([...contentStems(functionWords)]).toEqual([]);
  });

  it('keeps words of three letters, drops shorter ones, and cuts off elided articles only', () => {
    expect([...contentStems('war fog ox')]).toEqual(['war', 'fog']);
    expect([...contentStems("aujourd'hui qu’il l’avion")]).toEqual(['aujourd', 'hui', 'avion']);
    expect(contentStems('').size).toBe(0);
    expect(contentStems('?! --').size).toBe(0);
  });

  it('folds accents and case', () => {
    expect(fold('Élections PRÉSIDENTIELLES à Noël')).toBe('elections presidentielles a noel');
  });

  it('strips one ending, the longest listed first, only when four letters remain, and caps the stem', () => {
    const stems = Object.fromEntries(
      ['loop', 'loops', 'seas', 'nationalities', 'nationaux', 'gouvernements', 'surprisingly', 'dangereuses', 'studied', 'quickly'].map((w) => [w, stem(w)]),
    );
    expect(stems).toEqual({
      loop: 'loop',
      loops: 'loop',
      seas: 'seas',
      nationalities: 'nationa',
      nationaux: 'nation',
      gouvernements: 'gouvern',
      surprisingly: 'surpris',
      dangereuses: 'danger',
      studied: 'stud',
      quickly: 'quick',
    });
  });

  it('measures the share of the claim found in the passage', () => {
    expect(lexicalOverlap('Denver won the Super Bowl', 'The Denver Broncos won Super Bowl 50.')).toBe(1);
    expect(lexicalOverlap('Denver won the Super Bowl', 'A recipe for apple pie.')).toBe(0);
    expect(lexicalOverlap('the of and', 'anything')).toBe(0);
    expect(lexicalOverlap('Denver won the Super Bowl', 'Denver played')).toBe(0.25);
    expect(lexicalOverlap('Denver won the Super Bowl', contentStems('Denver won a bowl of soup'))).toBe(0.75);
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
