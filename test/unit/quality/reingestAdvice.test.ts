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

  it('advises at the thresholds themselves, with the figures as reasons, and never below a passage size of 300', () => {
    const advice = computeReingestAdvice({
      ...base,
      chunkSize: 400,
      documents: [doc('edge', { chunks: 10, ocrPages: 8, lowConfidencePages: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] })],
      // 2 of 10 blacklisted (20 %), 2 of 4 scored low (50 %), 11 of 8 OCR'd pages low (the list cut at 10).
      blacklisted: new Map([['edge', 2]]),
      scores: [score('e1', 'edge', 0.29), score('e2', 'edge', 0.1), score('e3', 'edge', 0.3), score('e4', 'edge', 0.8)],
    });
    expect(advice).toEqual([
      {
        documentId: 'edge',
        documentTitle: 'Doc edge',
        reasons: [
          { code: 'blacklisted-share', params: { blacklisted: 2, chunks: 10, share: 0.2 } },
          { code: 'low-score-share', params: { low: 2, scored: 4, share: 0.5 } },
          { code: 'low-ocr-confidence', params: { pages: 11, ocrPages: 8, list: '1, 2, 3, 4, 5, 6, 7, 8, 9, 10' } },
        ],
        suggested: { chunkSize: 300, ocr: 'always' },
        sampleChunkIds: ['e2', 'e1'],
      },
    ]);
  });

  it('does not advise just below the thresholds', () => {
    const advice = computeReingestAdvice({
      ...base,
      documents: [doc('below', { chunks: 11, ocrPages: 5, lowConfidencePages: [1] })],
      // 2 of 11 blacklisted (18 %), 2 of 5 scored low (40 %), 1 of 5 OCR'd pages low (20 %).
      blacklisted: new Map([['below', 2]]),
      scores: [score('l1', 'below', 0.1), score('l2', 'below', 0.1), score('h1', 'below', 0.5), score('h2', 'below', 0.5), score('h3', 'below', 0.5)],
    });
    expect(advice).toEqual([]);
  });

  it('suggests OCR only where it changes something, and samples the garbled passages first, three at most', () => {
    const advice = computeReingestAdvice({
      ...base,
      documents: [
        doc('always', { ocrPages: 4, lowConfidencePages: [1, 2], ocrMode: 'always' }),
        doc('findable', { validation: { ok: false, checkedAt: '', checks: [{ name: 'has-chunks', ok: true, detail: '' }, { name: 'findable', ok: false, detail: '' }] } }),
        doc('text', { ocrPages: 0 }),
        doc('empty', { validation: { ok: false, checkedAt: '', checks: [{ name: 'no-empty-chunks', ok: false, detail: '' }] } }),
      ],
      judgeAdvice: new Map([['text', ['t3', 't9']]]),
      scores: [score('t1', 'text', 0.2), score('t2', 'text', 0.1), score('t3', 'text', 0.05), score('t4', 'text', 0.9)],
    });
    expect(advice.map((a) => [a.documentId, a.reasons.map((r) => [r.code, r.params]), a.suggested, a.sampleChunkIds])).toEqual([
      ['always', [['low-ocr-confidence', { pages: 2, ocrPages: 4, list: '1, 2' }]], {}, []],
      ['empty', [['validation-failed', { checks: 'no-empty-chunks' }]], { ocr: 'always' }, []],
      ['findable', [['validation-failed', { checks: 'findable' }]], {}, []],
      [
        'text',
        [
          ['low-score-share', { low: 3, scored: 4, share: 0.75 }],
          ['judge-advice', { chunks: 2 }],
        ],
        { chunkSize: 720 },
        ['t3', 't9', 't2'],
      ],
    ]);
  });

  it('needs two passages behind a share, and counts only scores with enough votes', () => {
    const advice = computeReingestAdvice({
      ...base,
      // One blacklisted passage of two, one low score of one: half and all, but one bad passage is no pattern.
      documents: [doc('one', { chunks: 2 }), doc('few-votes')],
      blacklisted: new Map([['one', 1]]),
      scores: [score('o1', 'one', 0.1), score('f1', 'few-votes', 0.1, 2), score('f2', 'few-votes', 0.1, 2), score('f3', 'few-votes', 0.9)],
    });
    expect(advice).toEqual([]);
  });

  it('names every failed check, and suggests nothing new to a document already read by OCR on every page', () => {
    const advice = computeReingestAdvice({
      ...base,
      documents: [
        doc('checks', { validation: { ok: false, checkedAt: '', checks: [{ name: 'findable', ok: false, detail: '' }, { name: 'vector-dimension', ok: false, detail: '' }] } }),
        doc('ocr-always', { ocrPages: 3, ocrMode: 'always' }),
      ],
      judgeAdvice: new Map([['ocr-always', ['x1']]]),
    });
    expect(advice.map((a) => [a.documentId, a.reasons, a.suggested])).toEqual([
      ['checks', [{ code: 'validation-failed', params: { checks: 'findable, vector-dimension' } }], {}],
      ['ocr-always', [{ code: 'judge-advice', params: { chunks: 1 } }], {}],
    ]);
  });

  it('takes the latest of several recommendations about a document', () => {
    const existing = [
      { documentId: 'a', createdAt: '2026-12-04T00:00:00.000Z' },
      { documentId: 'a', createdAt: '2026-12-02T00:00:00.000Z' },
    ] as Recommendation[];
    const documents = [doc('a', { updatedAt: '2026-12-03T00:00:00.000Z' })];
    expect(computeReingestAdvice({ ...base, blacklisted: new Map([['a', 5]]), existing, documents })).toEqual([]);
    expect(computeReingestAdvice({ ...base, blacklisted: new Map([['a', 5]]), existing: [...existing].reverse(), documents })).toEqual([]);
    // Advised at the very time of its last ingestion: about its current content.
    const same = [{ documentId: 'a', createdAt: '2026-12-03T00:00:00.000Z' }] as Recommendation[];
    expect(computeReingestAdvice({ ...base, blacklisted: new Map([['a', 5]]), existing: same, documents })).toEqual([]);
  });

  it('phrases every reason in English and in French', () => {
    const reasons = [
      { code: 'blacklisted-share', params: { blacklisted: 3, chunks: 10, share: 0.3 } },
      { code: 'low-score-share', params: { low: 4, scored: 5, share: 0.8 } },
      { code: 'low-ocr-confidence', params: { pages: 2, ocrPages: 6, list: '1, 4' } },
      { code: 'validation-failed', params: { checks: 'has-chunks, findable' } },
      { code: 'judge-advice', params: { chunks: 2 } },
    ] as const;
    expect(reasons.map((r) => describeReason(r, 'en'))).toEqual([
      '3 of 10 passages are blacklisted (30 %)',
      '4 of 5 rated passages score low (80 %)',
      "2 of 6 OCR'd pages read with low confidence (pages 1, 4)",
      'post-ingestion checks failed: has-chunks, findable',
      'the judge found 2 passage(s) with garbled text',
    ]);
    expect(reasons.map((r) => describeReason(r, 'fr'))).toEqual([
      '3 passages sur 10 sont écartés (30 %)',
      '4 passages notés sur 5 ont un score bas (80 %)',
      '2 pages sur 6 lues par OCR avec une confiance faible (pages 1, 4)',
      'contrôles après ingestion en échec : has-chunks, findable',
      'le juge trouve 2 passage(s) au texte abîmé',
    ]);
  });
});
