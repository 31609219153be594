/**
 * Feedback at the size the analysis run reads (10,000 answers rated, 20,000 versions): what the tables
 * hold comes back whole through allCurrent and the list, filters count exactly, and a service opened
 * again on the same folder sees it all. Rows are written through the feedback store (10,000 real
 * questions would take minutes); everything is read back through the service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerSnapshot } from '../../../src-shared/feedback';
import { openConversationStore, type ConversationStore } from '../../../src-main/core/conversations/conversationStore';
import { createEventBus } from '../../../src-main/core/eventBus';
import { createFeedbackService } from '../../../src-main/core/feedback/feedbackService';
import { openFeedbackStore, type FeedbackRow } from '../../../src-main/core/feedback/feedbackStore';
import { defaultSettings } from '../../../src-main/core/settings/defaultSettings';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';

const ANSWERS = 10_000;
const BATCH = 1_000;

let dataDir: string;
let library: LibraryStore;
let conversations: ConversationStore;

function snapshotOf(i: number): AnswerSnapshot {
  return {
    question: `Question ${i} about the lighthouse keeper's log?`,
    searchQuery: `lighthouse keeper log ${i}`,
    answer: `Answer ${i}: ${'the keeper wrote down every relief of the lantern [1] and the state of the lens [2]. '.repeat(12)}`,
    mode: 'generative',
    model: 'model.gguf',
    collection: i % 2 === 0 ? 'even' : null,
    language: i % 3 === 0 ? 'fr' : 'en',
    settings: { topK: 8, temperature: 0.2, maxTokens: 512, contextSize: 4096 },
    sources: Array.from({ length: 5 }, (_, n) => ({
      n: n + 1,
      documentId: `doc-${i % 97}`,
      title: `Document ${i % 97}`,
      page: n + 1,
      chunkIds: [`chunk-${i}-${n}a`, `chunk-${i}-${n}b`],
      cited: n < 2,
      rank: n + 1,
      snippet: `passage ${n + 1} of answer ${i}, as the answer showed it`,
    })),
    retrievedChunkIds: [`chunk-${i}-x`, `chunk-${i}-y`, `chunk-${i}-z`],
    answeredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    totalMs: 1234,
  };
}

function rowOf(i: number, version: number): FeedbackRow {
  const snapshot = snapshotOf(i);
  const rating = (i % 5) + 1;
  const at = new Date(Date.UTC(2026, 0, 2, 0, 0, i, version)).toISOString();
  return {
    id: `feedback-${i}`,
    messageId: `message-${i}`,
    conversationId: `conversation-${i % 50}`,
    version,
    thumbs: version === 1 ? 'up' : null,
    rating: version === 1 ? null : rating,
    comment: i % 10 === 0 ? `comment ${i}` : null,
    correction: null,
    wrongSources: [],
    withdrawn: false,
    withdrawnWith: null,
    needsAttention: version > 1 && rating <= 2,
    createdAt: new Date(Date.UTC(2026, 0, 2, 0, 0, i)).toISOString(),
    updatedAt: at,
    collection: snapshot.collection,
    question: snapshot.question,
    answerPreview: snapshot.answer.slice(0, 200),
    mode: snapshot.mode,
    model: snapshot.model,
    sourceCount: snapshot.sources.length,
    snapshot: JSON.stringify(snapshot),
  };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'phare-feedback-scale-'));
  library = await openLibraryStore(dataDir);
  conversations = await openConversationStore(library.dbPath);
  const store = await openFeedbackStore(library.dbPath);
  // Two versions of each: a thumbs up, then a rating.
  for (const version of [1, 2]) {
    for (let start = 0; start < ANSWERS; start += BATCH) {
      await store.put(Array.from({ length: BATCH }, (_, k) => rowOf(start + k, version)));
    }
  }
  await store.close();
});

afterAll(async () => {
  await conversations?.close();
  await library?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('10,000 feedbacks', () => {
  it('come back whole through allCurrent and the list, with exact filter counts', async () => {
    const feedback = await createFeedbackService({ dbPath: library.dbPath, conversations, events: createEventBus(), getSettings: () => defaultSettings({}), store: library });
    try {
      const all = await feedback.allCurrent();
      expect(all).toHaveLength(ANSWERS);
      expect(new Set(all.map((f) => f.messageId)).size).toBe(ANSWERS);
      expect(all.every((f) => f.version === 2 && f.thumbs === null && f.rating !== null)).toBe(true);
      // Most recent first: the last written answer leads.
      expect(all[0].messageId).toBe(`message-${ANSWERS - 1}`);
      const sample = all.find((f) => f.messageId === 'message-1234')!;
      expect(sample.snapshot).toEqual(snapshotOf(1234));
      expect(sample.rating).toBe((1234 % 5) + 1);

      expect(await feedback.list({})).toHaveLength(ANSWERS);
      expect(await feedback.list({ maxRating: 2 })).toHaveLength((ANSWERS / 5) * 2);
      expect(await feedback.list({ hasComment: true })).toHaveLength(ANSWERS / 10);
      expect(await feedback.list({ collection: 'even', minRating: 5 })).toHaveLength(ANSWERS / 10);
      expect(await feedback.list({ needsAttention: true, limit: 7 })).toHaveLength(7);
      expect((await feedback.history('message-42')).map((v) => [v.version, v.thumbs, v.rating])).toEqual([
        [1, 'up', null],
        [2, null, 3],
      ]);
    } finally {
      await feedback.close();
    }
  });
});
