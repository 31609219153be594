import { describe, expect, it } from 'vitest';
import { createIngestedFacts } from '../../src-main/core/ingest/ingestedFacts';

const facts = (ocrPages: number) => ({ ocrPages, ocrMeanConfidence: ocrPages ? 91 : null, chunkLengths: [120, 80] });

describe('ingested facts', () => {
  it('are taken once, by document', () => {
    const board = createIngestedFacts();
    board.note('a', facts(0));
    board.note('b', facts(2));
    expect(board.take('b')).toEqual(facts(2));
    expect(board.take('b')).toBeNull();
    expect(board.take('a')).toEqual(facts(0));
    expect(board.take('unknown')).toBeNull();
  });

  it('keep the latest noted for a document, and drop the oldest past their bound', () => {
    const board = createIngestedFacts(2);
    board.note('a', facts(1));
    board.note('b', facts(1));
    board.note('a', facts(3));
    board.note('c', facts(1));
    expect(board.take('b')).toBeNull();
    expect(board.take('a')).toEqual(facts(3));
    expect(board.take('c')).toEqual(facts(1));
  });
});
