/**
 * The snapshot's fallbacks, on answers the chat path cannot make here: a generated answer stored
 * without a citation check (its `[n]` markers are read), and an answer stored before traces were kept.
 */
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../../src-shared/domain';
import { buildAnswerSnapshot } from '../../../src-main/core/feedback/answerSnapshot';
import { csvCell } from '../../../src-main/core/export/csv';

function answerWith(text: string, sources = 4): Answer {
  return {
    requestId: 'r',
    question: 'Q?',
    answer: text,
    mode: 'generative',
    outcome: 'complete',
    sources: Array.from({ length: sources }, (_, i) => ({ n: i + 1, documentId: 'd', title: 'T', page: i + 1, score: 1, chunkId: `c${i + 1}`, snippet: `s${i + 1}` })),
    timings: { retrievalMs: 1, promptMs: 1, ttftMs: 1, generationMs: 1, totalMs: 42, tokens: 3, tokensPerSecond: 1 },
    model: 'm.gguf',
    citationCheck: null,
  };
}

const settings = { language: 'fr' as const, topK: 6 };

describe('buildAnswerSnapshot without a trace or a citation check', () => {
  it('reads [n], [1, 2] and [3; 1] markers, and falls back to each source’s own chunk and number', () => {
    const s = buildAnswerSnapshot({
      answer: answerWith('First [1, 2]. Then [2]; see also [3; 1]. Not [x] nor [12].'),
      trace: null,
      answeredAt: '2026-01-01T00:00:00.000Z',
      conversationCollection: 'rapports',
      settings,
    });
    expect(s.sources.map((x) => [x.n, x.cited, x.rank, x.chunkIds])).toEqual([
      [1, true, 1, ['c1']],
      [2, true, 2, ['c2']],
      [3, true, 3, ['c3']],
      [4, false, 4, ['c4']],
    ]);
    expect(s).toMatchObject({ collection: 'rapports', language: 'fr', model: 'm.gguf', totalMs: 42, retrievedChunkIds: [], searchQuery: 'Q?' });
    expect(s.settings).toEqual({ topK: 6, temperature: null, maxTokens: null, contextSize: null });
  });

  it('an extractive answer cites every source it lists', () => {
    const s = buildAnswerSnapshot({ answer: { ...answerWith('no markers', 3), mode: 'extractive' }, trace: null, answeredAt: 'x', conversationCollection: null, settings });
    expect(s.sources.map((x) => x.cited)).toEqual([true, true, true]);
    expect(s.model).toBeNull();
  });
});

describe('csvCell', () => {
  it('guards formulas and quotes per RFC 4180', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+33 1 23')).toBe("'+33 1 23");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=a,"b"')).toBe('"\'=a,""b"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
    expect(csvCell(false)).toBe('false');
  });
});
