/**
 * The embedding cache on a real LanceDB library: a text already embedded by a model (in this
 * document, another document, or an earlier version) is never sent to the model again. The model here
 * is the deterministic hash embedder, which counts the texts it is asked to embed.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentRecord } from '../../../src-shared/domain';
import { embedWithCache } from '../../../src-main/core/embeddings/embedWithCache';
import { withPrefixes } from '../../../src-main/core/embeddings/prefixedEmbedder';
import { openLibraryStore, type LibraryStore } from '../../../src-main/core/store/libraryStore';
import type { StoredChunk } from '../../../src-main/core/store/schema';
import { createHashEmbedder } from '../retrieval/hashEmbedder';

let store: LibraryStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

function countingEmbedder(id = 'counting.gguf:1') {
  const inner = createHashEmbedder({ id });
  const seen: string[] = [];
  return {
    seen,
    embedder: withPrefixes({
      ...inner,
      embedDocuments: async (texts: string[]) => {
        seen.push(...texts);
        return inner.embedDocuments(texts);
      },
    }),
  };
}

function documentOf(id: string, chunks: number): DocumentRecord {
  const now = new Date().toISOString();
  return {
    id, collection: 'default', title: id, sourcePath: `${id}.txt`, storedPath: '', sha256: id, mime: 'text/plain', sizeBytes: 1,
    pages: 1, chunks, status: 'ready', error: null, ocrPages: 0, ocrMeanConfidence: null, lowConfidencePages: [], ocrMode: 'auto',
    validation: null, language: 'en', createdAt: now, updatedAt: now, chunkerSettings: '', embedder: '',
  };
}

function chunksOf(documentId: string, texts: string[]): StoredChunk[] {
  return texts.map((text, ordinal) => ({
    id: randomUUID(), documentId, collection: 'default', ordinal, text, ftsText: text, pageStart: 1, pageEnd: 1, headingPath: [],
    charStart: 0, charEnd: text.length, tokenCount: 1, blacklisted: false, whitelisted: false, satisfaction: null,
  }));
}

describe('embedding cache', () => {
  it('embeds each distinct text once per model, across documents and repeats', async () => {
    store = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-cache-')));
    const { embedder, seen } = countingEmbedder();

    const first = ['The lighthouse keeper logs every ship.', 'Storms close the harbour in winter.', 'The lighthouse keeper logs every ship.'];
    const a = await embedWithCache(first, embedder, store);
    expect(seen).toHaveLength(2); // the repeat inside the document is embedded once
    expect(a).toMatchObject({ embedded: 2, cached: 1 });
    expect(a.vectors[0]).toEqual(a.vectors[2]);
    const docA = chunksOf('a', first);
    await store.commitDocument(documentOf('a', 3), { pages: [{ page: 1, text: first.join('\n') }], chunks: docA, vectors: a }, { isNew: true });

    // A second document sharing one passage: only its new passage reaches the model.
    const second = ['Storms close the harbour in winter.', 'Fishermen mend their nets on the quay.'];
    const b = await embedWithCache(second, embedder, store);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBe('Fishermen mend their nets on the quay.');
    expect(b).toMatchObject({ embedded: 1, cached: 1 });
    expect(Array.from(b.vectors[0])).toEqual(Array.from(a.vectors[1]).map((x) => expect.closeTo(x, 6)));

    // Another model has its own cache: nothing is reused across models.
    const other = countingEmbedder('other.gguf:1');
    const c = await embedWithCache(second, other.embedder, store);
    expect(c).toMatchObject({ embedded: 2, cached: 0 });
  });

  it('keys on the text the model receives, prefix included', async () => {
    store = await openLibraryStore(mkdtempSync(join(tmpdir(), 'phare-cache-')));
    const inner = createHashEmbedder({ id: 'multilingual-e5-small.gguf:1' });
    const e5 = withPrefixes(inner);
    expect(e5.prefixes).toEqual({ query: 'query: ', document: 'passage: ' });
    const plain = withPrefixes(inner, { query: '', document: '' });
    const texts = ['Paris is the capital of France.'];
    const first = await embedWithCache(texts, e5, store);
    await store.commitDocument(documentOf('p', 1), { pages: [{ page: 1, text: texts[0] }], chunks: chunksOf('p', texts), vectors: first }, { isNew: true });
    expect((await embedWithCache(texts, e5, store)).cached).toBe(1);
    expect((await embedWithCache(texts, plain, store)).cached).toBe(0);
  });
});
