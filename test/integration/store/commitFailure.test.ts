/**
 * A document's content goes to three tables (pages, chunks, vectors) before its row says ready: when
 * one of those writes fails, what the others wrote is removed, the document never becomes ready, and
 * the documents already in the library are untouched.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibraryStore } from '../../../src-main/core/store/libraryStore';
import { halfWrittenDocument } from '../ingest/library';

const vectors = (dimension: number, count: number) => ({
  embedderId: 'test-embedder',
  dimension,
  vectors: Array.from({ length: count }, (_, i) => Float32Array.from({ length: dimension }, (_, j) => (i + j + 1) / dimension)),
});

describe('a document commit that fails half-way', () => {
  it('leaves neither pages nor chunks nor a ready row, and the library as it was', async () => {
    const store = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-commit-')));
    try {
      const kept = halfWrittenDocument('kept', 'Le pangolin reste dans la bibliothèque.');
      await store.putDocument(kept.doc, { isNew: true });
      await store.commitDocument({ ...kept.doc, status: 'ready' }, { pages: [{ page: 1, text: kept.chunk.text }], chunks: [kept.chunk], vectors: vectors(4, 1) });

      // A chunk the chunks table refuses (no id, which the table requires), written beside the document's
      // pages and vectors, which do go in first.
      const broken = halfWrittenDocument('broken', 'Le tatou ne doit jamais apparaître.');
      const badChunk = { ...broken.chunk, id: null as unknown as string };
      await store.putDocument(broken.doc, { isNew: true });
      await expect(
        store.commitDocument({ ...broken.doc, status: 'ready' }, { pages: [{ page: 1, text: broken.chunk.text }], chunks: [badChunk], vectors: vectors(4, 1) }),
      ).rejects.toThrow();
      expect(await store.vectorStats('test-embedder', 'broken')).toMatchObject({ count: 0 });

      expect(await store.getPages('broken')).toEqual([]);
      expect(await store.listChunks('broken')).toEqual([]);
      expect((await store.getDocument('broken'))?.status).not.toBe('ready');
      expect((await store.getDocument('kept'))?.status).toBe('ready');
      expect((await store.listChunks('kept')).map((c) => c.text)).toEqual([kept.chunk.text]);
      expect(await store.getPages('kept')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
