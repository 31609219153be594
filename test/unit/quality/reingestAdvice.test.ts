import { describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../src-shared/domain';
import type { Recommendation } from '../../../src-shared/quality';
import { computeReingestAdvice, describeReason } from '../../../src-main/core/quality/reingestAdvice';

function doc(id: string, over: Partial<DocumentRecord> = {}): DocumentRecord {
  return {
    id,
    collection: '',
    title: `Doc ${id}`,
    sourcePath: `${id}.pdf`,
    storedPath: `originals/${id}`,
    sha256: id,
    mime: 'application/pdf',
    sizeBytes: 1,
    pages: 10,
    chunks: 10,
    status: 'ready',
    error: null,
    ocrPages: 0,
    ocrMeanConfidence: null,
    lowConfidencePages: [],
    ocrMode: 'auto',
    validation: null,
    language: 'en',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    chunkerSettings: '{}',
    embedder: '',
    ...over,
  };
}

const score = (chunkId: string, documentId: string, value: number, votes = 3) => ({ chunkId, documentId, score: value, mean: value * 2 - 1, votes, weight: votes });
const base = { blacklisted: new Map<string, number>(), scores: [], minVotes: 3, threshold: 0.3, judgeAdvice: new Map<string, string[]>(), existing: [], chunkSize: 1200 };

describe('re-ingestion advice', () => {
  it('advises a document with many blacklisted or low-scored passages, and suggests smaller passages for the latter', () => {
    const advice = computeReingestAdvice({
      ...base,
      documents: [doc('a'), doc('b'), doc('c')],
      blacklisted: new Map([
        ['a', 2],
        ['c', 1],
      ]),
      scores: [score('b1', 'b', 0.1), score('b2', 'b', 0.2), score('b3', 'b', 0.9), score('c1', 'c', 0.1, 2)],
    });
    expect(advice.map((a) => [a.documentId, a.reasons.map((r) => r.code), a.suggested])).toEqual([
      ['a', ['blacklisted-share'], {}],
      ['b', ['low-score-share'], { chunkSize: 720 }],
    ]);
    expect(advice[1].sampleChunkIds).toEqual(['b1', 'b2']);
  });

  it('suggests OCR on every page for low-confidence OCR, failed checks and garbled passages', () => {
    const advice = computeReingestAdvice({
      ...base,
      documents: [
        doc('ocr', { ocrPages: 4, lowConfidencePages: [2] }),
        doc('checks', { validation: { ok: false, checkedAt: '', checks: [{ name: 'has-chunks', ok: false, detail: '' }] } }),
        doc('judge', { ocrPages: 2 }),
        doc('fine', { ocrPages: 8, lowConfidencePages: [1] }),
      ],
      judgeAdvice: new Map([['judge', ['j1']]]),
    });
    expect(advice.map((a) => [a.documentId, a.reasons[0].code, a.suggested.ocr])).toEqual([
      ['checks', 'validation-failed', 'always'],
      ['judge', 'judge-advice', 'always'],
      ['ocr', 'low-ocr-confidence', 'always'],
    ]);
    expect(describeReason(advice[2].reasons[0], 'fr')).toBe('1 pages sur 4 lues par OCR avec une confiance faible (pages 2)');
  });

  it('does not advise again about content already advised on, whatever became of the advice, nor documents not ready', () => {
    const existing = [{ documentId: 'a', createdAt: '2026-12-02T00:00:00.000Z' }] as Recommendation[];
    const input = { ...base, blacklisted: new Map([['a', 5]]), existing };
    expect(computeReingestAdvice({ ...input, documents: [doc('a')] })).toEqual([]);
    // Ingested again since: advised again.
    expect(computeReingestAdvice({ ...input, documents: [doc('a', { updatedAt: '2026-12-03T00:00:00.000Z' })] })).toHaveLength(1);
    expect(computeReingestAdvice({ ...base, blacklisted: new Map([['a', 5]]), documents: [doc('a', { status: 'processing' })] })).toEqual([]);
  });
});
