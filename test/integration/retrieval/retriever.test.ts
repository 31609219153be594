/**
 * Retrieval on a real LanceDB library: hybrid search (vectors + full text, fused) with a deterministic
 * test embedder, full text only without one, French and English in one library, query sanitising,
 * and what a search must never return (blacklisted chunks, documents not ready).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRetriever, OTHER_LANGUAGE_WEIGHT, type RankedList } from '../../../src-main/core/retrieval/retriever';
import type { LibraryStore, StoredChunkRecord } from '../../../src-main/core/store/libraryStore';
import { halfWrittenDocument, openTestLibrary, type TestLibrary } from '../ingest/library';
import { createHashEmbedder } from './hashEmbedder';

const DOCS: Record<string, string> = {
  'phares.txt': 'Les phares de Bretagne\n\nLe phare d’Ar-Men, construit en pleine mer entre 1867 et 1881, est surnommé l’enfer des enfers par les gardiens.\n\nLes gardiens se relayaient tous les quinze jours quand la mer le permettait.',
  'lighthouses.txt': 'Lighthouses of Scotland\n\nThe Bell Rock Lighthouse, built by Robert Stevenson between 1807 and 1810, is the oldest surviving sea-washed lighthouse.\n\nKeepers lived in the tower for weeks at a time.',
  'cuisine.md': '# Recettes\n\n## Crêpes\n\nMélangez la farine de sarrasin, l’eau et le sel, puis laissez reposer la pâte une nuit.',
  'gardening.md': '# Gardening\n\n## Tomatoes\n\nTomatoes need full sun, regular watering and a stake to climb on.',
};

describe('retrieval', () => {
  let lib: TestLibrary;
  const ids: Record<string, string> = {};
  const embedder = createHashEmbedder();

  beforeAll(async () => {
    lib = await openTestLibrary({ embedder });
    const paths = Object.entries(DOCS).map(([name, content]) => {
      const path = join(lib.dataDir, name);
      writeFileSync(path, content);
      return path;
    });
    const done = await lib.ingestPaths(paths);
    Object.keys(DOCS).forEach((name, i) => {
      expect(done.results[i].status).toBe('ready');
      ids[name] = done.results[i].documentId!;
    });
    expect(embedder.calls).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await lib?.close();
  });

  it('answers in hybrid mode by default when an embedder is configured, with title and page', async () => {
    const hits = await lib.retriever.search({ query: 'Qui a construit le phare d’Ar-Men en pleine mer ?', topK: 3 });
    expect(hits[0]).toMatchObject({ documentId: ids['phares.txt'], title: 'Les phares de Bretagne', page: 1, pageEnd: 1 });
    expect(hits[0].text).toContain('Ar-Men');
    expect(hits[0].score).toBeGreaterThan(0);
    // Scores are in decreasing order.
    for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
  });

  it('searches vectors alone and full text alone', async () => {
    const vector = await lib.retriever.search({ query: 'tomatoes watering sun', topK: 2, mode: 'vector' });
    expect(vector[0].documentId).toBe(ids['gardening.md']);
    const text = await lib.retriever.search({ query: 'Stevenson lighthouse', topK: 2, mode: 'fulltext' });
    expect(text[0].documentId).toBe(ids['lighthouses.txt']);
  });

  it('finds French and English documents with their own stemming in one library', async () => {
    // "gardien" (singular) must match "gardiens"; "keeper" must match "Keepers".
    const fr = await lib.retriever.search({ query: 'le gardien', topK: 1, mode: 'fulltext' });
    expect(fr[0].documentId).toBe(ids['phares.txt']);
    const en = await lib.retriever.search({ query: 'where did the keeper live', topK: 1, mode: 'fulltext' });
    expect(en[0].documentId).toBe(ids['lighthouses.txt']);
    // The title is indexed with each chunk: a chunk that never names its subject is found by it.
    const byTitle = await lib.retriever.search({ query: 'Recettes crêpes', topK: 1, mode: 'fulltext' });
    expect(byTitle[0].documentId).toBe(ids['cuisine.md']);
  });

  it('sanitises queries: quotes, operators and punctuation never throw', async () => {
    for (const query of ['"phare d’Ar-Men"', 'phare AND (mer OR "terre")', 'C++ / C# : ~^*?', '"', "l'enfer des enfers", 'NOT tomatoes -sun +stake']) {
      await expect(lib.retriever.search({ query, mode: 'fulltext' })).resolves.toBeInstanceOf(Array);
      await expect(lib.retriever.search({ query })).resolves.toBeInstanceOf(Array);
    }
    expect(await lib.retriever.search({ query: '?!… «»', mode: 'fulltext' })).toEqual([]);
    expect((await lib.retriever.search({ query: '"phare d’Ar-Men"', mode: 'fulltext' }))[0].documentId).toBe(ids['phares.txt']);
  });

  it('never returns blacklisted chunks', async () => {
    const [hit] = await lib.retriever.search({ query: 'farine de sarrasin', topK: 1 });
    expect(hit.documentId).toBe(ids['cuisine.md']);
    await lib.store.updateChunkFlags(hit.chunkId, { blacklisted: true });
    try {
      for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
        const hits = await lib.retriever.search({ query: 'farine de sarrasin', topK: 10, mode });
        expect(hits.map((h) => h.chunkId)).not.toContain(hit.chunkId);
      }
    } finally {
      await lib.store.updateChunkFlags(hit.chunkId, { blacklisted: false });
    }
    expect((await lib.retriever.search({ query: 'farine de sarrasin', topK: 1 }))[0].chunkId).toBe(hit.chunkId);
  });

  it('never returns chunks of a document that is not ready', async () => {
    const text = 'Le quokka inachevé attend son tour.';
    const { doc, chunk } = halfWrittenDocument('half-written', text);
    // Content written while the document says "processing": what an ingestion in progress looks like.
    await lib.store.putDocument(doc, { isNew: true });
    await lib.store.commitDocument(doc, { pages: [{ page: 1, text }], chunks: [chunk], vectors: { embedderId: embedder.id, dimension: embedder.dimension, vectors: await embedder.embedDocuments([text]) } });
    for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
      expect(await lib.retriever.search({ query: 'quokka inachevé', topK: 10, mode }).then((h) => h.map((x) => x.documentId))).not.toContain(doc.id);
    }
    await lib.store.putDocument({ ...doc, status: 'ready' });
    expect((await lib.retriever.search({ query: 'quokka inachevé', topK: 1, mode: 'fulltext' }))[0].documentId).toBe(doc.id);
    await lib.library.remove(doc.id);
  });

  it('keeps full text working without an embedder, and after the embedding model changes', async () => {
    const noEmbedder = createRetriever({ store: lib.store, getEmbedder: async () => null });
    const hits = await noEmbedder.search({ query: 'Bell Rock Lighthouse', topK: 1 });
    expect(hits[0].documentId).toBe(ids['lighthouses.txt']);
    await expect(noEmbedder.search({ query: 'Bell Rock', mode: 'vector' })).rejects.toMatchObject({ code: 'MODEL_NOT_LOADED', params: { role: 'embedding' } });

    // A model that fails to load degrades the default search to full text; asking for vectors reports it.
    const broken = createRetriever({ store: lib.store, getEmbedder: async () => Promise.reject(Object.assign(new Error('bad model'), { code: 'MODEL_INVALID' })) });
    expect((await broken.search({ query: 'Bell Rock Lighthouse', topK: 1 }))[0].documentId).toBe(ids['lighthouses.txt']);
    await expect(broken.search({ query: 'Bell Rock', mode: 'vector' })).rejects.toThrow('bad model');

    // Another model has its own vector table, empty here: hybrid falls back on its full-text half.
    const other = createHashEmbedder({ id: 'another-model', dimension: 32 });
    const changed = createRetriever({ store: lib.store, getEmbedder: async () => other });
    expect((await changed.search({ query: 'Bell Rock Lighthouse', topK: 1 }))[0].documentId).toBe(ids['lighthouses.txt']);
    expect(await changed.search({ query: 'Bell Rock Lighthouse', mode: 'vector' })).toEqual([]);
  });

  it('sends a question to each language\'s full-text index by its policy, with the weights fusion gives them', async () => {
    const listsOf = async (retriever: ReturnType<typeof createRetriever>, query: string, mode: 'hybrid' | 'fulltext' = 'fulltext') => {
      let seen: RankedList[] = [];
      await retriever.search({ query, mode, onLists: (lists) => (seen = lists) });
      return seen.map((l) => [l.source, l.weight]);
    };
    const fr = 'Qui a construit le phare en pleine mer et quand les gardiens se relayaient-ils ?';
    const en = 'Who built the lighthouse and where did the keepers live in the tower?';
    const und = 'Ar-Men';
    const getEmbedder = async () => embedder;
    // 'auto' (the default): both indices, the question's language at full weight, the other at half.
    expect(await listsOf(lib.retriever, fr)).toEqual([['fulltext:fr', 1], ['fulltext:en', OTHER_LANGUAGE_WEIGHT]]);
    expect(await listsOf(lib.retriever, en)).toEqual([['fulltext:fr', OTHER_LANGUAGE_WEIGHT], ['fulltext:en', 1]]);
    expect(await listsOf(lib.retriever, und)).toEqual([['fulltext:fr', 1], ['fulltext:en', 1]]);
    expect(await listsOf(lib.retriever, fr, 'hybrid')).toEqual([['fulltext:fr', 1], ['fulltext:en', OTHER_LANGUAGE_WEIGHT], ['vector', 1]]);
    const lighter = createRetriever({ store: lib.store, getEmbedder, options: { otherLanguageWeight: 0.25 } });
    expect(await listsOf(lighter, en)).toEqual([['fulltext:fr', 0.25], ['fulltext:en', 1]]);
    // 'detect': the question's language only (both when unclear); 'both': both at full weight; one language: that index.
    const detect = createRetriever({ store: lib.store, getEmbedder, options: { fullTextLanguages: 'detect' } });
    expect(await listsOf(detect, fr)).toEqual([['fulltext:fr', 1]]);
    expect(await listsOf(detect, en)).toEqual([['fulltext:en', 1]]);
    expect(await listsOf(detect, und)).toEqual([['fulltext:fr', 1], ['fulltext:en', 1]]);
    const both = createRetriever({ store: lib.store, getEmbedder, options: { fullTextLanguages: 'both', otherLanguageWeight: 0.25 } });
    expect(await listsOf(both, en)).toEqual([['fulltext:fr', 1], ['fulltext:en', 1]]);
    for (const only of ['fr', 'en'] as const) {
      const one = createRetriever({ store: lib.store, getEmbedder, options: { fullTextLanguages: only } });
      expect(await listsOf(one, fr)).toEqual([[`fulltext:${only}`, 1]]);
      expect(await listsOf(one, en)).toEqual([[`fulltext:${only}`, 1]]);
    }
  });

  it('gives each list\'s own scores and the chunks read for the results', async () => {
    let lists: RankedList[] = [];
    let chunks: StoredChunkRecord[] = [];
    const hits = await lib.retriever.search({ query: 'phare gardiens mer', topK: 3, onLists: (l) => (lists = l), onChunks: (c) => (chunks = c) });
    expect(hits.length).toBe(3);
    expect(chunks.map((c) => c.id)).toEqual(hits.map((h) => h.chunkId));
    expect(chunks.map((c) => c.text)).toEqual(hits.map((h) => h.text));
    const [french, , vectors] = lists;
    expect(french.chunkIds.length).toBeGreaterThan(0);
    expect(french.scores).toHaveLength(french.chunkIds.length);
    // BM25: higher is better; cosine distance: lower is closer.
    for (let i = 1; i < french.scores.length; i++) expect(french.scores[i]).toBeLessThanOrEqual(french.scores[i - 1]);
    expect(vectors.source).toBe('vector');
    expect(vectors.scores).toHaveLength(vectors.chunkIds.length);
    for (let i = 1; i < vectors.scores.length; i++) expect(vectors.scores[i]).toBeGreaterThanOrEqual(vectors.scores[i - 1]);
    // A list holds all its candidates, not only the results.
    expect(vectors.chunkIds.length).toBeGreaterThan(3);
  });

  it('never asks the embedding model for a full-text search', async () => {
    let asked = 0;
    const counting = createRetriever({ store: lib.store, getEmbedder: async () => (asked++, Promise.reject(new Error('bad model'))) });
    expect((await counting.search({ query: 'Bell Rock Lighthouse', topK: 1, mode: 'fulltext' }))[0].documentId).toBe(ids['lighthouses.txt']);
    expect(asked).toBe(0);
    await expect(counting.search({ query: 'Bell Rock Lighthouse', topK: 1, mode: 'hybrid' })).rejects.toThrow('bad model');
    expect(asked).toBe(1);
  });

  it('answers a question with no words only by vectors, which read the raw question', async () => {
    // Full text keeps letters and digits only; an embedding model reads the question as typed (this
    // one reads an anchor as "phare").
    const asked: string[] = [];
    const symbols = { ...embedder, embedQuery: (text: string) => (asked.push(text), embedder.embedQuery(text.replaceAll('⚓', 'phare gardiens'))) };
    const retriever = createRetriever({ store: lib.store, getEmbedder: async () => symbols });
    const vector = await retriever.search({ query: '⚓ ?', topK: 1, mode: 'vector' });
    expect(asked).toEqual(['⚓ ?']);
    expect(vector.map((h) => h.documentId)).toEqual([ids['phares.txt']]);
    // Hybrid (asked for, or by default) and full text: no words, no results, and no vector search either.
    for (const mode of ['hybrid', 'fulltext', undefined] as const) {
      expect(await retriever.search({ query: '⚓ ?', topK: 1, mode }), mode).toEqual([]);
    }
    expect(asked).toEqual(['⚓ ?']);
  });

  it('searches each index once per search, and none for a collection without a ready document', async () => {
    const calls = { fullText: 0, vectors: 0, reads: 0 };
    const counting: LibraryStore = {
      ...lib.store,
      searchFullText: (...args) => (calls.fullText++, lib.store.searchFullText(...args)),
      searchVectors: (...args) => (calls.vectors++, lib.store.searchVectors(...args)),
      getChunks: (...args) => (calls.reads++, lib.store.getChunks(...args)),
    };
    const retriever = createRetriever({ store: counting, getEmbedder: async () => embedder });
    // Every result's chunk is read at the first try: the search is not made a second time.
    expect(await retriever.search({ query: 'phare gardiens mer', topK: 3 })).toHaveLength(3);
    expect(calls).toEqual({ fullText: 2, vectors: 1, reads: 1 });
    // Nothing in the collection is ready: no index is asked, and no list is given.
    let lists: RankedList[] | null = null;
    expect(await retriever.search({ query: 'phare', collection: 'nothing-here', onLists: (l) => (lists = l) })).toEqual([]);
    expect(calls).toEqual({ fullText: 2, vectors: 1, reads: 1 });
    expect(lists).toBeNull();
  });

  it('honours topK and the collection filter', async () => {
    // Each of the four documents answers one of these words: exactly topK of them come back, in every mode.
    for (const mode of ['hybrid', 'fulltext', 'vector'] as const) {
      expect((await lib.retriever.search({ query: 'phare lighthouse tomatoes crêpes', topK: 2, mode })).length, mode).toBe(2);
      expect((await lib.retriever.search({ query: 'phare lighthouse tomatoes crêpes', topK: 3, mode })).length, mode).toBe(3);
    }
    expect(await lib.retriever.search({ query: 'phare', collection: 'nothing-here' })).toEqual([]);
    expect(await lib.retriever.search({ query: "phare' OR '1'='1", collection: "x' OR '1'='1" })).toEqual([]);
  });
});
