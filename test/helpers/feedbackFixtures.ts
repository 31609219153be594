/** Feedback records built by hand, for tests of the quality loop that need exact votes on known chunks. */
import type { Feedback, FeedbackSource } from '../../src-shared/feedback';

export function feedbackSource(n: number, chunkIds: string[], over: Partial<FeedbackSource> = {}): FeedbackSource {
  return { n, documentId: 'd', title: 't', page: 1, chunkIds, cited: true, rank: n, snippet: '', ...over };
}

export function feedbackRecord(id: string, sources: FeedbackSource[], over: Partial<Feedback> = {}): Feedback {
  return {
    id,
    messageId: `m-${id}`,
    conversationId: 'c',
    version: 1,
    thumbs: null,
    rating: null,
    comment: null,
    correction: null,
    wrongSources: [],
    withdrawn: false,
    needsAttention: false,
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    snapshot: {
      question: `question ${id}`,
      searchQuery: `question ${id}`,
      answer: 'a',
      mode: 'extractive',
      model: null,
      collection: null,
      language: 'en',
      settings: { topK: 5, temperature: null, maxTokens: null, contextSize: null },
      sources,
      retrievedChunkIds: [],
      answeredAt: '2026-12-01T00:00:00.000Z',
      totalMs: 1,
    },
    ...over,
  };
}
