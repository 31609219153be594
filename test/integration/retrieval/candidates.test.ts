/**
 * Searches leave blacklisted chunks out after the index answers, and read the text of the results
 * only: a blacklist never makes a list shorter than a prefilter would, many blacklisted chunks are
 * still never returned, and a fused result whose chunk cannot be read gives way to the next one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetriever } from '../../../src-main/core/retrieval/retriever';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import { TABLES, type StoredChunk } from '../../../src-main/core/store/schema';
import { halfWrittenDocument } from '../ingest/library';
import { createHashEmbedder } from './hashEmbedder';

const CHUNKS = 300;
const QUERY = 'phare côte rocheuse';

describe('search candidates', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-candidates-'));
  const embedder = createHashEmbedder();
  let store: LibraryStore;

  beforeAll(async () => {
    store = await openLibraryStore(dataDir);
    const { doc } = halfWrittenDocument('phares', '');
    const chunks: StoredChunk[] = Array.from({ length: CHUNKS }, (_, i) => {
      // Every chunk matches the query, with a varying number of repeats so BM25 ranks them apart.
      const text = `Le phare numéro ${i} éclaire la côte rocheuse. ${'Phare. '.repeat(1 + (i % 7))}Gardien ${i}.`;
      return {
        id: `chunk-${String(i).padStart(3, '0')}`, documentId: doc.id, collection: 'default', ordinal: i, text, ftsText: text, pageStart: 1, pageEnd: 1,
        headingPath: [], charStart: 0, charEnd: text.length, tokenCount: 12, blacklisted: false, whitelisted: false, satisfaction: null,
      };
    });
    const vectors = await embedder.embedDocuments(chunks.map((c) => c.text));
    await store.commitDocument({ ...doc, status: 'ready', chunks: CHUNKS }, { pages: [{ page: 1, text: '' }], chunks, vectors: { embedderId: embedder.id, dimension: embedder.dimension, vectors } }, { isNew: true });
    await store.optimize();
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a few blacklisted chunks are left out and the lists stay full', async () => {
    const before = await store.searchFullText(QUERY, 'fr', 30, {});
    expect(before).toHaveLength(30);
    const vector = await embedder.embedQuery(QUERY);
    const beforeVectors = await store.searchVectors(embedder.id, vector, 30, {});
    const banned = [...before.slice(0, 3).map((h) => h.chunkId), ...beforeVectors.slice(0, 3).map((h) => h.chunkId)];
    for (const id of banned) await store.updateChunkFlags(id, { blacklisted: true });
    try {
      const text = await store.searchFullText(QUERY, 'fr', 30, {});
      expect(text).toHaveLength(30);
      const vectors = await store.searchVectors(embedder.id, vector, 30, {});
      expect(vectors).toHaveLength(30);
      for (const hits of [text, vectors]) for (const id of banned) expect(hits.map((h) => h.chunkId)).not.toContain(id);

      const retriever = createRetriever({ store, getEmbedder: async () => embedder });
      for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
        const hits = await retriever.search({ query: QUERY, topK: 10, mode });
        expect(hits).toHaveLength(10);
        for (const id of banned) expect(hits.map((h) => h.chunkId)).not.toContain(id);
        expect(hits.every((h) => h.text.includes('phare'))).toBe(true);
      }
    } finally {
      for (const id of banned) await store.updateChunkFlags(id, { blacklisted: false });
    }
  });

  it('reading chunks by id leaves a blacklisted one out, unless asked for it', async () => {
    // A chunk blacklisted between a search's lists and the read of its results is not returned.
    const ids = ['chunk-010', 'chunk-011', 'chunk-012'];
    await store.updateChunkFlags('chunk-011', { blacklisted: true });
    try {
      expect((await store.getChunks(ids)).map((c) => c.id).sort()).toEqual(['chunk-010', 'chunk-012']);
      expect((await store.getChunks(ids, { includeBlacklisted: true })).map((c) => c.id).sort()).toEqual(ids);
    } finally {
      await store.updateChunkFlags('chunk-011', { blacklisted: false });
    }
    expect((await store.getChunks(ids)).map((c) => c.id).sort()).toEqual(ids);
  });

  it('takes enough candidates from each list for a large topK', async () => {
    // Every chunk matches: a topK past the minimum number of candidates is filled in every mode.
    const retriever = createRetriever({ store, getEmbedder: async () => embedder });
    for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
      const hits = await retriever.search({ query: QUERY, topK: 45, mode });
      expect(hits, mode).toHaveLength(45);
      expect(new Set(hits.map((h) => h.chunkId)).size, mode).toBe(45);
      // Best fused score first (the lists rank the chunks differently, so the fusion's own order is not this one).
      for (let i = 1; i < hits.length; i++) expect(hits[i].score, mode).toBeLessThanOrEqual(hits[i - 1].score);
    }
  });

  it('many blacklisted chunks are never returned either', async () => {
    const db = await lancedb.connect(join(dataDir, 'library.lance'));
    const chunks = await db.openTable(TABLES.chunks);
    // More than the store asks for in extra hits: the full-text search prefilters them instead.
    await chunks.update({ where: 'ordinal < 250', values: { blacklisted: true } });
    try {
      const text = await store.searchFullText(QUERY, 'fr', 100, {});
      expect(text).toHaveLength(CHUNKS - 250);
      const retriever = createRetriever({ store, getEmbedder: async () => embedder });
      for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
        const hits = await retriever.search({ query: QUERY, topK: 10, mode });
        expect(hits.length).toBeGreaterThan(0);
        expect(hits.every((h) => Number(h.chunkId.slice('chunk-'.length)) >= 250)).toBe(true);
      }
    } finally {
      await chunks.update({ where: 'ordinal < 250', values: { blacklisted: false } });
      chunks.close();
      db.close();
    }
  });

  it('a result whose chunk cannot be read is replaced by the next one', async () => {
    const full = createRetriever({ store, getEmbedder: async () => embedder });
    const expected = await full.search({ query: QUERY, topK: 6, mode: 'hybrid' });
    expect(expected).toHaveLength(6);
    const gone = expected[1].chunkId;
    // As when a chunk is blacklisted, or not written yet, between the search and the read of its text.
    const reads: number[] = [];
    const flaky: LibraryStore = {
      ...store,
      getChunks: async (ids, options) => {
        reads.push(ids.length);
        return (await store.getChunks(ids, options)).filter((c) => c.id !== gone);
      },
    };
    const hits = await createRetriever({ store: flaky, getEmbedder: async () => embedder }).search({ query: QUERY, topK: 6, mode: 'hybrid' });
    expect(hits.map((h) => h.chunkId)).toEqual([...expected.map((h) => h.chunkId).filter((id) => id !== gone), expect.any(String)]);
    expect(hits.map((h) => h.chunkId)).not.toContain(gone);
    // Only the results' text is read: six chunks, then one more for the missing one; and since one was
    // missing (a re-ingestion may have swapped the content meanwhile), the search is made once more.
    expect(reads).toEqual([6, 1, 6, 1]);
  });

  /** Writes a one-chunk document (its chunk, vector and row) and folds it into the full-text indices. */
  async function writeDocument(id: string, text: string, fields: { status: 'ready' | 'processing'; collection?: string }): Promise<string> {
    const { doc, chunk } = halfWrittenDocument(id, text);
    const collection = fields.collection ?? 'default';
    const written = { ...doc, status: fields.status, collection };
    await store.commitDocument(written, { pages: [{ page: 1, text }], chunks: [{ ...chunk, collection }], vectors: { embedderId: embedder.id, dimension: embedder.dimension, vectors: await embedder.embedDocuments([text]) } }, { isNew: true });
    await store.optimize();
    return chunk.id;
  }

  it('searches a collection in the index, so its chunks are not crowded out by other collections', async () => {
    // One chunk in another collection, a weaker match than any of the 300: unscoped, neither list
    // takes it among its candidates; scoped, the index searches only that collection.
    const notes = await writeDocument('notes', 'Un vieux phare abandonné sur une île lointaine du nord, visité en été par des oiseaux marins, des pêcheurs et quelques randonneurs curieux.', { status: 'ready', collection: 'notes' });
    try {
      expect((await store.searchFullText(QUERY, 'fr', 30, {})).map((h) => h.chunkId)).not.toContain(notes);
      expect((await store.searchVectors(embedder.id, await embedder.embedQuery(QUERY), 30, {})).map((h) => h.chunkId)).not.toContain(notes);
      const retriever = createRetriever({ store, getEmbedder: async () => embedder });
      for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
        const hits = await retriever.search({ query: QUERY, topK: 5, mode, collection: 'notes' });
        expect(hits.map((h) => h.chunkId), mode).toEqual([notes]);
        expect(hits[0].title, mode).toBe('notes');
      }
    } finally {
      await store.removeDocument('notes');
    }
  });

  it('returns only documents that were ready when the search read what is ready', async () => {
    // What is ready is read once, before the lists; a document written after that read (here, still
    // processing) is not among the ids the store leaves out, so the lists may name its chunk.
    const before = await store.visibility();
    const late = await writeDocument('late', `${'Phare côte rocheuse. '.repeat(6)}Gardien.`, { status: 'processing' });
    try {
      expect((await store.searchFullText(QUERY, 'fr', 30, { excludeDocumentIds: before.hidden })).map((h) => h.chunkId)).toContain(late);
      expect((await store.searchVectors(embedder.id, await embedder.embedQuery(QUERY), 30, { excludeDocumentIds: before.hidden })).map((h) => h.chunkId)).toContain(late);
      const stale: LibraryStore = { ...store, visibility: async () => before };
      const retriever = createRetriever({ store: stale, getEmbedder: async () => embedder });
      for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
        const hits = await retriever.search({ query: QUERY, topK: 10, mode });
        expect(hits, mode).toHaveLength(10);
        expect(hits.map((h) => h.chunkId), mode).not.toContain(late);
        expect(hits.every((h) => h.documentId === 'phares' && h.title === 'phares'), mode).toBe(true);
      }
    } finally {
      await store.removeDocument('late');
    }
  });
});
