/**
 * Results of equal score come in id order, whatever order they were written in: the same question
 * gives the same list every time (LanceDB itself returns ties in the order its threads finish).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibraryStore } from '../../../src-main/core/store/libraryStore';
import { halfWrittenDocument } from '../ingest/library';

describe('equal scores', () => {
  it('come back ordered by chunk id in full-text and vector searches', async () => {
    const store = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-ties-')));
    try {
      const { doc, chunk } = halfWrittenDocument('ties', 'x');
      const text = 'Le phare de la côte rocheuse éclaire la baie.';
      // Written in descending id order, so the order of the rows on disk is the reverse of id order.
      const ids = Array.from({ length: 12 }, (_, i) => `chunk-${String(11 - i).padStart(2, '0')}`);
      const chunks = ids.map((id, i) => ({ ...chunk, id, ordinal: i, text, ftsText: text }));
      const vector = Float32Array.from([0.6, 0.8, 0, 0]);
      await store.putDocument(doc, { isNew: true });
      await store.commitDocument(
        { ...doc, status: 'ready', chunks: chunks.length },
        { pages: [{ page: 1, text }], chunks, vectors: { embedderId: 'ties', dimension: 4, vectors: chunks.map(() => vector) } },
      );
      await store.optimize();
      const sorted = [...ids].sort();

      const text1 = await store.searchFullText('phare côte rocheuse', 'fr', 12, {});
      expect(new Set(text1.map((h) => h.score)).size).toBe(1);
      expect(text1.map((h) => h.chunkId)).toEqual(sorted);

      const vectors = await store.searchVectors('ties', vector, 12, {});
      expect(vectors.map((h) => h.chunkId)).toEqual(sorted);
    } finally {
      await store.close();
    }
  });
});
